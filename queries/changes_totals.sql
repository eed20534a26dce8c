-- The grade changes of the period, counted.
-- key: change_totals
-- title: 级别变动汇总 Grade changes
-- shape: scalars
-- columns: up int 升级 up | down int 降级 down | new int 新增 new | left int 离开 left | stuck int 停滞 stuck
SELECT coalesce(sum(change = 'up'), 0) AS up,
       coalesce(sum(change = 'down'), 0) AS down,
       coalesce(sum(change = 'new'), 0) AS new,
       coalesce(sum(change = 'left'), 0) AS left,
       coalesce(sum(change = 'stuck'), 0) AS stuck
FROM temp.changes;
