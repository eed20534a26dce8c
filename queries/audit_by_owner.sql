-- The audit per salesperson (owner): grades, overdue follow-ups, incomplete
-- records, and the share of visits (from 30 days before the audit date to the
-- day before) that were followed by another contact within 24 hours, or by the
-- next calendar day when a time is missing (DOMAIN.md 6.2).
-- key: by_owner
-- title: 各销售顾问跟进(D为截至日) Follow-up by salesperson (D: the as-of date)
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | grades json - | pipeline int 在跟客户 pipeline | overdue int 逾期 overdue | missing int 资料不全 missing data | visits int D-30~D-1到店 visits D-30 to D-1 | followed int 24h内已回访 followed in 24h | followup_24h rate 24h回访率(D-30~D-1) 24h share of visits D-30 to D-1 | store text ?门店 store
WITH recent AS (
    SELECT customer_key, kind, day, time, outcome,
           lead(day) OVER w AS next_day,
           lead(time) OVER w AS next_time
    FROM contacts
    WHERE day BETWEEN date(:as_of, '-30 days') AND :as_of
    WINDOW w AS (PARTITION BY customer_key ORDER BY day, coalesce(time, '00:00:00'), id)
), visits AS (
    SELECT g.store, g.owner,
           CASE
               WHEN r.next_day IS NULL THEN 0
               WHEN r.time IS NOT NULL AND r.next_time IS NOT NULL
                   THEN julianday(r.next_day || ' ' || r.next_time)
                        - julianday(r.day || ' ' || r.time) <= 1.0
               ELSE r.next_day <= date(r.day, '+1 day')
           END AS followed
    FROM recent r
    JOIN grades g ON g.as_of = :as_of AND g.customer_key = r.customer_key
    WHERE r.kind = 'visit' AND r.outcome NOT IN ('ORDER', 'DELIVERED')
      AND r.day BETWEEN date(:as_of, '-30 days') AND date(:as_of, '-1 day')
), follow AS (
    SELECT store, owner, count(*) AS visits, sum(followed) AS followed, avg(followed) AS share
    FROM visits
    GROUP BY store, owner
), pipeline AS (
    SELECT store, owner, grade, customers AS n, overdue,
           CASE WHEN grade IN (SELECT name FROM temp.grade_list WHERE follow_up IS NULL)
                THEN customers ELSE 0 END AS missing
    FROM grade_summary
    WHERE as_of = :as_of AND state = 'pipeline'
), owners AS (
    SELECT store, owner FROM pipeline
    UNION
    SELECT store, owner FROM follow
)
SELECT o.owner AS salesperson,
       (SELECT json_group_object(name, n) FROM (
            SELECT l.name, coalesce(p.n, 0) AS n
            FROM temp.grade_list l
            LEFT JOIN pipeline p ON p.store = o.store AND p.owner = o.owner AND p.grade = l.name
            ORDER BY l.rank)) AS grades,
       (SELECT coalesce(sum(n), 0) FROM pipeline p
        WHERE p.store = o.store AND p.owner = o.owner) AS pipeline,
       (SELECT coalesce(sum(overdue), 0) FROM pipeline p
        WHERE p.store = o.store AND p.owner = o.owner) AS overdue,
       (SELECT coalesce(sum(missing), 0) FROM pipeline p
        WHERE p.store = o.store AND p.owner = o.owner) AS missing,
       coalesce(f.visits, 0) AS visits,
       coalesce(f.followed, 0) AS followed,
       f.share AS followup_24h,
       o.store
FROM owners o
LEFT JOIN follow f ON f.store = o.store AND f.owner = o.owner
WHERE :salesperson IS NULL OR o.owner = :salesperson
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = o.store AND so.salesperson = o.owner);
