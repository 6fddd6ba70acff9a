-- V56: where an application was received when not at its handling township's own window: 全县域通办 (the window of
-- another township registers it; the case belongs to the handling township from the start) and 村级代办 (a village
-- agent registers it for a villager, with the villager's consent). Portable between H2 and PostgreSQL.
CREATE TABLE tw_registration (
  receipt_no             VARCHAR(64)   NOT NULL PRIMARY KEY,
  process_instance_id    VARCHAR(64)   NOT NULL,
  -- CROSS_TOWNSHIP (通办 at another township's window) or VILLAGE_AGENT (村级代办)
  channel                VARCHAR(16)   NOT NULL,
  handling_township_id   VARCHAR(64)   NOT NULL,
  receiving_township_id  VARCHAR(64)   NOT NULL,
  registered_by          VARCHAR(64)   NOT NULL,
  village_id             VARCHAR(64),
  -- how the villager consented (an agent's registration only): 授权委托书, signature, the date
  villager_consent       VARCHAR(500),
  -- the window that issues the decision (统一窗口出件): the handling township's unless another is chosen
  issuing_township_id    VARCHAR(64)   NOT NULL,
  registered_at          TIMESTAMP     NOT NULL
);
CREATE INDEX tw_registration_receiving ON tw_registration (receiving_township_id, registered_at);
CREATE INDEX tw_registration_agent ON tw_registration (registered_by, registered_at);
