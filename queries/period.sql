-- The customers with a contact in the period, each once, with what the
-- funnel and conversion tables count (DOMAIN.md 7.1, 7.2): a visit, a test
-- drive on a visit, a DEFEAT or LOST contact, in the period; the owner, first
-- contact, buy date and lead source (7.11) from the grades as of the
-- period's end. Prepares the temporary table those tables read, so the
-- month's contacts and grades are read once.
DROP TABLE IF EXISTS temp.period;
CREATE TEMP TABLE period AS
WITH contacted AS (
    SELECT customer_key,
           max(kind = 'visit') AS visited,
           max(kind = 'visit' AND test_drive = 1) AS drove,
           max(outcome IN ('DEFEAT', 'LOST')) AS defeated
    FROM contacts
    WHERE day BETWEEN :from AND :to
    GROUP BY customer_key
)
SELECT p.customer_key, p.visited, p.drove, p.defeated, g.owner, g.first_day, g.buy_day,
       coalesce(g.buy_day BETWEEN :from AND :to, 0) AS bought,
       g.store,
       coalesce(g.phone, p.customer_key) AS person,
       coalesce(g.source, '') AS source
FROM contacted p
JOIN grades g ON g.as_of = :to AND g.customer_key = p.customer_key
WHERE :salesperson IS NULL OR g.owner = :salesperson;
