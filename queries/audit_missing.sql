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
    SELECT g.*,
           -- the first contact of the first day in the grading's order (a
           -- visit without a time at 00:00, then as imported), by the day
           (SELECT c.id FROM contacts c
            WHERE c.day = g.first_day AND c.customer_key = g.customer_key
            ORDER BY coalesce(c.time, '00:00:00'), c.id
            LIMIT 1) AS first_id
    FROM grades g
    WHERE g.as_of = :as_of AND g.state = 'pipeline' AND g.grade IN (SELECT name FROM temp.grade_list WHERE follow_up IS NULL)
      AND (:salesperson IS NULL OR g.owner = :salesperson)
)
SELECT g.owner AS salesperson, coalesce(g.name, '') AS customer, g.phone, g.missing,
       replace(replace(replace(replace(g.missing, 'phone', '电话'), 'name', '姓名'),
                       'model', '车型'), ', ', '、') AS missing_label,
       coalesce(g.model, '') AS model,
       g.first_day AS first_contact, g.last_day AS last_contact, g.contacts,
       i.file || ':' || c.line AS file_line,
       substr(i.file, length(rtrim(i.file, replace(i.file, '/', ''))) + 1) || ':' || c.line
           AS record
FROM incomplete g
LEFT JOIN contacts c ON c.id = g.first_id
LEFT JOIN imports i ON i.id = c.import_id
ORDER BY (SELECT so.position FROM temp.salesperson_order so
          WHERE so.store = g.store AND so.salesperson = g.owner),
         g.last_day DESC, g.customer_key;
