-- Lost sales by salesperson (owner), in the report's order of salespeople
-- (salesperson_order.sql). A salesperson is a (store, name) pair: a name
-- found in two stores of a group is two rows, each with its store beside
-- the name.
-- key: by_salesperson
-- file: lost_sales_by_salesperson
-- title: 各销售顾问战败 Lost sales by salesperson
-- shape: rows
-- columns: name text 名称 name | count int 客户数 cases | store text ?门店 store
-- chart: defeats_by_salesperson bars.gp name,count 各销售顾问战败 Lost sales by salesperson
WITH counted AS (
    SELECT store, salesperson, count(*) AS count
    FROM temp.defeat_cases
    GROUP BY store, salesperson
)
SELECT coalesce(nullif(salesperson, ''), '(未填 none)')
         || CASE WHEN (SELECT count(*) FROM counted t WHERE t.salesperson = c.salesperson) > 1
                 THEN '（' || store || '）' ELSE '' END AS name,
       count, store
FROM counted c
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = c.store AND so.salesperson = c.salesperson), name;
