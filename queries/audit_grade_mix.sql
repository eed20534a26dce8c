-- Grade mix per salesperson (owner) as of the audit date, one column per
-- grade: the table behind the stacked chart.
-- key: grade_mix
-- title: 各销售顾问客户级别 Grade mix by salesperson
-- shape: rows
-- pivot: yes
-- columns: salesperson text 销售顾问 salesperson | grade text 级别 grade | count int 客户数 customers
WITH owners AS (
    SELECT DISTINCT owner FROM grades
    WHERE as_of = :as_of AND state = 'pipeline'
      AND (:salesperson IS NULL OR owner = :salesperson)
)
SELECT o.owner AS salesperson, l.name AS grade,
       (SELECT count(*) FROM grades g
        WHERE g.as_of = :as_of AND g.state = 'pipeline'
          AND g.owner = o.owner AND g.grade = l.name) AS count
FROM owners o CROSS JOIN temp.grade_list l
ORDER BY o.owner, l.rank;
