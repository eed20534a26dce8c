-- The follow-up plan per salesperson (owner): customers due in the week, and
-- of them those already overdue when it starts.
-- key: by_owner
-- title: 下周跟踪回访汇总 Follow-ups due next week by salesperson
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | due int 应跟进 due | overdue int 其中已逾期 already overdue | store text ?门店 store
SELECT salesperson, count(*) AS due, sum(overdue_days > 0) AS overdue, store
FROM temp.followup_plan f
GROUP BY store, salesperson
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = f.store AND so.salesperson = f.salesperson);
