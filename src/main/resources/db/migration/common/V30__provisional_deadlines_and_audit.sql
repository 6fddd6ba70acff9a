-- V30: deadlines computed for a year processes/holidays.csv did not cover yet (statutory holidays only, no 调休),
-- kept so that they are recomputed once analysts publish that year (catalog/ProvisionalDeadlines, CalendarUpdate);
-- and the audit table those recomputations are written to. Portable between H2 and PostgreSQL.
CREATE TABLE tw_provisional_deadline (
  id                  VARCHAR(64)  NOT NULL PRIMARY KEY,
  process_instance_id VARCHAR(64)  NOT NULL,
  case_no             VARCHAR(64),
  -- the deadline ends working_days working days after start_day: at nine (a warning point) or at the day's end
  start_day           DATE         NOT NULL,
  working_days        INTEGER      NOT NULL,
  at_opening          BOOLEAN      NOT NULL,
  due_at              TIMESTAMP    NOT NULL,
  due_year            INTEGER      NOT NULL,
  created_at          TIMESTAMP    NOT NULL,
  settled_at          TIMESTAMP
);
CREATE INDEX tw_provisional_deadline_open ON tw_provisional_deadline (settled_at, due_year);

-- The application's own actions on the record (here: deadlines recomputed when a year is published). The same table,
-- columns and indexes as the security work's audit trail creates, so whichever migration runs first makes it.
CREATE TABLE IF NOT EXISTS tw_audit_event (
  id          VARCHAR(64)   NOT NULL PRIMARY KEY,
  occurred_at TIMESTAMP     NOT NULL,
  user_id     VARCHAR(64),
  action      VARCHAR(64)   NOT NULL,
  case_no     VARCHAR(64),
  detail      VARCHAR(2000)
);
CREATE INDEX IF NOT EXISTS tw_audit_event_time ON tw_audit_event (occurred_at);
CREATE INDEX IF NOT EXISTS tw_audit_event_case ON tw_audit_event (case_no);
