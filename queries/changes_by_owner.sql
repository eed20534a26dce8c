-- The grade changes per salesperson (owner), from their counts
-- (changes_prepare.sql).
-- key: by_owner
-- title: 各销售顾问级别变动 Grade changes by salesperson
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | up int 升级 up | down int 降级 down | new int 新增 new | left int 离开 left | stuck int 停滞 stuck | store text ?门店 store
SELECT salesperson,
       sum(customers * (change = 'up')) AS up,
       sum(customers * (change = 'down')) AS down,
       sum(customers * (change = 'new')) AS new,
       sum(customers * (change = 'left')) AS left,
       sum(customers * (change = 'stuck')) AS stuck,
       store
FROM temp.change_counts c
GROUP BY salesperson, store
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = c.store AND so.salesperson = c.salesperson), salesperson;
