-- Lead sources (DOMAIN.md 7.11): the period's customers (7.1, temp.period)
-- by the first non-empty source of their contacts up to the period's end
-- ("" when none has one), with the funnel, rates (null on a zero
-- denominator) and lost sales of each; most buyers first.
-- key: rows
-- file: sources
-- title: 客户来源 Lead sources
-- shape: rows
-- columns: source text - | label text 来源 source | prospects int 潜在客户 prospects | visitors int 到店 visitors | buyers int 成交 buyers | visit_rate rate 到店率 visit rate | close_rate rate 成交率 close rate | defeats int 战败/失控 defeats
-- chart: by_source bars.gp label,buyers 各来源成交客户 Buyers by lead source
-- the period's customers by key, for the scan of the contacts below to look
-- each row up in (an index SQLite makes for one query alone has a cache of
-- 2 MB, which a large period's customers outgrow)
CREATE INDEX IF NOT EXISTS temp.period_by_key ON period (customer_key);
WITH firsts AS (
    -- the bare column source comes from the row of the earliest contact; one
    -- scan of the contacts (+day: the day index would cost a lookup a row)
    SELECT c.customer_key, c.source,
           min(c.day || ' ' || coalesce(c.time, '00:00:00') || ' ' || printf('%012d', c.id))
               AS first
    FROM contacts c
    JOIN temp.period p ON p.customer_key = c.customer_key
    WHERE +c.day <= :to AND c.source <> ''
    GROUP BY c.customer_key
)
SELECT coalesce(f.source, '') AS source,
       coalesce(f.source, '(未填 none)') AS label,
       count(*) AS prospects,
       sum(p.visited) AS visitors,
       sum(p.bought) AS buyers,
       sum(p.visited) * 1.0 / count(*) AS visit_rate,
       CASE WHEN sum(p.visited) > 0 THEN sum(p.bought) * 1.0 / sum(p.visited) END AS close_rate,
       sum(p.defeated) AS defeats
FROM temp.period p
LEFT JOIN firsts f ON f.customer_key = p.customer_key
GROUP BY coalesce(f.source, '')
ORDER BY buyers DESC, prospects DESC, source;
