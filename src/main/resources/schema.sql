-- Tables the application owns beside the engine's. Portable between H2 and PostgreSQL.
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
