-- V50: 职位代理 — a user's absence (from, to, substitute), recorded by the user, their leader or an administrator
-- (duty/Absences). applied_at: when the open tasks were handed to the substitute; ended_at: when the absence ended
-- (its last day passed, or it was withdrawn) and the tasks went back. Portable between H2 and PostgreSQL.
CREATE TABLE tw_absence (
  id          VARCHAR(64)  NOT NULL PRIMARY KEY,
  user_id     VARCHAR(64)  NOT NULL,
  -- the tenant the user belongs to, or "all" for county staff of every township
  township    VARCHAR(64)  NOT NULL,
  from_date   DATE         NOT NULL,
  to_date     DATE         NOT NULL,
  substitute  VARCHAR(64)  NOT NULL,
  recorded_by VARCHAR(64)  NOT NULL,
  reason      VARCHAR(200),
  created_at  TIMESTAMP    NOT NULL,
  applied_at  TIMESTAMP,
  ended_at    TIMESTAMP
);
CREATE INDEX tw_absence_user ON tw_absence (user_id, ended_at);
CREATE INDEX tw_absence_township ON tw_absence (township, ended_at);
