-- V51: 催办 — a supervisor or leader urged an open step with a message (duty/UrgeController); counted on the
-- supervision dashboard (metrics/SupervisionFigures.urged). Portable between H2 and PostgreSQL.
CREATE TABLE tw_task_urge (
  id                  VARCHAR(64)   NOT NULL PRIMARY KEY,
  task_id             VARCHAR(64)   NOT NULL,
  process_instance_id VARCHAR(64),
  case_no             VARCHAR(64),
  township_id         VARCHAR(64),
  step_key            VARCHAR(255),
  holder              VARCHAR(64),
  urged_by            VARCHAR(64)   NOT NULL,
  message             VARCHAR(500)  NOT NULL,
  urged_at            TIMESTAMP     NOT NULL
);
CREATE INDEX tw_task_urge_time ON tw_task_urge (urged_at, township_id);
CREATE INDEX tw_task_urge_task ON tw_task_urge (task_id);
