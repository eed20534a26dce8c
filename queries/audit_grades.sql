-- Customers in the pipeline by grade as of the audit date (every grade of
-- the rules, zero included, in the rules' display order).
-- key: grades
-- title: 客户级别 Customers by grade
-- shape: object
-- columns: grade text 级别 grade | count int 客户数 customers
WITH counts AS (
    SELECT grade, sum(customers) AS n
    FROM grade_summary
    WHERE as_of = :as_of AND state = 'pipeline'
      AND (:salesperson IS NULL OR owner = :salesperson)
    GROUP BY grade
)
SELECT l.name AS grade, coalesce(c.n, 0) AS count
FROM temp.grade_list l
LEFT JOIN counts c ON c.grade = l.name
ORDER BY l.rank;
