-- Customers by grade at the end of the month beside the end of the month before.
-- key: grade_compare
-- title: 月末客户级别对比 Grades at month end against last month
-- shape: rows
-- columns: grade text 级别 grade | label text 说明 meaning | this_month int 本月末 this month | last_month int 上月末 last month | change int 变化 change
WITH counts AS (
    SELECT l.name, l.label, l.rank,
           (SELECT count(*) FROM grades g WHERE g.as_of = :to AND g.state = 'pipeline' AND g.grade = l.name
              AND (:salesperson IS NULL OR g.owner = :salesperson)) AS this_month,
           (SELECT count(*) FROM grades g WHERE g.as_of = :prev_to AND g.state = 'pipeline' AND g.grade = l.name
              AND (:salesperson IS NULL OR g.owner = :salesperson)) AS last_month
    FROM temp.grade_list l
)
SELECT name AS grade, label, this_month, last_month, this_month - last_month AS change
FROM counts
ORDER BY rank;
