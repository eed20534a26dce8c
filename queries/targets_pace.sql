-- Targets and pace (DOMAIN.md 7.5): per salesperson with a target for the
-- period's month, and in total, the target beside the month so far and its
-- projection to the month's end, projected = actual × days in the month /
-- days elapsed (to the latest data), gap = target − projected. A visitors
-- or prospects target not set is derived from the buyers target by the
-- target ratio, rounded up. Empty for a month without targets.
-- key: targets
-- title: 目标与进度 Targets and pace
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | target_buyers int 成交目标 buyers target | buyers int 成交 buyers | projected_buyers real 预计月底成交 projected buyers | target_visitors int 到店目标 visitors target | visitors int 到店 visitors | projected_visitors real 预计月底到店 projected visitors | target_prospects int 潜客目标 prospects target | prospects int 潜客 prospects | projected_prospects real 预计月底潜客 projected prospects | gap real 成交差距 buyers gap | store text ?门店 store
-- chart: pace funnel.gp salesperson,projected_buyers,target_buyers 预计月底成交与目标 Projected buyers against the target
WITH span AS (
    SELECT julianday(:to) - julianday(:from) + 1 AS elapsed,
           julianday(date(:from, 'start of month', '+1 month')) - julianday(date(:from, 'start of month')) AS days
), goals AS (
    SELECT store, salesperson, buyers AS target_buyers,
           coalesce(visitors, (buyers * :target_v + :target_b - 1) / :target_b) AS target_visitors,
           coalesce(prospects, (buyers * :target_p + :target_b - 1) / :target_b) AS target_prospects
    FROM targets
    WHERE month = substr(:from, 1, 7)
      AND (:salesperson IS NULL OR salesperson = :salesperson)
), actual AS (
    SELECT store, owner, count(*) AS prospects, sum(visited) AS visitors, sum(bought) AS buyers
    FROM temp.period
    GROUP BY store, owner
), rows AS (
    SELECT g.salesperson, g.store, g.target_buyers, g.target_visitors, g.target_prospects,
           coalesce(a.buyers, 0) AS buyers, coalesce(a.visitors, 0) AS visitors,
           coalesce(a.prospects, 0) AS prospects
    FROM goals g
    LEFT JOIN actual a ON a.store = g.store AND a.owner = g.salesperson
), listed AS (
    SELECT 0 AS total, * FROM rows
    UNION ALL
    SELECT 1, '合计 total', NULL, sum(target_buyers), sum(target_visitors), sum(target_prospects),
           sum(buyers), sum(visitors), sum(prospects)
    FROM rows
    HAVING count(*) > 0
)
SELECT l.salesperson,
       l.target_buyers,
       l.buyers,
       round(l.buyers * s.days / s.elapsed, 1) AS projected_buyers,
       l.target_visitors,
       l.visitors,
       round(l.visitors * s.days / s.elapsed, 1) AS projected_visitors,
       l.target_prospects,
       l.prospects,
       round(l.prospects * s.days / s.elapsed, 1) AS projected_prospects,
       round(l.target_buyers - l.buyers * s.days / s.elapsed, 1) AS gap,
       l.store
FROM listed l, span s
ORDER BY l.total, (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = l.store AND so.salesperson = l.salesperson);
