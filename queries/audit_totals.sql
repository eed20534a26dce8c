-- Totals of the audit: customers in the pipeline, overdue follow-ups, and
-- customers whose record is incomplete.
-- key: audit_totals
-- file: totals
-- title: 跟进检查汇总 Pipeline audit totals
-- shape: scalars
-- columns: pipeline int 在跟客户 in the pipeline | overdue int 逾期未跟进 overdue follow-ups | missing int 资料不全 missing data
SELECT coalesce(sum(customers), 0) AS pipeline,
       coalesce(sum(overdue), 0) AS overdue,
       coalesce(sum(CASE WHEN grade IN (SELECT name FROM temp.grade_list WHERE follow_up IS NULL)
                         THEN customers END), 0) AS missing
FROM grade_summary
WHERE as_of = :as_of AND state = 'pipeline'
  AND (:salesperson IS NULL OR owner = :salesperson);
