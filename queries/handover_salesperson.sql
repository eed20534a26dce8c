-- Who leaves (DOMAIN.md 7.12): the salesperson handed over, as the report's
-- title also says.
-- key: handover_salesperson
-- title: 离职销售顾问 Salesperson leaving
-- shape: scalars
-- hidden: yes
-- columns: salesperson text 离职销售顾问 salesperson leaving
SELECT :salesperson AS salesperson;
