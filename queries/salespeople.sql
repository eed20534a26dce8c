-- Conversion by salesperson (DOMAIN.md 7.2), per owner, in the period. Rates
-- with a zero denominator are NULL; days to buy is the median over the
-- period's buyers of whole days from first contact ever to the buy date.
-- key: rows
-- title: 销售顾问转化 Conversion by salesperson
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | prospects int 潜在客户 prospects | visitors int 到店 visitors | buyers int 成交 buyers | visit_rate rate 到店率 visit rate | close_rate rate 成交率 close rate | defeats int 战败/失控 defeats | test_drive_rate rate 试驾率 test-drive rate | days_to_buy real 成交天数(中位) days to buy
WITH period AS (
    SELECT customer_key,
           max(kind = 'visit') AS visited,
           max(kind = 'visit' AND test_drive = 1) AS drove,
           max(outcome IN ('DEFEAT', 'LOST')) AS defeated
    FROM contacts
    WHERE day BETWEEN :from AND :to
    GROUP BY customer_key
), customers AS (
    SELECT p.*, g.owner, g.first_day, g.buy_day,
           coalesce(g.buy_day BETWEEN :from AND :to, 0) AS bought
    FROM period p
    JOIN grades g ON g.as_of = :to AND g.customer_key = p.customer_key
    WHERE :salesperson IS NULL OR g.owner = :salesperson
), buy_days AS (
    SELECT owner,
           julianday(buy_day) - julianday(first_day) AS days,
           row_number() OVER (PARTITION BY owner ORDER BY julianday(buy_day) - julianday(first_day)) AS n,
           count(*) OVER (PARTITION BY owner) AS total
    FROM customers
    WHERE bought
)
SELECT owner AS salesperson,
       count(*) AS prospects,
       sum(visited) AS visitors,
       sum(bought) AS buyers,
       CASE WHEN count(*) > 0 THEN sum(visited) * 1.0 / count(*) END AS visit_rate,
       CASE WHEN sum(visited) > 0 THEN sum(bought) * 1.0 / sum(visited) END AS close_rate,
       sum(defeated) AS defeats,
       CASE WHEN sum(visited) > 0 THEN sum(drove) * 1.0 / sum(visited) END AS test_drive_rate,
       (SELECT avg(days) FROM buy_days b
        WHERE b.owner = c.owner AND b.n IN ((b.total + 1) / 2, (b.total + 2) / 2)) AS days_to_buy
FROM customers c
GROUP BY owner
ORDER BY buyers DESC, prospects DESC, salesperson;
