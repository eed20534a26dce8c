-- The funnel per owner: the salesperson of each customer's first contact ever.
-- key: by_owner
-- title: 各销售顾问漏斗 Funnel by salesperson (owner)
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | prospects int 潜在客户 prospects | visitors int 到店客户 visitors | buyers int 成交客户 buyers
WITH period AS (
    SELECT customer_key, max(kind = 'visit') AS visited
    FROM contacts
    WHERE day BETWEEN :from AND :to
    GROUP BY customer_key
)
SELECT g.owner AS salesperson,
       count(*) AS prospects,
       sum(p.visited) AS visitors,
       sum(coalesce(g.buy_day BETWEEN :from AND :to, 0)) AS buyers
FROM period p
JOIN grades g ON g.as_of = :to AND g.customer_key = p.customer_key
WHERE :salesperson IS NULL OR g.owner = :salesperson
GROUP BY g.owner
ORDER BY prospects DESC, salesperson;
