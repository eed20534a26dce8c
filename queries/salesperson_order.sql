-- The one order in which every per-salesperson table of a report lists the
-- salespeople (owners), so that a pack reads the same from table to table:
-- the order of the conversion table. Store by store in a dealer group, then
-- salesperson by salesperson, each by the period's buyers, then visitors,
-- then prospects (temp.period, from period.sql), then the customers in the
-- pipeline at the report's date (what the audit, which has no period, goes
-- by), most first; then by name. Prepares temp.salesperson_order: a table
-- sorts its rows by the position of their (store, salesperson), or, without
-- a store column, by the salesperson's first position.
DROP TABLE IF EXISTS temp.salesperson_order;
CREATE TEMP TABLE salesperson_order AS
WITH counted AS (
    SELECT store, owner AS salesperson, sum(bought) AS buyers, sum(visited) AS visitors,
           count(*) AS prospects, 0 AS pipeline
    FROM temp.period
    GROUP BY store, owner
    UNION ALL
    SELECT store, owner, 0, 0, 0, sum(CASE WHEN state = 'pipeline' AND as_of = :as_of
                                          THEN customers ELSE 0 END)
    FROM grade_summary
    WHERE as_of IN (:as_of, :to)
    GROUP BY store, owner
    UNION ALL -- a target for someone who holds no customer yet
    SELECT store, salesperson, 0, 0, 0, 0 FROM targets
), people AS (
    SELECT store, salesperson, sum(buyers) AS buyers, sum(visitors) AS visitors,
           sum(prospects) AS prospects, sum(pipeline) AS pipeline
    FROM counted
    GROUP BY store, salesperson
), stores AS (
    SELECT store, sum(buyers) AS buyers, sum(visitors) AS visitors,
           sum(prospects) AS prospects, sum(pipeline) AS pipeline
    FROM people
    GROUP BY store
)
SELECT p.store, p.salesperson,
       row_number() OVER (ORDER BY s.buyers DESC, s.visitors DESC, s.prospects DESC,
                                   s.pipeline DESC, s.store,
                                   p.buyers DESC, p.visitors DESC, p.prospects DESC,
                                   p.pipeline DESC, p.salesperson) AS position
FROM people p
JOIN stores s ON s.store = p.store;
CREATE INDEX temp.salesperson_order_by_name ON salesperson_order (salesperson, store);
