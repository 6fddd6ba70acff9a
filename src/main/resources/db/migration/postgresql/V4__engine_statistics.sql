-- V4 (PostgreSQL only): planner statistics on Camunda's authorization table. The task query's authorization check
-- joins ACT_RU_AUTHORIZATION on "RESOURCE_ID_ IN (task id, definition key, '*')" after filtering "PERMS_ & n = n";
-- without statistics on those expressions the planner guesses a handful of rows where a group holds one row per open
-- task, and compares every candidate task with every authorization row (Tasklist count, 100,000 open tasks:
-- 25.9 s → 88 ms).
CREATE STATISTICS IF NOT EXISTS tw_stat_auth_read ON (PERMS_ & 2) FROM ACT_RU_AUTHORIZATION;
CREATE STATISTICS IF NOT EXISTS tw_stat_auth_read_task ON (PERMS_ & 64) FROM ACT_RU_AUTHORIZATION;
