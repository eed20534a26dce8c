-- The forecast's rates by grade (DOMAIN.md 7.6): customers of each grade
-- other than O as of the as-of date, and per horizon the share of the
-- calibration samples of that grade that bought within it; a rate from
-- fewer than 20 samples is marked as few.
-- key: forecast_by_grade
-- title: 各级别成交率 Rates by grade
-- shape: rows
-- columns: grade text 级别 grade | label text 说明 meaning | customers int 当前客户 customers | rate_7 rate 7天成交率 7-day rate | samples_7 int 7天样本 samples | rate_30 rate 30天成交率 30-day rate | samples_30 int 30天样本 samples | few text 样本少 few samples
SELECT w.grade, w.label, w.customers,
       w.rate AS rate_7, w.samples AS samples_7,
       m.rate AS rate_30, m.samples AS samples_30,
       CASE
           WHEN w.samples < 20 AND m.samples < 20 THEN '7天, 30天 (<20)'
           WHEN w.samples < 20 THEN '7天 (<20)'
           WHEN m.samples < 20 THEN '30天 (<20)'
       END AS few
FROM temp.forecast_rates w
JOIN temp.forecast_rates m ON m.anchor = w.anchor AND m.grade = w.grade AND m.days = 30
WHERE w.anchor = :as_of AND w.days = 7
ORDER BY w.rank;
