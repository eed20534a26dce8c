-- Lost sales by reason, most frequent first (Pareto), with the cumulative share.
-- key: by_reason
-- file: lost_sales_by_reason
-- title: 战败原因 Lost sales by reason
-- shape: rows
-- The reason's code is in the JSON only; people read its label.
-- columns: reason text - | label text 战败原因 reason | count int 客户数 cases | cumulative rate 累计占比 cumulative share
-- chart: defeats_pareto pareto.gp label,count,cumulative 战败原因 Pareto Lost sales by reason
WITH counted AS (
    SELECT d.reason, r.label, r.rank, count(*) AS count
    FROM temp.defeat_cases d
    JOIN temp.reason_list r ON r.name = d.reason
    GROUP BY d.reason
)
SELECT reason, label, count,
       sum(count) OVER (ORDER BY count DESC, rank ROWS UNBOUNDED PRECEDING) * 1.0
         / sum(count) OVER () AS cumulative
FROM counted
ORDER BY count DESC, rank;
