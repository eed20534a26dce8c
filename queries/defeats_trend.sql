-- Lost sales per ISO week over the eight weeks that end with the period: one
-- case per customer and week (the customer's latest DEFEAT/LOST of the week).
-- key: trend
-- file: lost_sales_trend
-- title: 每周战败趋势(近8周) Weekly trend of lost sales, the 8 weeks to the period's end
-- shape: rows
-- columns: week text 周 week | count int 客户数 cases
-- chart: defeats_trend trend.gp week,count 每周战败趋势(近8周) Weekly lost sales
WITH weeks(n, week) AS (
    SELECT 0, iso_week(:to)
    UNION ALL
    SELECT n + 1, iso_week(date(:to, '-' || ((n + 1) * 7) || ' days')) FROM weeks WHERE n < 7
), cases AS (
    SELECT DISTINCT iso_week(c.day) AS week, c.customer_key
    FROM contacts c
    JOIN grades g ON g.as_of = :to AND g.customer_key = c.customer_key
    WHERE c.day BETWEEN date(:to, '-62 days') AND :to
      AND c.outcome IN ('DEFEAT', 'LOST')
      AND (:salesperson IS NULL OR g.owner = :salesperson)
)
SELECT w.week, (SELECT count(*) FROM cases c WHERE c.week = w.week) AS count
FROM weeks w
ORDER BY w.week;
