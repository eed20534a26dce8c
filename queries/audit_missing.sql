-- Customers whose grade has no follow-up schedule (N: complete the record
-- first) and what their record lacks, with what is known of each so that
-- it can be found and completed: the owner, name and phone when there are
-- any, the model, the first contact's day and where that contact came
-- from: the export's file (as imported in the JSON, its name alone for
-- people) and line.
-- key: missing_list
-- title: 资料不全客户 Incomplete records (grade N: complete the record first)
-- shape: rows
-- What is missing is stored as field names ("phone, name, model"): the
-- JSON keeps them, people read them in Chinese.
-- columns: salesperson text 销售顾问 salesperson | customer text 客户 customer | phone phone 电话 phone | missing text - | missing_label text 缺少 missing | model text 车型 model | first_contact text 首次接触 first contact | last_contact text 最近联系 last contact | contacts int - | file_line text - | record text 记录位置 file:line
WITH incomplete AS (
    SELECT g.customer_key
    FROM grades g
    WHERE g.as_of = :as_of AND g.state = 'pipeline' AND g.grade IN (SELECT name FROM temp.grade_list WHERE follow_up IS NULL)
      AND (:salesperson IS NULL OR g.owner = :salesperson)
), first_contacts AS (
    -- the first contact of each in the grading's order (a visit without a
    -- time at 00:00, then as imported), in one pass over the contacts
    SELECT customer_key, import_id, line
    FROM (SELECT c.customer_key, c.import_id, c.line,
                 row_number() OVER (PARTITION BY c.customer_key
                                    ORDER BY c.day, coalesce(c.time, '00:00:00'), c.id) AS n
          FROM contacts c
          WHERE c.customer_key IN incomplete)
    WHERE n = 1
)
SELECT g.owner AS salesperson, coalesce(g.name, '') AS customer, g.phone, g.missing,
       replace(replace(replace(replace(g.missing, 'phone', '电话'), 'name', '姓名'),
                       'model', '车型'), ', ', '、') AS missing_label,
       coalesce(g.model, '') AS model,
       g.first_day AS first_contact, g.last_day AS last_contact, g.contacts,
       i.file || ':' || f.line AS file_line,
       substr(i.file, length(rtrim(i.file, replace(i.file, '/', ''))) + 1) || ':' || f.line
           AS record
FROM first_contacts f
JOIN grades g ON g.as_of = :as_of AND g.customer_key = f.customer_key
LEFT JOIN imports i ON i.id = f.import_id
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = g.store AND so.salesperson = g.owner),
         g.last_day DESC, g.customer_key;
