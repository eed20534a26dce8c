-- Customers overdue for a follow-up as of the audit date, most overdue first.
-- key: overdue_list
-- title: 逾期未跟进客户 Overdue follow-ups
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | customer text 客户 customer | phone phone 电话 phone | grade text 级别 grade | last_contact text 最近联系 last contact | due text 应跟进日 due | days_overdue int 逾期天数 days overdue
SELECT g.owner AS salesperson, coalesce(g.name, '') AS customer, g.phone, g.grade,
       g.last_day AS last_contact, g.next_due AS due, g.days_overdue
FROM grades g
JOIN temp.grade_list l ON l.name = g.grade
WHERE g.as_of = :as_of AND g.state = 'pipeline' AND g.days_overdue > 0
  AND (:salesperson IS NULL OR g.owner = :salesperson)
ORDER BY g.days_overdue DESC, l.rank, g.owner, g.customer_key;
