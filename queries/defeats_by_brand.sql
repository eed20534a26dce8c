-- Lost sales by brand, most frequent first.
-- key: by_brand
-- file: lost_sales_by_brand
-- title: 流失品牌 Lost to brand
-- shape: rows
-- columns: name text 名称 name | count int 客户数 cases
-- chart: defeats_by_brand bars.gp name,count 流失品牌 Lost to brand
SELECT coalesce(nullif(brand, ''), '(未填 none)') AS name, count(*) AS count
FROM temp.defeat_cases
WHERE brand IS NOT NULL
GROUP BY 1
ORDER BY count DESC, name;
