-- The back-test's error per horizon, for people (the JSON has it as the
-- scalars of forecast_accuracy.sql): the back-test Mondays, the mean
-- absolute error and the bias (above 0: the forecast promised too much),
-- or "not enough history" without a back-test Monday.
-- key: backtest_error
-- title: 回测误差 Back-test error
-- shape: rows
-- columns: days int 天数 days | mondays int 回测周一数 back-test Mondays | mae real 平均绝对误差 mean absolute error | bias real 偏差 bias | note text 说明 note
WITH horizons(days) AS (VALUES (7), (30)),
tested AS (
    SELECT days, expected - actual AS error
    FROM temp.forecast_expected
    WHERE backtest AND mondays >= 4
)
SELECT h.days,
       count(t.error) AS mondays,
       avg(abs(t.error)) AS mae,
       avg(t.error) AS bias,
       CASE WHEN count(t.error) = 0 THEN '历史不足 not enough history' END AS note
FROM horizons h
LEFT JOIN tested t ON t.days = h.days
GROUP BY h.days
ORDER BY h.days;
