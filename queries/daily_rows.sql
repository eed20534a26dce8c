-- The day's activity per salesperson (DOMAIN.md 7.10), by the row's own
-- salesperson: visit-log rows, first visits ever (the customer's earliest
-- visit row, by day, time and file order), calls in and out, invitations,
-- test drives, quotes, orders, deliveries, DEFEAT and LOST rows; and, of the
-- customers each one owns, as graded as of the day: overdue follow-ups
-- (section 6.1) and those due by tomorrow that are not overdue yet (due
-- today or tomorrow). A salesperson is a (store, name) pair.
-- key: rows
-- file: salespeople
-- title: 销售日报表 Daily report
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | visits int 来店 visits | first_visits int 首次 first | calls_in int 来电 calls in | calls_out int 去电 calls out | invited int 邀约 invited | test_drives int 试驾 test drives | quotes int 报价 quotes | orders int 订车 orders | delivered int 交车 delivered | defeats int 战败/失控 lost | due_tomorrow int 明日应跟进 due tomorrow | overdue int 逾期 overdue | store text ?门店 store
WITH today AS (
    SELECT id, customer_key, kind, direction, invited, test_drive, quote, outcome, salesperson,
           store
    FROM contacts
    WHERE day = :as_of
), first_visits AS (
    SELECT id FROM (
        SELECT id, row_number() OVER (PARTITION BY customer_key
                                      ORDER BY day, coalesce(time, '00:00:00'), id) AS n
        FROM contacts
        WHERE kind = 'visit' AND day <= :as_of
          AND customer_key IN (SELECT customer_key FROM today WHERE kind = 'visit'))
    WHERE n = 1
), activity AS (
    SELECT store, salesperson,
           sum(kind = 'visit') AS visits,
           sum(kind = 'visit' AND id IN (SELECT id FROM first_visits)) AS first_visits,
           sum(kind = 'call' AND direction = 'in') AS calls_in,
           sum(kind = 'call' AND direction = 'out') AS calls_out,
           sum(invited = 1) AS invited,
           sum(test_drive = 1) AS test_drives,
           sum(quote = 1) AS quotes,
           sum(outcome = 'ORDER') AS orders,
           sum(outcome = 'DELIVERED') AS delivered,
           sum(outcome IN ('DEFEAT', 'LOST')) AS defeats
    FROM today
    GROUP BY store, salesperson
), follow AS (
    SELECT store, owner AS salesperson,
           sum(days_overdue = 0 AND next_due <= date(:as_of, '+1 day')) AS due_tomorrow,
           sum(days_overdue > 0) AS overdue
    FROM grades
    WHERE as_of = :as_of AND state = 'pipeline' AND follow_up IS NOT NULL
    GROUP BY store, owner
), names AS (
    SELECT store, salesperson FROM activity
    UNION
    SELECT store, salesperson FROM follow
)
SELECT n.salesperson,
       coalesce(a.visits, 0) AS visits, coalesce(a.first_visits, 0) AS first_visits,
       coalesce(a.calls_in, 0) AS calls_in, coalesce(a.calls_out, 0) AS calls_out,
       coalesce(a.invited, 0) AS invited, coalesce(a.test_drives, 0) AS test_drives,
       coalesce(a.quotes, 0) AS quotes, coalesce(a.orders, 0) AS orders,
       coalesce(a.delivered, 0) AS delivered, coalesce(a.defeats, 0) AS defeats,
       coalesce(f.due_tomorrow, 0) AS due_tomorrow, coalesce(f.overdue, 0) AS overdue,
       n.store
FROM names n
LEFT JOIN activity a ON a.store = n.store AND a.salesperson = n.salesperson
LEFT JOIN follow f ON f.store = n.store AND f.salesperson = n.salesperson
WHERE :salesperson IS NULL OR n.salesperson = :salesperson
ORDER BY n.store, n.salesperson;
