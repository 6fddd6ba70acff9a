-- V90: the identification number of an enforcement case's party (partyIdNumber: a citizen's resident ID number
-- 身份证号, an organization's 统一社会信用代码), kept here and not as a case variable: the engine showed it whole to
-- every township and county supervisor who may read the case's variables (Cockpit, the engine REST API) and kept it in
-- its history for ten years (个人信息保护法第六条、第二十八条: minimum necessary; sensitive personal information).
-- A sibling of tw_applicant_identity (V86), not rows in it: an applicant and a party are different people of different
-- procedures, a party's number is read back (the repeat-fine check, the penalty register, the publication check) while
-- an applicant's never is, and only a citizen's number is personal information (party_type says which).
-- RegisterCase writes the row and removes the start variable in the start's transaction; V91 moves the numbers that
-- cases of earlier releases hold. Portable between H2 and PostgreSQL.
CREATE TABLE IF NOT EXISTS tw_party_identity (
  -- the case's root process instance (joint-enforcement), as tw_penalty_decision names it
  process_instance_id  VARCHAR(64)  NOT NULL PRIMARY KEY,
  case_no              VARCHAR(64),
  -- the township (tenant) the case belongs to
  tenant_id            VARCHAR(64),
  -- citizen: a resident ID number (personal data, sensitive, checked at registration); organization: its credit code
  party_type           VARCHAR(32),
  -- as the penalty register keeps it: trimmed, upper case
  id_number            VARCHAR(64)  NOT NULL,
  -- when it was written here (for cases of earlier releases: when V91 moved it)
  recorded_at          TIMESTAMP    NOT NULL
);
