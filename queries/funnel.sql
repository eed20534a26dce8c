-- The funnel of a period (DOMAIN.md 7.1): prospects, visitors and buyers,
-- their ratio against the 25:5:1 target.
-- key: totals
-- title: 销售漏斗 Funnel
-- shape: scalars
-- columns: prospects int 潜在客户 prospects | visitors int 到店客户 visitors | buyers int 成交客户 buyers | ratio json 比例 ratio | target json 目标 target
WITH period AS (
    SELECT customer_key, max(kind = 'visit') AS visited
    FROM contacts
    WHERE day BETWEEN :from AND :to
    GROUP BY customer_key
), customers AS (
    SELECT p.customer_key, p.visited,
           coalesce(g.buy_day BETWEEN :from AND :to, 0) AS bought
    FROM period p
    JOIN grades g ON g.as_of = :to AND g.customer_key = p.customer_key
    WHERE :salesperson IS NULL OR g.owner = :salesperson
)
SELECT count(*) AS prospects,
       coalesce(sum(visited), 0) AS visitors,
       coalesce(sum(bought), 0) AS buyers,
       CASE WHEN sum(bought) > 0
            THEN json_array(round(count(*) * 1.0 / sum(bought), 1),
                            round(sum(visited) * 1.0 / sum(bought), 1), 1)
       END AS ratio,
       json_array(:target_p, :target_v, :target_b) AS target
FROM customers;
