-- V55: the applicant's text messages (messages/): an outbox written in the transaction of the step that causes a
-- message, sent after commit by MessageSender, which claims rows with FOR UPDATE SKIP LOCKED so that two nodes never
-- send one twice. Portable between H2 and PostgreSQL.
CREATE TABLE tw_message (
  id              VARCHAR(64)   NOT NULL PRIMARY KEY,
  receipt_no      VARCHAR(64)   NOT NULL,
  township_id     VARCHAR(64),
  -- personal data: shown masked in logs and answers (138****8000)
  phone           VARCHAR(32)   NOT NULL,
  template_code   VARCHAR(64)   NOT NULL,
  -- what caused it on the case (the step and the how-many-th message of this template): a step run again after a
  -- rollback writes the same key, so a case never gets one message twice
  cause           VARCHAR(128)  NOT NULL,
  text            VARCHAR(1000) NOT NULL,
  -- PENDING (to send, from next_attempt_at), SENT, FAILED (after the configured attempts)
  status          VARCHAR(16)   NOT NULL,
  attempts        INTEGER       DEFAULT 0 NOT NULL,
  next_attempt_at TIMESTAMP     NOT NULL,
  sent_at         TIMESTAMP,
  last_error      VARCHAR(1000),
  created_at      TIMESTAMP     NOT NULL,
  CONSTRAINT tw_message_once UNIQUE (receipt_no, template_code, cause)
);
CREATE INDEX tw_message_due ON tw_message (status, next_attempt_at);

-- What the log gateway (the default, demo) delivered: one row per message handed to it, with the node that sent it.
CREATE TABLE tw_message_delivery (
  id           VARCHAR(64)  NOT NULL PRIMARY KEY,
  message_id   VARCHAR(64)  NOT NULL,
  node         VARCHAR(128),
  delivered_at TIMESTAMP    NOT NULL
);
CREATE INDEX tw_message_delivery_message ON tw_message_delivery (message_id);
