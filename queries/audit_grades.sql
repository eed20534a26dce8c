-- Customers in the pipeline by grade as of the audit date (every grade of
-- the rules, zero included, in the rules' display order).
-- key: grades
-- title: 客户级别 Customers by grade
-- shape: object
-- The third column, the grade's meaning (its label in the rules), is for
-- people: the JSON object maps each grade to its count.
-- columns: grade text 级别 grade | count int 客户数 customers | label text 说明 meaning
WITH counts AS (
    SELECT grade, sum(customers) AS n
    FROM grade_summary
    WHERE as_of = :as_of AND state = 'pipeline'
      AND (:salesperson IS NULL OR owner = :salesperson)
    GROUP BY grade
)
SELECT l.name AS grade, coalesce(c.n, 0) AS count, l.label
FROM temp.grade_list l
LEFT JOIN counts c ON c.grade = l.name
ORDER BY l.rank;
