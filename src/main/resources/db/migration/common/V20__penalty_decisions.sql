-- V20: the enforcement decisions the townships have made (处罚台账): the same act of the same party is never fined
-- twice (《行政处罚法》第二十九条), and decisions with a social impact are published and, when changed or revoked,
-- withdrawn with the reason (第四十八条; GET /api/enforcement/publications). Portable between H2 and PostgreSQL.
CREATE TABLE tw_penalty_decision (
  process_instance_id VARCHAR(64)   NOT NULL PRIMARY KEY,
  case_no             VARCHAR(64)   NOT NULL,
  township_id         VARCHAR(64),
  acting_authority    VARCHAR(255)  NOT NULL,
  party_type          VARCHAR(16)   NOT NULL,
  party_name          VARCHAR(255)  NOT NULL,
  -- never published: only to find an earlier fine for the same act
  party_id_number     VARCHAR(64),
  violation_type      VARCHAR(64)   NOT NULL,
  violation_name      VARCHAR(255)  NOT NULL,
  violation_date      DATE,
  penalty_kind        VARCHAR(32)   NOT NULL,
  fine_amount         DECIMAL(14,2) NOT NULL,
  penalty_basis       VARCHAR(1000),
  decided_on          DATE          NOT NULL,
  -- set when reconsideration or a court revokes the decision; a changed fine replaces fine_amount
  revoked_on          DATE,
  published_on        DATE,
  public_text         VARCHAR(4000),
  withdrawn_on        DATE,
  withdrawal_reason   VARCHAR(1000)
);
CREATE INDEX tw_penalty_decision_act ON tw_penalty_decision (party_id_number, violation_type, violation_date);
CREATE INDEX tw_penalty_decision_published ON tw_penalty_decision (published_on);
