-- The forecast's counts (DOMAIN.md 7.6), prepared for the tables after it:
-- the buy dates as of the as-of date D; the anchors (D itself and the
-- back-test Mondays m, D - 91 <= m <= D - h, for h = 7 and 30); every
-- anchor's calibration Mondays d, max(anchor - 182, F + 28) <= d <=
-- anchor - h, F the first contact of the store; per Monday and grade the
-- samples (active customers of a grade other than O, graded in sum) and
-- hits (those whose buy date falls in (d, d + h], from the grades of the
-- customers who buy soon after d); per Monday the walk-ins (first contact
-- after d, buy date in (d, d + h]); and per anchor and horizon the rates,
-- walk-in mean and expected buyers. The grades of the Mondays are made by
-- report.c (forecast_mondays) before this runs.
DROP TABLE IF EXISTS temp.forecast_buyers;
DROP TABLE IF EXISTS temp.forecast_mondays;
DROP TABLE IF EXISTS temp.forecast_anchors;
DROP TABLE IF EXISTS temp.forecast_grade_counts;
DROP TABLE IF EXISTS temp.forecast_rates;
DROP TABLE IF EXISTS temp.forecast_expected;

-- by key, for the hits below to look the Mondays' grades up in
CREATE TEMP TABLE forecast_buyers (customer_key TEXT PRIMARY KEY, first_day TEXT, buy_day TEXT)
    WITHOUT ROWID;
INSERT INTO temp.forecast_buyers
SELECT customer_key, first_day, buy_day
FROM grades
WHERE as_of = :as_of AND buy_day IS NOT NULL
  AND (:salesperson IS NULL OR owner = :salesperson);
-- the walk-ins and actual buyers below count buy dates in a range of days
-- (with the first day beside them: read from the index alone)
CREATE INDEX temp.forecast_buyers_by_day ON forecast_buyers (buy_day, first_day);

-- every Monday a calibration or back-test reads, with the walk-ins after it
CREATE TEMP TABLE forecast_mondays AS
WITH RECURSIVE start(day) AS (
    -- min(day) alone in its SELECT: one step of the day index, not a scan
    SELECT date(max(date(:as_of, '-273 days'), date((SELECT min(day) FROM contacts), '+28 days')),
                'weekday 1')
), mondays(day) AS (
    SELECT day FROM start WHERE day <= date(:as_of, '-7 days')
    UNION ALL
    SELECT date(day, '+7 days') FROM mondays WHERE date(day, '+7 days') <= date(:as_of, '-7 days')
)
SELECT m.day,
       (SELECT count(*) FROM forecast_buyers b
        WHERE b.first_day > m.day AND b.buy_day > m.day
          AND b.buy_day <= date(m.day, '+7 days')) AS walk_in_7,
       (SELECT count(*) FROM forecast_buyers b
        WHERE b.first_day > m.day AND b.buy_day > m.day
          AND b.buy_day <= date(m.day, '+30 days')) AS walk_in_30
FROM mondays m;

-- D, and the Mondays of the back-test, per horizon
CREATE TEMP TABLE forecast_anchors AS
WITH horizons(days) AS (VALUES (7), (30))
SELECT :as_of AS anchor, h.days, 0 AS backtest
FROM horizons h
UNION ALL
SELECT m.day, h.days, 1
FROM forecast_mondays m
CROSS JOIN horizons h
WHERE m.day >= date(:as_of, '-91 days') AND m.day <= date(:as_of, '-' || h.days || ' days');

-- per Monday and grade other than O: samples, and hits within 7 and 30 days
CREATE TEMP TABLE forecast_grade_counts AS
WITH samples AS (
    SELECT s.as_of AS day, s.grade, sum(s.customers) AS samples
    FROM grade_summary s
    JOIN forecast_mondays m ON m.day = s.as_of
    WHERE s.state = 'pipeline'
      AND s.grade NOT IN (SELECT name FROM temp.grade_list WHERE is_order)
      AND (:salesperson IS NULL OR s.owner = :salesperson)
    GROUP BY s.as_of, s.grade
), hits AS (
    SELECT g.as_of AS day, g.grade,
           sum(b.buy_day <= date(g.as_of, '+7 days')) AS hits_7,
           count(*) AS hits_30
    -- the grades of each Monday by their key (CROSS JOIN keeps this order:
    -- the other way round scans the grades of every date)
    FROM forecast_mondays m
    CROSS JOIN grades g ON g.as_of = m.day
    JOIN forecast_buyers b ON b.customer_key = g.customer_key
    WHERE g.state = 'pipeline'
      AND g.grade NOT IN (SELECT name FROM temp.grade_list WHERE is_order)
      AND b.buy_day > g.as_of AND b.buy_day <= date(g.as_of, '+30 days')
    GROUP BY g.as_of, g.grade
)
SELECT s.day, s.grade, s.samples,
       coalesce(h.hits_7, 0) AS hits_7, coalesce(h.hits_30, 0) AS hits_30
FROM samples s
LEFT JOIN hits h ON h.day = s.day AND h.grade = s.grade;

-- per anchor, horizon and grade other than O: customers of the grade as of
-- the anchor, samples and hits over its calibration Mondays, the rate
CREATE TEMP TABLE forecast_rates AS
WITH calibration AS (
    SELECT a.anchor, a.days, m.day, m.walk_in_7, m.walk_in_30
    FROM forecast_anchors a
    JOIN forecast_mondays m
      ON m.day >= date(a.anchor, '-182 days') AND m.day <= date(a.anchor, '-' || a.days || ' days')
), pooled AS (
    SELECT c.anchor, c.days, k.grade,
           sum(k.samples) AS samples,
           sum(CASE c.days WHEN 7 THEN k.hits_7 ELSE k.hits_30 END) AS hits
    FROM calibration c
    JOIN forecast_grade_counts k ON k.day = c.day
    GROUP BY c.anchor, c.days, k.grade
), customers AS (
    SELECT as_of, grade, sum(customers) AS customers
    FROM grade_summary
    WHERE state = 'pipeline'
      AND as_of IN (SELECT anchor FROM forecast_anchors)
      AND (:salesperson IS NULL OR owner = :salesperson)
    GROUP BY as_of, grade
)
SELECT a.anchor, a.days, l.name AS grade, l.label, l.rank,
       coalesce(c.customers, 0) AS customers,
       coalesce(p.samples, 0) AS samples,
       coalesce(p.hits, 0) AS hits,
       CASE WHEN coalesce(p.samples, 0) > 0 THEN p.hits * 1.0 / p.samples ELSE 0 END AS rate
FROM forecast_anchors a
CROSS JOIN temp.grade_list l
LEFT JOIN pooled p ON p.anchor = a.anchor AND p.days = a.days AND p.grade = l.name
LEFT JOIN customers c ON c.as_of = a.anchor AND c.grade = l.name
WHERE NOT l.is_order;

-- per anchor and horizon: calibration Mondays, walk-in mean, expected
-- buyers (NULL without a calibration Monday), and the actual buyers
-- after the anchor
CREATE TEMP TABLE forecast_expected AS
WITH walk_ins AS (
    SELECT a.anchor, a.days,
           count(m.day) AS mondays,
           avg(CASE a.days WHEN 7 THEN m.walk_in_7 ELSE m.walk_in_30 END) AS walk_in
    FROM forecast_anchors a
    LEFT JOIN forecast_mondays m
      ON m.day >= date(a.anchor, '-182 days') AND m.day <= date(a.anchor, '-' || a.days || ' days')
    GROUP BY a.anchor, a.days
)
SELECT a.anchor, a.days, a.backtest, w.mondays, w.walk_in,
       CASE WHEN w.mondays > 0
            THEN (SELECT sum(r.customers * r.rate) FROM forecast_rates r
                  WHERE r.anchor = a.anchor AND r.days = a.days) + w.walk_in END AS expected,
       (SELECT count(*) FROM forecast_buyers b
        WHERE b.buy_day > a.anchor AND b.buy_day <= date(a.anchor, '+' || a.days || ' days')) AS actual
FROM forecast_anchors a
JOIN walk_ins w ON w.anchor = a.anchor AND w.days = a.days;
