-- Indexes the application adds to Camunda's own tables (a migration the project owns, applied at every
-- start by system/EngineIndexes; CREATE INDEX IF NOT EXISTS works on H2 and PostgreSQL).
-- Measured in docs/benchmarks.md (WorkflowBenchmark, part 4), with the plans before and after.

-- Tasklist "待认领（本岗位）": candidate tasks of the clerk's groups, unassigned, in the clerk's township,
-- by due date, first page.
CREATE INDEX IF NOT EXISTS tw_idx_task_due ON ACT_RU_TASK (DUE_DATE_);
CREATE INDEX IF NOT EXISTS tw_idx_ident_lnk_group_task ON ACT_RU_IDENTITYLINK (GROUP_ID_, TYPE_, TASK_ID_);
