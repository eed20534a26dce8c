-- The lost sales of the period (DOMAIN.md 7.3): one case per customer with a
-- DEFEAT or LOST contact in the period, the latest such contact; the case's
-- salesperson is the customer's owner (of the customer's store); reason and brand by the rules in force.
-- Prepares the temporary table the defeats tables read.
DROP TABLE IF EXISTS temp.defeat_cases;
CREATE TEMP TABLE defeat_cases AS
WITH latest AS (
    SELECT c.*,
           row_number() OVER (PARTITION BY c.customer_key
                              ORDER BY c.day DESC, coalesce(c.time, '00:00:00') DESC, c.id DESC) AS n
    FROM contacts c
    WHERE c.day BETWEEN :from AND :to AND c.outcome IN ('DEFEAT', 'LOST')
)
SELECT l.day, l.customer_key,
       coalesce(nullif(l.customer, ''), g.name) AS customer,
       g.phone,
       g.owner AS salesperson,
       coalesce(nullif(l.model, ''), g.model) AS model,
       l.outcome,
       lost_reason(l.outcome, l.defeat_reason, l.notes) AS reason,
       lost_brand(l.defeat_reason, l.notes) AS brand,
       coalesce(nullif(l.defeat_reason, ''), l.notes) AS text,
       g.store
FROM latest l
JOIN grades g ON g.as_of = :to AND g.customer_key = l.customer_key
WHERE l.n = 1 AND (:salesperson IS NULL OR g.owner = :salesperson);
