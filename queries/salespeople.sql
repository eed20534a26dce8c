-- Conversion by salesperson (DOMAIN.md 7.2), per owner, in the period. Rates
-- with a zero denominator are NULL; days to buy is the median over the
-- period's buyers of whole days from first contact ever to the buy date.
-- The weakest stage (7.7): the visit rate against the target's v/p and the
-- close rate against its b/v; the lower actual/target is the bottleneck,
-- compared in whole numbers (v/p / (tv/tp) < b/v / (tb/tv) is
-- v*v*tp*tb < b*p*tv*tv). A tie is "visit": the earlier stage, as buyers
-- can only come from visitors; a close rate that is none (no visitors)
-- makes it "visit", the one stage measured; none when both are none.
-- key: rows
-- file: salespeople
-- title: 销售顾问转化 Conversion by salesperson
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | prospects int 潜在客户 prospects | visitors int 到店 visitors | buyers int 成交 buyers | visit_rate rate 到店率 visit rate | close_rate rate 成交率 close rate | defeats int 战败/失控 defeats | test_drive_rate rate 试驾率 test-drive rate | days_to_buy real 成交天数(中位) days to buy | bottleneck text - | weakest_stage text 短板 weakest stage | store text ?门店 store
-- chart: conversion rates.gp salesperson,visit_rate,close_rate 到店率与成交率 Visit and close rates by salesperson
WITH buy_days AS (
    SELECT store, owner,
           julianday(buy_day) - julianday(first_day) AS days,
           row_number() OVER (PARTITION BY store, owner ORDER BY julianday(buy_day) - julianday(first_day)) AS n,
           count(*) OVER (PARTITION BY store, owner) AS total
    FROM temp.period
    WHERE bought
), medians AS (
    SELECT store, owner, avg(days) AS days
    FROM buy_days
    WHERE n IN ((total + 1) / 2, (total + 2) / 2)
    GROUP BY store, owner
), owners AS (
    SELECT store, owner,
           count(*) AS prospects,
           sum(visited) AS visitors,
           sum(bought) AS buyers,
           sum(defeated) AS defeats,
           sum(drove) AS drove
    FROM temp.period
    GROUP BY store, owner
), staged AS (
    SELECT *,
           CASE
               WHEN prospects = 0 THEN NULL
               WHEN visitors = 0 THEN 'visit'
               WHEN visitors * visitors * :target_p * :target_b
                    <= buyers * prospects * :target_v * :target_v THEN 'visit'
               ELSE 'close'
           END AS stage
    FROM owners
)
SELECT o.owner AS salesperson,
       o.prospects,
       o.visitors,
       o.buyers,
       CASE WHEN o.prospects > 0 THEN o.visitors * 1.0 / o.prospects END AS visit_rate,
       CASE WHEN o.visitors > 0 THEN o.buyers * 1.0 / o.visitors END AS close_rate,
       o.defeats,
       CASE WHEN o.visitors > 0 THEN o.drove * 1.0 / o.visitors END AS test_drive_rate,
       m.days AS days_to_buy,
       o.stage AS bottleneck,
       CASE o.stage WHEN 'visit' THEN '邀约到店 visit' WHEN 'close' THEN '成交 close' END
           AS weakest_stage,
       o.store
FROM staged o
LEFT JOIN medians m ON m.store = o.store AND m.owner = o.owner
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = o.store AND so.salesperson = o.owner);
