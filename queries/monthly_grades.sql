-- Customers by grade at the end of the month beside the end of the month before.
-- key: grade_compare
-- title: 月末客户级别对比 Grades at month end against last month
-- shape: rows
-- columns: grade text 级别 grade | label text 说明 meaning | this_month int 本月末 this month | last_month int 上月末 last month | change int 变化 change
WITH counts AS (
    SELECT grade,
           sum(CASE WHEN as_of = :to THEN customers END) AS this_month,
           sum(CASE WHEN as_of = :prev_to THEN customers END) AS last_month
    FROM grade_summary
    WHERE as_of IN (:to, :prev_to) AND state = 'pipeline'
      AND (:salesperson IS NULL OR owner = :salesperson)
    GROUP BY grade
)
SELECT l.name AS grade, l.label,
       coalesce(c.this_month, 0) AS this_month,
       coalesce(c.last_month, 0) AS last_month,
       coalesce(c.this_month, 0) - coalesce(c.last_month, 0) AS change
FROM temp.grade_list l
LEFT JOIN counts c ON c.grade = l.name
ORDER BY l.rank;
