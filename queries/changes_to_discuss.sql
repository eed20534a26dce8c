-- The customers of the pack's grade changes the meeting discusses: those
-- who moved down or left, per salesperson (the report changes lists every
-- change, the up, new and stuck too).
-- key: changes_down_left
-- title: 降级与离开的客户 Customers who moved down or left
-- shape: rows
-- columns: customer text 客户 customer | phone phone 电话 phone | salesperson text 销售顾问 salesperson | before text 期初 before | after text 期末 after | change text 变动 change | store text ?门店 store
SELECT customer, phone, salesperson, before, after, change, store
FROM temp.changes c
WHERE change IN ('down', 'left')
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = c.store AND so.salesperson = c.salesperson), salesperson,
         CASE change WHEN 'down' THEN 1 ELSE 2 END, customer_key;
