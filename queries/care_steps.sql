-- After-sales care (DOMAIN.md 7.13): for each customer delivered as of
-- :as_of, first DELIVERED on day T, its eight steps with their windows
-- (T + after, T + until] in days: call_24h (T, T+1], call_7d (T+1, T+7],
-- care_k (T+7+60(k-1), T+7+60k] for k = 1..6. A step is done when the
-- customer has a contact, by anyone, on a day of its window up to :as_of (a
-- contact on T itself counts for none). The salesperson is the customer's
-- owner as of :as_of. Prepares temp.care_steps, which the care tables, the
-- daily report and the hand-over read (and temp.care_delivered on the way).
DROP TABLE IF EXISTS temp.care_steps;
-- the delivered customers, each with its first DELIVERED day: one scan of
-- the contacts (+day: the day index would cost a lookup a row, and nearly
-- every row is on or before the date), kept by key for the second scan to
-- look each contact up in (an index SQLite makes for one query alone has a
-- cache of 2 MB, which a large database's delivered outgrow)
DROP TABLE IF EXISTS temp.care_delivered;
CREATE TEMP TABLE care_delivered (customer_key TEXT PRIMARY KEY, delivered TEXT) WITHOUT ROWID;
INSERT INTO temp.care_delivered
SELECT customer_key, min(day)
FROM contacts
WHERE outcome = 'DELIVERED' AND +day <= :as_of
GROUP BY customer_key;
CREATE TEMP TABLE care_steps AS
WITH step_list(step, label, rank, after, until) AS (
    VALUES ('call_24h', '24小时回访', 0, 0, 1),
           ('call_7d', '7天回访', 1, 1, 7),
           ('care_1', '第1次关怀', 2, 7, 67),
           ('care_2', '第2次关怀', 3, 67, 127),
           ('care_3', '第3次关怀', 4, 127, 187),
           ('care_4', '第4次关怀', 5, 187, 247),
           ('care_5', '第5次关怀', 6, 247, 307),
           ('care_6', '第6次关怀', 7, 307, 367)
), contact_days AS (
    -- the whole days after T of the delivered customers' later contacts:
    -- a second scan, each row looked up among the delivered by key (CROSS
    -- JOIN keeps this order: the other way round indexes every contact)
    SELECT DISTINCT c.customer_key,
           CAST(julianday(c.day) - julianday(d.delivered) AS INTEGER) AS days
    FROM contacts c
    CROSS JOIN temp.care_delivered d ON d.customer_key = c.customer_key
    WHERE c.day > d.delivered AND +c.day <= :as_of
), done_steps AS (
    -- the steps with a contact in their window, each once
    SELECT DISTINCT x.customer_key, s.rank
    FROM contact_days x
    JOIN step_list s ON x.days > s.after AND x.days <= s.until
)
SELECT g.store, g.owner AS salesperson, g.customer_key, coalesce(g.name, '') AS customer,
       g.phone, coalesce(g.model, '') AS model, g.last_day AS last_contact, d.delivered,
       s.step, s.label, s.rank,
       date(d.delivered, '+' || s.until || ' days') AS window_end,
       x.rank IS NOT NULL AS done
-- from the delivered customers to their grades by the grades' key (CROSS
-- JOIN keeps this order: the other way round scans them once per grade)
FROM temp.care_delivered d
CROSS JOIN grades g ON g.as_of = :as_of AND g.customer_key = d.customer_key
CROSS JOIN step_list s
LEFT JOIN done_steps x ON x.customer_key = d.customer_key AND x.rank = s.rank
WHERE g.state = 'delivered';
