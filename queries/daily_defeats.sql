-- The day's DEFEAT and LOST rows, for the manager to confirm at the evening
-- meeting: the row's salesperson, reason and brand by the rules in force.
-- key: defeat_list
-- title: 今日战败/失控待确认 Lost sales to confirm
-- shape: rows
-- columns: salesperson text 销售顾问 salesperson | customer text 客户 customer | phone phone 电话 phone | model text 车型 model | outcome text 结果 outcome | reason text 原因 reason | brand text 流失品牌 brand | text text 原话 as written
SELECT salesperson, coalesce(customer, '') AS customer, phone, coalesce(model, '') AS model,
       outcome,
       lost_reason(outcome, defeat_reason, notes) AS reason,
       lost_brand(defeat_reason, notes) AS brand,
       coalesce(nullif(defeat_reason, ''), notes) AS text
FROM contacts
WHERE day = :as_of AND outcome IN ('DEFEAT', 'LOST')
  AND (:salesperson IS NULL OR salesperson = :salesperson)
ORDER BY salesperson, coalesce(time, '00:00:00'), id;
