-- V3: an index on Camunda's own task table (measured in docs/benchmarks.md, WorkflowBenchmark part 4).
-- Tasklist "待认领（本岗位）": unassigned candidate tasks of the clerk's groups in the clerk's township, by due date,
-- first page. With it PostgreSQL walks the tasks in due-date order and stops after the page (100,000 open tasks:
-- 122 ms → 19 ms); without it, it sorts every task of the township first.
-- CONCURRENTLY: on a county's large task table the index is built without blocking Tasklist (Flyway runs this
-- statement outside a transaction, as PostgreSQL requires).
CREATE INDEX CONCURRENTLY IF NOT EXISTS tw_idx_task_due ON ACT_RU_TASK (DUE_DATE_);
