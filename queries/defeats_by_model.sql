-- Lost sales by model, most frequent first.
-- key: by_model
-- file: lost_sales_by_model
-- title: 战败车型 Lost sales by model
-- shape: rows
-- columns: name text 名称 name | count int 客户数 cases
-- chart: defeats_by_model bars.gp name,count 战败车型 Lost sales by model
SELECT coalesce(nullif(model, ''), '(未填 none)') AS name, count(*) AS count
FROM temp.defeat_cases
WHERE 1
GROUP BY 1
ORDER BY count DESC, name;
