-- What a number of buyers needs (DOMAIN.md 7.5), worked back two ways: by
-- the target ratio (25:5:1: visitors = buyers × 5, prospects = buyers ×
-- 25, rounded up), and by the dealer's own rates over the three full months
-- before the month planned: visitors = ⌈buyers / close rate⌉, prospects =
-- ⌈visitors / visit rate⌉, none where a rate is none or 0. The period's
-- counts are 7.1's, a person once across a group's stores.
-- key: plan
-- title: 销售计划 What the buyers need
-- shape: scalars
-- columns: month text 计划月份 month | buyers int 目标成交 buyers | by_target json 按目标比例 by the target ratio | by_own_rates json 按本店近三月转化率 by our own rates
WITH own AS (
    SELECT count(DISTINCT person) AS p,
           count(DISTINCT CASE WHEN visited THEN person END) AS v,
           count(DISTINCT CASE WHEN bought THEN person END) AS b
    FROM temp.period
), need AS (
    SELECT p, v, b,
           CASE WHEN b > 0 THEN (:buyers * v + b - 1) / b END AS visitors
    FROM own
)
SELECT :month AS month,
       :buyers AS buyers,
       json_object('visitors', (:buyers * :target_v + :target_b - 1) / :target_b,
                   'prospects', (:buyers * :target_p + :target_b - 1) / :target_b) AS by_target,
       json_object('visit_rate', CASE WHEN p > 0 THEN round(v * 1.0 / p, 4) END,
                   'close_rate', CASE WHEN v > 0 THEN round(b * 1.0 / v, 4) END,
                   'visitors', visitors,
                   'prospects', CASE WHEN v > 0 AND visitors IS NOT NULL
                                     THEN (visitors * p + v - 1) / v END,
                   'from', :from, 'to', :to) AS by_own_rates
FROM need;
