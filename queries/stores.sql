-- The stores of a dealer group side by side (DOMAIN.md 6.3), ranked by
-- buyers, then visitors and prospects (salesperson_order.sql): each store's funnel and conversion over its own customers, and its
-- overdue follow-ups at the period's end. The unnamed store (rows imported
-- without a store) is "".
-- key: rows
-- file: stores
-- title: 门店对比 Stores side by side
-- shape: rows
-- columns: store text 门店 store | prospects int 潜在客户 prospects | visitors int 到店 visitors | buyers int 成交 buyers | visit_rate rate 到店率 visit rate | close_rate rate 成交率 close rate | defeats int 战败/失控 defeats | test_drive_rate rate 试驾率 test-drive rate | overdue int 逾期 overdue
-- chart: stores bars.gp store,buyers 各门店成交 Buyers by store
WITH stores AS (
    SELECT store,
           count(*) AS prospects,
           sum(visited) AS visitors,
           sum(bought) AS buyers,
           sum(defeated) AS defeats,
           sum(drove) AS drove
    FROM temp.period
    GROUP BY store
), overdue AS (
    SELECT store, sum(overdue) AS overdue
    FROM grade_summary
    WHERE as_of = :to AND state = 'pipeline'
    GROUP BY store
)
SELECT s.store,
       s.prospects,
       s.visitors,
       s.buyers,
       CASE WHEN s.prospects > 0 THEN s.visitors * 1.0 / s.prospects END AS visit_rate,
       CASE WHEN s.visitors > 0 THEN s.buyers * 1.0 / s.visitors END AS close_rate,
       s.defeats,
       CASE WHEN s.visitors > 0 THEN s.drove * 1.0 / s.visitors END AS test_drive_rate,
       coalesce(o.overdue, 0) AS overdue
FROM stores s
LEFT JOIN overdue o ON o.store = s.store
ORDER BY (SELECT min(so.position) FROM temp.salesperson_order so WHERE so.store = s.store),
         s.store;
