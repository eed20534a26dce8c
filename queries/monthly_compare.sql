-- The month beside the month before: the funnel, conversion, lost sales,
-- the pipeline and overdue follow-ups at each month's end. This month's
-- customers come from temp.period (period.sql); owners and buy dates of last
-- month's from the grades as of this month's end too (a customer's first
-- contact and first order do not move); the pipeline from the sums of the
-- grades as of each month's last day. Rates are percentages, so their
-- change is in percentage points. name is the metric's key; headline says
-- whether it goes into the pack's header of figures ('up' when more is
-- better, 'down' when less is), NULL when it does not.
-- key: compare
-- title: 本月与上月对比 This month against last month
-- shape: rows
-- columns: metric text 指标 metric | this_month real 本月 this month | last_month real 上月 last month | change real 变化 (率: 百分点) change (rates: pts) | name text - | headline text -
WITH last_contacted AS (
    -- last month's contacts per customer first, so that the grades are read
    -- once a customer and in key order, not once a contact
    SELECT customer_key,
           max(kind = 'visit') AS visited,
           max(outcome IN ('DEFEAT', 'LOST')) AS defeated
    FROM contacts
    WHERE day BETWEEN :prev_from AND :prev_to
    GROUP BY customer_key
), last_month AS (
    SELECT coalesce(g.phone, c.customer_key) AS person, c.visited, c.defeated,
           coalesce(g.buy_day BETWEEN :prev_from AND :prev_to, 0) AS bought
    FROM last_contacted c JOIN grades g ON g.as_of = :to AND g.customer_key = c.customer_key
    WHERE :salesperson IS NULL OR g.owner = :salesperson
), funnel(which, prospects, visitors, buyers, defeats) AS (
    -- a person of several stores of a group counts once (DOMAIN.md 6.3)
    SELECT 'this', count(DISTINCT person), count(DISTINCT CASE WHEN visited THEN person END),
           count(DISTINCT CASE WHEN bought THEN person END),
           count(DISTINCT CASE WHEN defeated THEN person END)
    FROM temp.period
    UNION ALL
    SELECT 'last', count(DISTINCT person), count(DISTINCT CASE WHEN visited THEN person END),
           count(DISTINCT CASE WHEN bought THEN person END),
           count(DISTINCT CASE WHEN defeated THEN person END)
    FROM last_month
), pipeline(which, pipeline, overdue) AS (
    SELECT CASE as_of WHEN :to THEN 'this' ELSE 'last' END, sum(customers), sum(overdue)
    FROM grade_summary
    WHERE as_of IN (:to, :prev_to) AND state = 'pipeline'
      AND (:salesperson IS NULL OR owner = :salesperson)
    GROUP BY as_of
), metrics(n, metric, this_month, last_month, name, headline) AS (
    SELECT 1, '潜在客户 prospects', t.prospects, l.prospects, 'prospects', 'up' FROM funnel t, funnel l WHERE t.which = 'this' AND l.which = 'last'
    UNION ALL SELECT 2, '到店客户 visitors', t.visitors, l.visitors, 'visitors', 'up' FROM funnel t, funnel l WHERE t.which = 'this' AND l.which = 'last'
    UNION ALL SELECT 3, '成交客户 buyers', t.buyers, l.buyers, 'buyers', 'up' FROM funnel t, funnel l WHERE t.which = 'this' AND l.which = 'last'
    UNION ALL SELECT 4, '到店率 visit rate %', round(100.0 * t.visitors / nullif(t.prospects, 0), 1), round(100.0 * l.visitors / nullif(l.prospects, 0), 1), 'visit_rate', NULL FROM funnel t, funnel l WHERE t.which = 'this' AND l.which = 'last'
    UNION ALL SELECT 5, '成交率 close rate %', round(100.0 * t.buyers / nullif(t.visitors, 0), 1), round(100.0 * l.buyers / nullif(l.visitors, 0), 1), 'close_rate', 'up' FROM funnel t, funnel l WHERE t.which = 'this' AND l.which = 'last'
    UNION ALL SELECT 6, '战败/失控 lost sales', t.defeats, l.defeats, 'defeats', 'down' FROM funnel t, funnel l WHERE t.which = 'this' AND l.which = 'last'
    UNION ALL SELECT 7, '在跟客户 pipeline (month end)', (SELECT pipeline FROM pipeline WHERE which = 'this'), (SELECT pipeline FROM pipeline WHERE which = 'last'), 'pipeline', NULL
    UNION ALL SELECT 8, '逾期未跟进 overdue (month end)', (SELECT overdue FROM pipeline WHERE which = 'this'), (SELECT overdue FROM pipeline WHERE which = 'last'), 'overdue', 'down'
)
SELECT metric, this_month, last_month, round(this_month - last_month, 1) AS change, name, headline
FROM metrics
ORDER BY n;
