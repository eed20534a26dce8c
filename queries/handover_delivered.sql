-- The leaving salesperson's buyers, listed apart for the manager to follow
-- up first (DOMAIN.md 7.12, 7.13): the customers :salesperson owns that
-- are delivered as of the date and whose after-sales care still runs (a
-- step's window ends on the date or later: delivered in the 367 days to
-- it), the most recent first, with the next care step not done and the
-- steps already overdue. The new salesperson is left blank for the manager
-- to fill in: the sheet imports back as the other one does.
-- key: delivered
-- title: 已交车客户(经理先回访) Delivered customers: the manager calls first
-- shape: rows
-- columns: customer text 客户 customer | phone phone 电话 phone | model text 车型 model | delivered text 交车日 delivered | last_contact text 最近联系 last contact | next_step text - | next_step_label text 下次回访 next step | next_window_end text 截止日 by | overdue_steps int 逾期回访 steps overdue | new_salesperson text 新销售顾问 new salesperson | store text ?门店 store
WITH buyers AS (
    SELECT store, customer_key, customer, phone, model, delivered, last_contact,
           sum(NOT done AND window_end < :as_of) AS overdue_steps
    FROM temp.care_steps
    WHERE salesperson = :salesperson
    GROUP BY customer_key
    HAVING max(window_end) >= :as_of
), next_steps AS (
    SELECT customer_key, step, label, window_end,
           row_number() OVER (PARTITION BY customer_key ORDER BY rank) AS n
    FROM temp.care_steps
    WHERE salesperson = :salesperson AND NOT done AND window_end >= :as_of
)
SELECT b.customer, b.phone, b.model, b.delivered, b.last_contact,
       s.step AS next_step, s.label AS next_step_label, s.window_end AS next_window_end,
       b.overdue_steps, '' AS new_salesperson, b.store
FROM buyers b
LEFT JOIN next_steps s ON s.customer_key = b.customer_key AND s.n = 1
ORDER BY b.delivered DESC, b.store, b.customer_key;
