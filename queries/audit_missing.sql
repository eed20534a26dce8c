-- Customers whose grade has no follow-up schedule (N: complete the record
-- first) and what their record lacks.
-- key: missing_list
-- title: 资料不全客户 Incomplete records (grade N: complete the record first)
-- shape: rows
-- What is missing is stored as field names ("phone, name, model"): the
-- JSON keeps them, people read them in Chinese.
-- columns: salesperson text 销售顾问 salesperson | customer text 客户 customer | phone phone 电话 phone | missing text - | missing_label text 缺少 missing | last_contact text 最近联系 last contact | contacts int 接触次数 contacts
SELECT g.owner AS salesperson, coalesce(g.name, '') AS customer, g.phone, g.missing,
       replace(replace(replace(replace(g.missing, 'phone', '电话'), 'name', '姓名'),
                       'model', '车型'), ', ', '、') AS missing_label,
       g.last_day AS last_contact, g.contacts
FROM grades g
WHERE g.as_of = :as_of AND g.state = 'pipeline' AND g.grade IN (SELECT name FROM temp.grade_list WHERE follow_up IS NULL)
  AND (:salesperson IS NULL OR g.owner = :salesperson)
ORDER BY g.owner, g.last_day DESC, g.customer_key;
