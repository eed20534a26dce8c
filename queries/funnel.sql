-- The funnel of a period (DOMAIN.md 7.1): prospects, visitors and buyers,
-- their ratio against the 25:5:1 target. Over a dealer group's stores a
-- person is counted once, by phone (6.3); shared_customers are the people
-- who were customers of more than one store.
-- key: totals
-- file: funnel
-- title: 销售漏斗 Funnel
-- shape: scalars
-- columns: prospects int 潜在客户 prospects | visitors int 到店客户 visitors | buyers int 成交客户 buyers | ratio json 比例 ratio | target json 目标 target | shared_customers int -
WITH people AS (
    SELECT person, max(visited) AS visited, max(bought) AS bought,
           count(DISTINCT store) > 1 AS shared
    FROM temp.period
    GROUP BY person
)
SELECT count(*) AS prospects,
       coalesce(sum(visited), 0) AS visitors,
       coalesce(sum(bought), 0) AS buyers,
       CASE WHEN sum(bought) > 0
            THEN json_array(round(count(*) * 1.0 / sum(bought), 1),
                            round(sum(visited) * 1.0 / sum(bought), 1), 1)
       END AS ratio,
       json_array(:target_p, :target_v, :target_b) AS target,
       coalesce(sum(shared), 0) AS shared_customers
FROM people;
