-- After-sales care (DOMAIN.md 7.13): for each customer delivered as of
-- :as_of, first DELIVERED on day T, its eight steps with their windows
-- (T + after, T + until] in days: call_24h (T, T+1], call_7d (T+1, T+7],
-- care_k (T+7+60(k-1), T+7+60k] for k = 1..6. A step is done when the
-- customer has a contact, by anyone, on a day of its window up to :as_of (a
-- contact on T itself counts for none). The salesperson is the customer's
-- owner as of :as_of. Prepares temp.care_steps, which the care tables, the
-- daily report and the hand-over read.
--
-- The grading judges the steps done with the grade, from the customer's
-- contacts in time order: grades.delivered_day is T, bit k of grades.care is
-- set when the step of rank k is done (grade_care_step in src/grade.c holds
-- the same windows by rank).
DROP TABLE IF EXISTS temp.care_steps;
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
)
SELECT g.store, g.owner AS salesperson, g.customer_key, coalesce(g.name, '') AS customer,
       g.phone, coalesce(g.model, '') AS model, g.last_day AS last_contact,
       g.delivered_day AS delivered,
       s.step, s.label, s.rank,
       date(g.delivered_day, '+' || s.until || ' days') AS window_end,
       (g.care >> s.rank) & 1 AS done
FROM grades g
CROSS JOIN step_list s
WHERE g.as_of = :as_of AND g.state = 'delivered';
