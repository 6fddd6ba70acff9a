-- V5: what the security officer reads (GB/T 22239-2019 第三级: 身份鉴别, 安全审计; 网络安全法第二十一条: logs kept at
-- least six months; we keep them for township.audit.retention-days, default three years).

-- Every webapp login (success, failure, refused as throttled), every failed or refused HTTP Basic login, and the
-- first successful Basic login of an account from an address each hour. Also what the login throttle counts.
CREATE TABLE IF NOT EXISTS tw_login_attempt (
  id             VARCHAR(64)  NOT NULL PRIMARY KEY,
  user_id        VARCHAR(64)  NOT NULL,
  client_address VARCHAR(64)  NOT NULL,
  channel        VARCHAR(16)  NOT NULL,
  result         VARCHAR(16)  NOT NULL,
  attempted_at   TIMESTAMP    NOT NULL
);
CREATE INDEX IF NOT EXISTS tw_login_attempt_user ON tw_login_attempt (user_id, attempted_at);
CREATE INDEX IF NOT EXISTS tw_login_attempt_address ON tw_login_attempt (client_address, attempted_at);
CREATE INDEX IF NOT EXISTS tw_login_attempt_time ON tw_login_attempt (attempted_at);

-- Our own actions on the record beside the engine's user operation log (ACT_HI_OP_LOG): model migrations, changes
-- of a task's holder, calendar recomputations... Never updated or deleted by the application.
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
CREATE INDEX IF NOT EXISTS tw_refusal_time ON tw_refusal (created_at);

-- The public endpoints' limits (status lookup, public comments…), shared by every node: hits per client and per
-- minute; rows of past minutes are removed as new ones come.
CREATE TABLE IF NOT EXISTS tw_rate_limit (
  bucket       VARCHAR(32)  NOT NULL,
  client_key   VARCHAR(128) NOT NULL,
  window_start TIMESTAMP    NOT NULL,
  hits         INTEGER      NOT NULL,
  PRIMARY KEY (bucket, client_key, window_start)
);
CREATE INDEX IF NOT EXISTS tw_rate_limit_window ON tw_rate_limit (window_start);
