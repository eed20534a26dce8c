-- The 7-day back-test per Monday, expected beside actual: what the chart
-- of the 7-day back-test draws (the table itself is the backtest rows of
-- 7 days, in JSON only).
-- key: backtest_7
-- title: 7天预测回测 7-day back-test
-- shape: rows
-- hidden: yes
-- columns: date text 周一 Monday | expected real 预计 expected | actual int 实际 actual
-- chart: backtest_7 backtest.gp date,expected,actual 7天预测回测:预计与实际 7-day forecast against what happened
SELECT anchor AS date, expected, actual
FROM temp.forecast_expected
WHERE backtest AND mondays >= 4 AND days = 7
ORDER BY anchor;
