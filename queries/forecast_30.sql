-- The 30-day forecast for the monthly pack (DOMAIN.md 7.6): per grade other
-- than O the customers as of the as-of date, the grade's 30-day rate and
-- samples (few under 20), and the buyers they are expected to give; then the walk-ins and
-- the total (none without a calibration Monday). Its back-test is the
-- chart backtest_30 and the scalars of forecast_accuracy.sql.
-- key: forecast_30
-- title: 未来30天预计成交 Expected buyers in the next 30 days
-- shape: rows
-- columns: grade text 级别 grade | label text 说明 meaning | customers int 当前客户 customers | rate rate 30天成交率 30-day rate | samples int 样本 samples | few text 样本少 few samples | expected real 预计成交 expected buyers
SELECT grade, label, customers, rate, samples,
       CASE WHEN samples < 20 THEN '<20' END AS few,
       CASE WHEN e.mondays > 0 THEN customers * rate END AS expected
FROM temp.forecast_rates r
JOIN temp.forecast_expected e ON e.anchor = r.anchor AND e.days = r.days
WHERE r.anchor = :as_of AND r.days = 30
UNION ALL
SELECT '新客', '新客当期成交 walk-ins', NULL, NULL, NULL, NULL, walk_in
FROM temp.forecast_expected
WHERE anchor = :as_of AND days = 30
UNION ALL
SELECT '合计', '合计 total', NULL, NULL, NULL, NULL, expected
FROM temp.forecast_expected
WHERE anchor = :as_of AND days = 30;
