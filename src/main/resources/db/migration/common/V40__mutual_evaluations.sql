-- 双向考核评议 (seed 001: 县级职能部门和乡镇政府之间履职双向考核评议). On a forwarded case the township's
-- pre-examiner rates the county department's handling (county-handling), and the county department rates the
-- township's pre-examination, the completeness of what was forwarded (pre-examination): a 1–5 score and a comment,
-- once per case and direction. Timeliness, returns and 超时默认 are computed from tw_step_fact, not stored.
CREATE TABLE IF NOT EXISTS tw_mutual_evaluation (
  process_instance_id VARCHAR(64)  NOT NULL,
  direction           VARCHAR(24)  NOT NULL,
  case_no             VARCHAR(64)  NOT NULL,
  township_id         VARCHAR(64)  NOT NULL,
  -- who is rated: the township (tenant id) or the reviewing department(s) (group ids, comma-separated)
  rated_unit          VARCHAR(255) NOT NULL,
  rater_id            VARCHAR(64)  NOT NULL,
  rater_unit          VARCHAR(64)  NOT NULL,
  score               INTEGER      NOT NULL,
  rating_comment      VARCHAR(500),
  rated_at            TIMESTAMP    NOT NULL,
  PRIMARY KEY (process_instance_id, direction)
);
CREATE INDEX IF NOT EXISTS tw_mutual_evaluation_rated ON tw_mutual_evaluation (township_id, rated_at);
