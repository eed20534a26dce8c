-- Customers in the pipeline by grade as of the audit date (every grade of
-- the rules, zero included, in the rules' display order).
-- key: grades
-- title: 客户级别 Customers by grade
-- shape: object
-- columns: grade text 级别 grade | count int 客户数 customers
SELECT l.name AS grade,
       (SELECT count(*) FROM grades g
        WHERE g.as_of = :as_of AND g.state = 'pipeline' AND g.grade = l.name
          AND (:salesperson IS NULL OR g.owner = :salesperson)) AS count
FROM temp.grade_list l
ORDER BY l.rank;
