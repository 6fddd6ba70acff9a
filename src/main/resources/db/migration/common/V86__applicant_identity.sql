-- V86: the applicant's resident ID number (身份证号) of a window case, kept here and not as a case variable: the
-- engine showed it whole to everyone who may read the case's variables (Cockpit, the engine REST API behind Tasklist)
-- and kept it in its history for ten years (个人信息保护法第六条、第二十八条: minimum necessary; sensitive personal
-- information). RegisterApplication writes the row and removes the variable in the start's transaction; nothing in
-- the application reads it back (docs/security.md). V87 (a Java migration, db.migration.common) moves the numbers
-- that cases of earlier releases hold.
-- Portable between H2 and PostgreSQL.
CREATE TABLE IF NOT EXISTS tw_applicant_identity (
  -- the case's root process instance (delegated-review, forward-to-county)
  process_instance_id  VARCHAR(64)  NOT NULL PRIMARY KEY,
  receipt_no           VARCHAR(64),
  -- the township (tenant) the case belongs to
  tenant_id            VARCHAR(64),
  -- personal data, sensitive: validated at registration (18 characters), never shown unmasked (PersonalData)
  id_number            VARCHAR(64)  NOT NULL,
  -- when it was written here (for cases of earlier releases: when V87 moved it)
  recorded_at          TIMESTAMP    NOT NULL
);
