-- The hand-over of a salesperson who leaves (DOMAIN.md 7.12): the active
-- customers (in the pipeline, any grade) :salesperson owns as of the date,
-- in grade order (the rules' display order) then due date, each with a
-- proposed new salesperson. The candidates are the --to list (:to_list,
-- names split at commas, the leaving one left out), else every other
-- salesperson with a contact in the 30 days to the date (D - 29 to D), each
-- in the stores the leaving one has customers in. The customers are dealt
-- one by one to the candidate holding the fewest active customers so far
-- (their own as of the date count from the start), ties by name. That deal
-- is a merge: a candidate holding h customers takes the next at h, h + 1,
-- h + 2, ..., so the n-th customer goes to the n-th of those places in
-- order of (customers held, name). This is the sheet the manager edits and
-- imports back (funnel import --kind assignments).
-- key: rows
-- file: customers
-- title: 客户交接 Customers to hand over
-- shape: rows
-- columns: customer text 客户 customer | phone phone 电话 phone | grade text 级别 grade | due text 应跟进日 due | last_contact text 最近联系 last contact | model text 车型 model | new_salesperson text 新销售顾问 new salesperson | store text ?门店 store
-- the customers leaving, numbered in each store in the order dealt, kept by
-- (store, number) for the deal to be looked up in
DROP TABLE IF EXISTS temp.handover_leaving;
CREATE TEMP TABLE handover_leaving (store TEXT, n INTEGER, customer_key TEXT, customer TEXT,
                                    phone TEXT, grade TEXT, due TEXT, last_contact TEXT,
                                    model TEXT, PRIMARY KEY (store, n)) WITHOUT ROWID;
INSERT INTO temp.handover_leaving
SELECT g.store,
       row_number() OVER (PARTITION BY g.store
                          ORDER BY l.rank, g.next_due IS NULL, g.next_due, g.customer_key),
       g.customer_key, coalesce(g.name, ''), g.phone, g.grade, g.next_due, g.last_day,
       coalesce(g.model, '')
FROM grades g
JOIN temp.grade_list l ON l.name = g.grade
WHERE g.as_of = :as_of AND g.state = 'pipeline' AND g.owner = :salesperson;
-- the n-th place of each store's deal, kept by (store, number) likewise
DROP TABLE IF EXISTS temp.handover_dealt;
CREATE TEMP TABLE handover_dealt (store TEXT, n INTEGER, salesperson TEXT,
                                  PRIMARY KEY (store, n)) WITHOUT ROWID;
INSERT INTO temp.handover_dealt
WITH named(rest, name) AS (
    SELECT replace(:to_list, '，', ',') || ',', NULL
    UNION ALL
    SELECT substr(rest, instr(rest, ',') + 1), trim(substr(rest, 1, instr(rest, ',') - 1))
    FROM named
    WHERE rest <> ''
), stores AS MATERIALIZED (
    SELECT store, count(*) AS customers FROM temp.handover_leaving GROUP BY store
), candidates AS (
    SELECT s.store, n.name AS salesperson
    FROM stores s
    CROSS JOIN named n
    WHERE n.name <> '' AND n.name <> :salesperson
    UNION
    SELECT store, salesperson
    FROM contacts
    WHERE :to_list IS NULL AND day > date(:as_of, '-30 days') AND day <= :as_of
      AND salesperson <> :salesperson AND store IN (SELECT store FROM stores)
), holdings AS (
    -- the active customers of every owner as of the date, in one scan
    SELECT store, owner, count(*) AS customers
    FROM grades
    WHERE as_of = :as_of AND state = 'pipeline'
    GROUP BY store, owner
), held AS (
    SELECT c.store, c.salesperson, coalesce(h.customers, 0) AS customers
    FROM candidates c
    LEFT JOIN holdings h ON h.store = c.store AND h.owner = c.salesperson
), places(i) AS (
    SELECT 0 WHERE EXISTS (SELECT 1 FROM stores)
    UNION ALL
    SELECT i + 1 FROM places WHERE i + 1 < (SELECT max(customers) FROM stores)
), dealt AS (
    SELECT h.store, h.salesperson,
           row_number() OVER (PARTITION BY h.store
                              ORDER BY h.customers + p.i, h.salesperson) AS n
    FROM held h
    CROSS JOIN places p
)
SELECT store, n, salesperson FROM dealt
WHERE n <= (SELECT customers FROM stores s WHERE s.store = dealt.store);
SELECT x.customer, x.phone, x.grade, x.due, x.last_contact, x.model,
       d.salesperson AS new_salesperson, x.store
FROM temp.handover_leaving x
LEFT JOIN temp.handover_dealt d ON d.store = x.store AND d.n = x.n
ORDER BY x.store, x.n;
