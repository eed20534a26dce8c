-- Every customer whose grade changed, or stuck, per salesperson: down, left
-- and stuck first (what the manager asks about), then up and new.
-- key: list
-- file: grade_changes
-- title: 级别变动明细 Grade changes, customer by customer
-- shape: rows
-- columns: customer text 客户 customer | phone phone 电话 phone | salesperson text 销售顾问 salesperson | before text 期初 before | after text 期末 after | change text 变动 change | store text ?门店 store
SELECT customer, phone, salesperson, before, after, change, store
FROM temp.changes c
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = c.store AND so.salesperson = c.salesperson), salesperson,
         CASE change WHEN 'down' THEN 1 WHEN 'left' THEN 2 WHEN 'stuck' THEN 3 WHEN 'up' THEN 4
                     ELSE 5 END,
         customer_key;
