-- The funnel per owner: the salesperson of each customer's first contact ever.
-- key: by_owner
-- file: funnel_by_salesperson
-- title: 各销售顾问漏斗 Funnel by salesperson (owner)
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | prospects int 潜在客户 prospects | visitors int 到店客户 visitors | buyers int 成交客户 buyers | store text ?门店 store
SELECT owner AS salesperson,
       count(*) AS prospects,
       sum(visited) AS visitors,
       sum(bought) AS buyers,
       store
FROM temp.period p
GROUP BY store, owner
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = p.store AND so.salesperson = p.owner);
