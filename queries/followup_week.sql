-- The follow-up plan (DOMAIN.md 7.8): the customers to follow up in the ISO
-- week after the as-of date (the Sunday before it, by default), as graded as
-- of that date: a grade with a follow-up schedule whose due date (last
-- contact + follow_up) is on or before the Sunday of the week; overdue_days
-- counts the days overdue on its Monday (> 0: already overdue). Prepares the
-- temporary table the plan's tables read, and names the week.
-- key: plan_week
-- title: 计划周 Week planned
-- shape: scalars
-- columns: week text 计划周 week planned
DROP TABLE IF EXISTS temp.followup_plan;
CREATE TEMP TABLE followup_plan AS
WITH week(monday) AS (
    SELECT date(:as_of, '+1 day', 'weekday 1')
)
SELECT g.owner AS salesperson, g.store, g.customer_key, coalesce(g.name, '') AS customer, g.phone,
       g.grade, l.rank, coalesce(l.purpose, '') AS purpose, coalesce(g.model, '') AS model,
       g.last_day AS last_contact, g.next_due AS due,
       max(0, CAST(julianday(w.monday) - julianday(g.next_due) AS INTEGER)) AS overdue_days
FROM grades g
JOIN temp.grade_list l ON l.name = g.grade
CROSS JOIN week w
WHERE g.as_of = :as_of AND g.state = 'pipeline' AND l.follow_up IS NOT NULL
  AND g.next_due <= date(w.monday, '+6 days')
  AND (:salesperson IS NULL OR g.owner = :salesperson);
SELECT iso_week(date(:as_of, '+1 day', 'weekday 1')) AS week;
