-- Every lost-sale case of the period, for discussion at the meeting.
-- key: list
-- file: lost_sale_cases
-- title: 战败客户明细 Lost-sale cases
-- shape: rows
-- People read the outcome and the reason by their Chinese labels; the codes
-- stay in the JSON.
-- columns: date text 日期 date | customer text 客户 customer | phone phone 电话 phone | salesperson text 销售顾问 salesperson | model text 车型 model | outcome text - | outcome_label text 结果 outcome | reason text - | reason_label text 原因 reason | brand text 流失品牌 brand | text text 原话 as written
SELECT d.day AS date, d.customer, d.phone, d.salesperson, d.model,
       d.outcome, coalesce(o.label, d.outcome) AS outcome_label,
       d.reason, coalesce(r.label, d.reason) AS reason_label,
       d.brand, d.text
FROM temp.defeat_cases d
LEFT JOIN temp.outcome_list o ON o.name = d.outcome
LEFT JOIN temp.reason_list r ON r.name = d.reason
ORDER BY d.day, d.salesperson, d.customer_key;
