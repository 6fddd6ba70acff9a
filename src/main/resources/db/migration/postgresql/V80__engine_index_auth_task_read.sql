-- V80 (PostgreSQL only): a partial index on Camunda's authorization table for the task query's authorization check
-- (issue 21, measured in docs/benchmarks.md "Tasklist count", WorkflowBenchmark part 4). Camunda 7.24 joins
-- ACT_RU_AUTHORIZATION on "RESOURCE_ID_ IN (task id, definition key, '*')" and probes it once per candidate
-- task (5,000 probes for 青山镇's clerk at 100,000 open tasks). With the engine's index on RESOURCE_ID_ alone, every probe
-- also read and rejected the 89 '*' rows of all other resource types and permissions. The predicate is exactly the
-- check the task query sends (READ on the task, or READ_TASK on its process definition), so PostgreSQL proves the
-- index applies and each probe reads the task's own row and 5 '*' rows.
-- CONCURRENTLY: built without blocking task writes (Flyway runs it outside a transaction, as V3).
CREATE INDEX CONCURRENTLY IF NOT EXISTS tw_idx_auth_task_read ON ACT_RU_AUTHORIZATION (RESOURCE_ID_)
  WHERE TYPE_ < 2 AND (RESOURCE_TYPE_ = 7 AND PERMS_ & 2 = 2 OR RESOURCE_TYPE_ = 6 AND PERMS_ & 64 = 64);
