-- The funnel beside the target, scaled to the period's prospects, for the chart.
-- key: funnel_chart
-- title: 漏斗与目标 Funnel against target
-- shape: rows
-- hidden: yes
-- columns: stage text 阶段 stage | actual int 实际 actual | target real 目标 target
-- chart: funnel funnel.gp stage,actual,target 漏斗与 25:5:1 目标 Funnel against the target
WITH totals AS (
    -- a person of several stores of a group counts once, as in funnel.sql
    SELECT count(DISTINCT person) AS prospects,
           count(DISTINCT CASE WHEN visited THEN person END) AS visitors,
           count(DISTINCT CASE WHEN bought THEN person END) AS buyers
    FROM temp.period
)
SELECT '潜在客户 prospects' AS stage, prospects AS actual, prospects * 1.0 AS target FROM totals
UNION ALL
SELECT '到店客户 visitors', visitors, round(prospects * 1.0 * :target_v / :target_p, 1) FROM totals
UNION ALL
SELECT '成交客户 buyers', buyers, round(prospects * 1.0 * :target_b / :target_p, 1) FROM totals;
