-- The plan per salesperson with a target for the month planned (DOMAIN.md
-- 7.5): the buyers target, what it needs by the target ratio, and by the
-- salesperson's own rates over the same three months as plan.sql.
-- key: by_salesperson
-- title: 各销售顾问计划 Plan by salesperson
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | buyers int 成交目标 buyers target | target_visitors int 按比例需到店 visitors by ratio | target_prospects int 按比例需潜客 prospects by ratio | visit_rate rate 近三月到店率 own visit rate | close_rate rate 近三月成交率 own close rate | visitors int 按自身需到店 visitors by own rates | prospects int 按自身需潜客 prospects by own rates | store text ?门店 store
WITH own AS (
    SELECT store, owner, count(*) AS p, sum(visited) AS v, sum(bought) AS b
    FROM temp.period
    GROUP BY store, owner
), goals AS (
    SELECT t.store, t.salesperson, t.buyers, coalesce(o.p, 0) AS p, coalesce(o.v, 0) AS v,
           coalesce(o.b, 0) AS b
    FROM targets t
    LEFT JOIN own o ON o.store = t.store AND o.owner = t.salesperson
    WHERE t.month = :month AND (:salesperson IS NULL OR t.salesperson = :salesperson)
), need AS (
    SELECT *, CASE WHEN b > 0 THEN (buyers * v + b - 1) / b END AS visitors FROM goals
)
SELECT salesperson,
       buyers,
       (buyers * :target_v + :target_b - 1) / :target_b AS target_visitors,
       (buyers * :target_p + :target_b - 1) / :target_b AS target_prospects,
       CASE WHEN p > 0 THEN v * 1.0 / p END AS visit_rate,
       CASE WHEN v > 0 THEN b * 1.0 / v END AS close_rate,
       visitors,
       CASE WHEN v > 0 AND visitors IS NOT NULL THEN (visitors * p + v - 1) / v END AS prospects,
       store
FROM need
ORDER BY salesperson, store;
