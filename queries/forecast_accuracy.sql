-- How far the forecast can be trusted (DOMAIN.md 7.6): over the back-test
-- Mondays of each horizon, the mean absolute error and the mean of expected
-- minus actual (bias: above 0 the forecast promised too much); NULL without
-- a back-test Monday (not enough history). In JSON only: people read
-- forecast_error.sql.
-- key: accuracy
-- title: 回测误差 Back-test error
-- shape: scalars
-- hidden: yes
-- columns: backtest_mondays_7 int 7天回测周一数 7-day back-test Mondays | mae_7 real 7天平均绝对误差 7-day mean absolute error | bias_7 real 7天偏差 7-day bias | backtest_mondays_30 int 30天回测周一数 30-day back-test Mondays | mae_30 real 30天平均绝对误差 30-day mean absolute error | bias_30 real 30天偏差 30-day bias
WITH tested AS (
    SELECT days, expected - actual AS error
    FROM temp.forecast_expected
    WHERE backtest AND mondays >= 4
)
SELECT (SELECT count(*) FROM tested WHERE days = 7) AS backtest_mondays_7,
       (SELECT avg(abs(error)) FROM tested WHERE days = 7) AS mae_7,
       (SELECT avg(error) FROM tested WHERE days = 7) AS bias_7,
       (SELECT count(*) FROM tested WHERE days = 30) AS backtest_mondays_30,
       (SELECT avg(abs(error)) FROM tested WHERE days = 30) AS mae_30,
       (SELECT avg(error) FROM tested WHERE days = 30) AS bias_30;
