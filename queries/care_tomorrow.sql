-- The daily report's after-sales care (DOMAIN.md 7.10, 7.13): steps not
-- done as of the day whose window ends today or tomorrow, as the day's
-- follow-ups due by tomorrow are counted: the calls to make before they are
-- overdue.
-- key: care_due
-- title: 明日到期的交车后回访 After-sales care due by tomorrow
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | customer text 客户 customer | phone phone 电话 phone | delivered text 交车日 delivered | step text - | step_label text 回访 step | window_end text 截止日 window ends | store text ?门店 store
SELECT salesperson, customer, phone, delivered, step, label AS step_label, window_end, store
FROM temp.care_steps
WHERE NOT done AND window_end >= :as_of AND window_end <= date(:as_of, '+1 day')
  AND (:salesperson IS NULL OR salesperson = :salesperson)
ORDER BY salesperson, store, window_end, rank, customer_key;
