-- The forecast's back-test (DOMAIN.md 7.6): for every Monday m with
-- as-of - 91 <= m <= as-of - h that has at least 4 calibration Mondays of
-- its own, the buyers expected in (m, m + h] from what was known on m,
-- beside the buyers there were.
-- key: backtest
-- title: 预测回测 Back-test of the forecast
-- shape: rows
-- columns: date text 周一 Monday | days int 天数 days | expected real 预计 expected | actual int 实际 actual | error real 误差 error
SELECT anchor AS date, days, expected, actual, expected - actual AS error
FROM temp.forecast_expected
WHERE backtest AND mondays >= 4
ORDER BY days, anchor;
