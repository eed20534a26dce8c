-- After-sales care done per owner (DOMAIN.md 7.13): of the steps whose
-- windows closed in the 90 days to the date (last day from D - 90 to
-- D - 1), how many had a contact in the window, and that share.
-- key: by_owner
-- title: 交车后回访完成率(截至日前90天内到期) After-sales care done by salesperson, steps due in the 90 days before the as-of date
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | steps int 应回访 steps | done int 已回访 done | share rate 完成率 share done | store text ?门店 store
SELECT salesperson, count(*) AS steps, sum(done) AS done, avg(done) AS share, store
FROM temp.care_steps s
WHERE window_end < :as_of AND window_end >= date(:as_of, '-90 days')
  AND (:salesperson IS NULL OR salesperson = :salesperson)
GROUP BY store, salesperson
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = s.store AND so.salesperson = s.salesperson);
