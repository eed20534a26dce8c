-- After-sales care steps due (DOMAIN.md 7.13): not done as of the date and
-- whose window has not closed (it ends on the date or later) but ends
-- within the week after it (by D + 7). A step whose window opens after the
-- date (delivered on it or the day before) is listed too: the week's
-- calls to make. Per owner, then by the window's last day.
-- key: due
-- title: 交车后待回访 After-sales care due
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | customer text 客户 customer | phone phone 电话 phone | delivered text 交车日 delivered | step text - | step_label text 回访 step | window_end text 截止日 window ends | store text ?门店 store
SELECT salesperson, customer, phone, delivered, step, label AS step_label, window_end, store
FROM temp.care_steps s
WHERE NOT done AND window_end >= :as_of AND window_end <= date(:as_of, '+7 days')
  AND (:salesperson IS NULL OR salesperson = :salesperson)
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = s.store AND so.salesperson = s.salesperson),
         window_end, rank, customer_key;
