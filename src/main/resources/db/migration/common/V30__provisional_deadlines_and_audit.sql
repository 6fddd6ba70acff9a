-- V30: deadlines computed for a year processes/holidays.csv did not cover yet (statutory holidays only, no 调休),
-- kept so that they are recomputed once analysts publish that year (catalog/ProvisionalDeadlines, CalendarUpdate);
-- and the audit trail of what the system changed on running cases. Portable between H2 and PostgreSQL.
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

-- Changes the system made on running cases (recomputed deadlines), with who caused them and why. Generic, so that
-- the security audit can take it over.
CREATE TABLE tw_audit_event (
  id                  VARCHAR(64)   NOT NULL PRIMARY KEY,
  occurred_at         TIMESTAMP     NOT NULL,
  actor               VARCHAR(64)   NOT NULL,
  action              VARCHAR(64)   NOT NULL,
  case_no             VARCHAR(64),
  process_instance_id VARCHAR(64),
  detail              VARCHAR(2000) NOT NULL
);
CREATE INDEX tw_audit_event_time ON tw_audit_event (occurred_at);
CREATE INDEX tw_audit_event_case ON tw_audit_event (case_no);
