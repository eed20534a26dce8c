-- Grade mix per salesperson (owner) as of the audit date, one column per
-- grade: the table behind the stacked chart. A salesperson is a (store,
-- name) pair: a name found in two stores of a group is two rows, each
-- with its store beside the name.
-- key: grade_mix
-- title: 各销售顾问客户级别 Grade mix by salesperson
-- shape: rows
-- pivot: yes
-- columns: salesperson text 销售顾问 salesperson | grade text 级别 grade | count int 客户数 customers
-- chart: grade_mix stacked.gp * 各销售顾问客户级别 Grade mix by salesperson
WITH counts AS (
    SELECT store, owner, grade, customers AS n
    FROM grade_summary
    WHERE as_of = :as_of AND state = 'pipeline'
      AND (:salesperson IS NULL OR owner = :salesperson)
), owners AS (
    SELECT DISTINCT store, owner FROM counts
)
SELECT o.owner || CASE WHEN (SELECT count(*) FROM owners t WHERE t.owner = o.owner) > 1
                       THEN '（' || o.store || '）' ELSE '' END AS salesperson,
       l.name AS grade, coalesce(c.n, 0) AS count
FROM owners o
CROSS JOIN temp.grade_list l
LEFT JOIN counts c ON c.store = o.store AND c.owner = o.owner AND c.grade = l.name
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = o.store AND so.salesperson = o.owner),
         l.rank;
