-- After-sales care steps overdue (DOMAIN.md 7.13): windows that closed
-- undone in the 90 days to the date, that is whose last day is from D - 90
-- to D - 1. Per owner, then by the window's last day.
-- key: overdue
-- title: 交车后回访逾期 After-sales care overdue
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | customer text 客户 customer | phone phone 电话 phone | delivered text 交车日 delivered | step text - | step_label text 回访 step | window_end text 截止日 window ended | store text ?门店 store
SELECT salesperson, customer, phone, delivered, step, label AS step_label, window_end, store
FROM temp.care_steps s
WHERE NOT done AND window_end < :as_of AND window_end >= date(:as_of, '-90 days')
  AND (:salesperson IS NULL OR salesperson = :salesperson)
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = s.store AND so.salesperson = s.salesperson),
         window_end, rank, customer_key;
