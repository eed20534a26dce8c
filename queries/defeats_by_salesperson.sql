-- Lost sales by salesperson (owner), in the report's order of salespeople
-- (salesperson_order.sql).
-- key: by_salesperson
-- file: lost_sales_by_salesperson
-- title: 各销售顾问战败 Lost sales by salesperson
-- shape: rows
-- columns: name text 名称 name | count int 客户数 cases
-- chart: defeats_by_salesperson bars.gp name,count 各销售顾问战败 Lost sales by salesperson
SELECT coalesce(nullif(salesperson, ''), '(未填 none)') AS name, count(*) AS count
FROM temp.defeat_cases d
WHERE 1
GROUP BY 1
ORDER BY (SELECT min(so.position) FROM temp.salesperson_order so
          WHERE so.salesperson = d.salesperson), name;
