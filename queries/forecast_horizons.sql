-- Expected buyers in the 7 and 30 days after the as-of date (DOMAIN.md
-- 7.6): the pipeline by grade times each grade's rate, plus the walk-ins;
-- NULL without a calibration Monday. by_grade holds each grade's customers,
-- rate and samples (few: fewer than 20).
-- key: horizons
-- title: 预计成交 Expected buyers
-- shape: rows
-- columns: days int 天数 days | expected real 预计成交 expected buyers | walk_in real 新客成交(均值) walk-ins | calibration_mondays int 校准周一数 calibration Mondays | by_grade json -
SELECT e.days,
       e.expected,
       e.walk_in,
       e.mondays AS calibration_mondays,
       (SELECT json_group_array(json_object('grade', grade, 'customers', customers, 'rate', rate,
                                            'samples', samples,
                                            'few', json(CASE WHEN samples < 20 THEN 'true'
                                                             ELSE 'false' END)))
        FROM (SELECT * FROM temp.forecast_rates r
              WHERE r.anchor = e.anchor AND r.days = e.days ORDER BY r.rank)) AS by_grade
FROM temp.forecast_expected e
WHERE NOT e.backtest
ORDER BY e.days;
