-- The follow-up plan, customer by customer: one salesperson after another
-- (a printed page each), the already overdue first, then by due date.
-- key: rows
-- file: plan
-- title: 下周跟踪回访计划 Follow-up plan
-- shape: rows
-- paged: yes
-- columns: salesperson text 销售顾问 salesperson | customer text 客户 customer | phone phone 电话 phone | grade text 级别 grade | purpose text 追踪目的 purpose | model text 车型 model | last_contact text 最近联系 last contact | due text 应跟进日 due | overdue_days int 逾期天数 days overdue | store text ?门店 store
SELECT salesperson, customer, phone, grade, purpose, model, last_contact, due, overdue_days, store
FROM temp.followup_plan f
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = f.store AND so.salesperson = f.salesperson),
         due, rank, customer_key;
