-- V1: the tables of the first release (before Flyway, created by schema.sql at every start). Every statement is
-- idempotent (IF NOT EXISTS): a database that already has them is baselined at version 0 and passes through here
-- unchanged, then takes the later steps it lacks. Portable between H2 and PostgreSQL.
CREATE TABLE IF NOT EXISTS tw_receipt_sequence (
  township_id VARCHAR(64) NOT NULL,
  receipt_day CHAR(8)     NOT NULL,
  last_value  INTEGER     NOT NULL,
  PRIMARY KEY (township_id, receipt_day)
);

-- Every notice the office gives (一次性告知书, decisions, warnings), kept for the record.
CREATE TABLE IF NOT EXISTS tw_notice (
  id                  VARCHAR(64)   NOT NULL PRIMARY KEY,
  receipt_no          VARCHAR(64),
  process_instance_id VARCHAR(64)   NOT NULL,
  township_id         VARCHAR(64),
  recipient           VARCHAR(255)  NOT NULL,
  kind                VARCHAR(64)   NOT NULL,
  content             VARCHAR(4000) NOT NULL,
  created_at          TIMESTAMP     NOT NULL
);
CREATE INDEX IF NOT EXISTS tw_notice_receipt ON tw_notice (receipt_no);

-- Comments on a major decision's draft: from the public endpoint or entered by staff (letters, visits).
CREATE TABLE IF NOT EXISTS tw_public_comment (
  id           VARCHAR(64)   NOT NULL PRIMARY KEY,
  decision_no  VARCHAR(64)   NOT NULL,
  channel      VARCHAR(16)   NOT NULL,
  commenter    VARCHAR(100),
  contact      VARCHAR(100),
  content      VARCHAR(2000) NOT NULL,
  recorded_by  VARCHAR(64),
  created_at   TIMESTAMP     NOT NULL
);
CREATE INDEX IF NOT EXISTS tw_public_comment_decision ON tw_public_comment (decision_no);

-- Requests the application refused for lack of rights (403), kept for the security officer.
CREATE TABLE IF NOT EXISTS tw_refusal (
  id         VARCHAR(64)   NOT NULL PRIMARY KEY,
  user_id    VARCHAR(64)   NOT NULL,
  method     VARCHAR(8)    NOT NULL,
  path       VARCHAR(512)  NOT NULL,
  created_at TIMESTAMP     NOT NULL
);
CREATE INDEX IF NOT EXISTS tw_refusal_user ON tw_refusal (user_id);

-- Supervision figures (督查/绩效), kept up to date by engine listeners (metrics/CaseFacts) so that the
-- dashboards never scan the engine's history. One row per case (the root process instance).
CREATE TABLE IF NOT EXISTS tw_case_fact (
  process_instance_id VARCHAR(64)  NOT NULL PRIMARY KEY,
  procedure_key       VARCHAR(64)  NOT NULL,
  township_id         VARCHAR(64),
  case_no             VARCHAR(64),
  matter_code         VARCHAR(64),
  matter_name         VARCHAR(255),
  started_at          TIMESTAMP    NOT NULL,
  -- 办结 (the decision issued), or the end of the case where it ended otherwise
  completed_at        TIMESTAMP,
  ended_at            TIMESTAMP,
  end_key             VARCHAR(64),
  end_name            VARCHAR(255),
  limit_days          INTEGER,
  due_at              TIMESTAMP,
  clock_paused        BOOLEAN      DEFAULT FALSE NOT NULL,
  on_time             BOOLEAN,
  -- working days from acceptance to 办结, without the days waiting for the applicant's supplement
  handling_days       INTEGER,
  waiting_level       VARCHAR(16),
  waiting_since       TIMESTAMP,
  rating_level        VARCHAR(32),
  rated_at            TIMESTAMP
);
CREATE INDEX IF NOT EXISTS tw_case_fact_started ON tw_case_fact (township_id, started_at);
CREATE INDEX IF NOT EXISTS tw_case_fact_completed ON tw_case_fact (township_id, completed_at);
CREATE INDEX IF NOT EXISTS tw_case_fact_rated ON tw_case_fact (township_id, rated_at);
-- the county's view (every township): by date alone
CREATE INDEX IF NOT EXISTS tw_case_fact_started_all ON tw_case_fact (started_at);
CREATE INDEX IF NOT EXISTS tw_case_fact_completed_all ON tw_case_fact (completed_at);
CREATE INDEX IF NOT EXISTS tw_case_fact_rated_all ON tw_case_fact (rated_at);

-- One row per user task of a case (open while ended_at is null) and per end event reached (kind END).
CREATE TABLE IF NOT EXISTS tw_step_fact (
  id                  VARCHAR(64)  NOT NULL PRIMARY KEY,
  process_instance_id VARCHAR(64)  NOT NULL,
  procedure_key       VARCHAR(64)  NOT NULL,
  township_id         VARCHAR(64),
  matter_code         VARCHAR(64),
  step_process_key    VARCHAR(64)  NOT NULL,
  step_key            VARCHAR(64)  NOT NULL,
  step_name           VARCHAR(255),
  kind                VARCHAR(8)   NOT NULL,
  holder              VARCHAR(255),
  started_at          TIMESTAMP    NOT NULL,
  due_at              TIMESTAMP,
  ended_at            TIMESTAMP,
  outcome             VARCHAR(16),
  working_days        INTEGER
);
CREATE INDEX IF NOT EXISTS tw_step_fact_ended ON tw_step_fact (township_id, ended_at);
CREATE INDEX IF NOT EXISTS tw_step_fact_case ON tw_step_fact (process_instance_id);
CREATE INDEX IF NOT EXISTS tw_step_fact_key ON tw_step_fact (step_key, township_id, ended_at);
CREATE INDEX IF NOT EXISTS tw_step_fact_ended_all ON tw_step_fact (ended_at);
