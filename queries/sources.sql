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
-- The grading keeps each customer's first non-empty source as of the date
-- (the contacts by day, time, then id) in grades.source, which
-- temp.period holds.
SELECT source,
       CASE WHEN source = '' THEN '(未填 none)' ELSE source END AS label,
       count(*) AS prospects,
       sum(visited) AS visitors,
       sum(bought) AS buyers,
       sum(visited) * 1.0 / count(*) AS visit_rate,
       CASE WHEN sum(visited) > 0 THEN sum(bought) * 1.0 / sum(visited) END AS close_rate,
       sum(defeated) AS defeats
FROM temp.period
GROUP BY source
ORDER BY buyers DESC, prospects DESC, source;
