-- V3: an index on Camunda's own task table (measured in docs/benchmarks.md, WorkflowBenchmark part 4).
-- Tasklist "待认领（本岗位）": unassigned candidate tasks of the clerk's groups in the clerk's township, by due date,
-- first page. With it the database walks the tasks in due-date order and stops after the page (100,000 open tasks
-- on PostgreSQL: 122 ms → 19 ms); without it, it sorts every task of the township first.
CREATE INDEX IF NOT EXISTS tw_idx_task_due ON ACT_RU_TASK (DUE_DATE_);
