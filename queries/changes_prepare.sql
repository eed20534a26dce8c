-- Grade changes between the as-of dates D1 (:before, the last day before the
-- period) and D2 (:to, its last day) (DOMAIN.md 7.9), for each customer in
-- the pipeline at either date: up (grade moved toward O, in the rules' grade
-- order), down, new (in the pipeline at D2, not at D1: no contact by D1, or
-- back after a defeat), left (in the pipeline at D1, delivered, defeated or
-- lost by D2), stuck (in the pipeline at both, same grade, no contact after
-- D1). A customer not contacted after D1 is at D1 what it is at D2; the
-- others' verdict as of D1 is in temp.grades_before. The salesperson is the
-- owner, of the customer's store (a salesperson is a (store, name) pair).
-- Prepares the temporary tables the changes tables read: temp.changes, a
-- row per customer who moved (changes_stuck.sql adds the stuck, for the
-- report's whole list), and temp.change_counts, the customers per
-- salesperson and change, which the totals and the table per salesperson
-- count from.
DROP TABLE IF EXISTS temp.change_pairs;
-- contacted after D1: as of D1 from temp.grades_before (none when the first
-- contact is after D1); those whose grade did not move too, for the counts
CREATE TEMP TABLE change_pairs AS
WITH pairs AS (
    SELECT a.customer_key, a.owner, a.store, coalesce(a.name, '') AS customer, a.phone,
           a.state AS state_after, a.grade AS grade_after,
           b.state AS state_before, b.grade AS grade_before
    FROM grades a
    LEFT JOIN temp.grades_before b ON b.customer_key = a.customer_key AND a.first_day <= :before
    WHERE a.as_of = :to AND a.last_day > :before
      AND (:salesperson IS NULL OR a.owner = :salesperson)
), ranked AS (
    SELECT p.*, lb.rank AS rank_before, la.rank AS rank_after
    FROM pairs p
    LEFT JOIN temp.grade_list lb ON lb.name = p.grade_before
    LEFT JOIN temp.grade_list la ON la.name = p.grade_after
    WHERE p.state_before = 'pipeline' OR p.state_after = 'pipeline'
)
SELECT customer_key, owner AS salesperson, customer, phone,
       coalesce(grade_before, state_before) AS before,
       coalesce(grade_after, state_after) AS after,
       CASE WHEN state_before IS NOT 'pipeline' THEN 'new'
            WHEN state_after <> 'pipeline' THEN 'left'
            WHEN rank_after < rank_before THEN 'up'
            WHEN rank_after > rank_before THEN 'down'
       END AS change,
       store, state_after
FROM ranked;
DROP TABLE IF EXISTS temp.changes;
CREATE TEMP TABLE changes AS
SELECT customer_key, salesperson, customer, phone, before, after, change, store
FROM temp.change_pairs
WHERE change IS NOT NULL;
DROP TABLE IF EXISTS temp.change_counts;
-- the name first: it tells the groups apart at once, where the store (one
-- store, or a few) would send the sort to the name on nearly every row
CREATE TEMP TABLE change_counts AS
SELECT salesperson, store, change, count(*) AS customers
FROM temp.changes
GROUP BY salesperson, store, change
UNION ALL
-- not contacted after D1: the same at both dates, so stuck when in the
-- pipeline; most of a pipeline, so counted as the owner's pipeline at D2
-- (the sums) less those contacted after D1, without reading their grades
SELECT p.owner, p.store, 'stuck', p.customers - coalesce(c.customers, 0)
FROM (SELECT owner, store, sum(customers) AS customers
      FROM grade_summary
      WHERE as_of = :to AND state = 'pipeline'
        AND (:salesperson IS NULL OR owner = :salesperson)
      GROUP BY owner, store) p
LEFT JOIN (SELECT salesperson, store, count(*) AS customers
           FROM temp.change_pairs
           WHERE state_after = 'pipeline'
           GROUP BY salesperson, store) c ON c.salesperson = p.owner AND c.store = p.store
WHERE p.customers > coalesce(c.customers, 0);
