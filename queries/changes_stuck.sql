-- The stuck customers of the grade changes (changes_prepare.sql): in the
-- pipeline at D1 and D2 with the same grade, not contacted after D1, added
-- to temp.changes for the report's whole list (a pack lists only those who
-- moved down or left, and counts the stuck from temp.change_counts).
INSERT INTO temp.changes
SELECT customer_key, owner, coalesce(name, ''), phone, grade, grade, 'stuck', store
FROM grades
WHERE as_of = :to AND last_day <= :before AND state = 'pipeline'
  AND (:salesperson IS NULL OR owner = :salesperson);
