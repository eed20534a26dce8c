-- The number of lost-sale cases in the period.
-- key: defeat_totals
-- title: 战败总数 Lost sales
-- shape: scalars
-- columns: cases int 战败/失控客户 lost-sale cases
SELECT count(*) AS cases FROM temp.defeat_cases;
