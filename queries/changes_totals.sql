-- The grade changes of the period, counted (from the counts per
-- salesperson, changes_prepare.sql).
-- key: change_totals
-- title: 级别变动汇总 Grade changes
-- shape: scalars
-- columns: up int 升级 up | down int 降级 down | new int 新增 new | left int 离开 left | stuck int 停滞 stuck
SELECT coalesce(sum(customers * (change = 'up')), 0) AS up,
       coalesce(sum(customers * (change = 'down')), 0) AS down,
       coalesce(sum(customers * (change = 'new')), 0) AS new,
       coalesce(sum(customers * (change = 'left')), 0) AS left,
       coalesce(sum(customers * (change = 'stuck')), 0) AS stuck
FROM temp.change_counts;
