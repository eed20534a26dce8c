-- Every lost-sale case of the period, for discussion at the meeting.
-- key: list
-- title: 战败客户明细 Lost-sale cases
-- shape: rows
-- columns: date text 日期 date | customer text 客户 customer | phone phone 电话 phone | salesperson text 销售顾问 salesperson | model text 车型 model | outcome text 结果 outcome | reason text 原因 reason | brand text 流失品牌 brand | text text 原话 as written
SELECT day AS date, customer, phone, salesperson, model, outcome, reason, brand, text
FROM temp.defeat_cases
ORDER BY day, salesperson, customer_key;
