-- The day of the daily report (DOMAIN.md 7.10).
-- key: daily_date
-- title: 日期 Date
-- shape: scalars
-- hidden: yes
-- columns: date text 日期 date
SELECT :as_of AS date;
