-- The 30-day back-test per Monday, expected beside actual: what the chart
-- of the 30-day back-test draws (the table itself is the backtest rows of
-- 30 days, in JSON only).
-- key: backtest_30
-- title: 30天预测回测 30-day back-test
-- shape: rows
-- hidden: yes
-- columns: date text 周一 Monday | expected real 预计 expected | actual int 实际 actual
-- chart: backtest_30 backtest.gp date,expected,actual 30天预测回测:预计与实际 30-day forecast against what happened
SELECT anchor AS date, expected, actual
FROM temp.forecast_expected
WHERE backtest AND mondays >= 4 AND days = 30
ORDER BY anchor;
