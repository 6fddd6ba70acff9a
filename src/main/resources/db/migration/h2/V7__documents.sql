-- V7: the documents the offices issue (casefile/Documents): each once issued is never changed; a corrected one is a
-- new version pointing to the one it replaces. Stored with the SHA-256 of its bytes.
CREATE TABLE IF NOT EXISTS tw_document (
  id                  VARCHAR(64)   NOT NULL PRIMARY KEY,
  case_no             VARCHAR(64)   NOT NULL,
  process_instance_id VARCHAR(64),
  township_id         VARCHAR(64),
  kind                VARCHAR(64)   NOT NULL,
  title               VARCHAR(255)  NOT NULL,
  organ               VARCHAR(255)  NOT NULL,
  doc_no              VARCHAR(128),
  version             INTEGER       NOT NULL,
  previous_id         VARCHAR(64),
  audience            VARCHAR(16)   NOT NULL,
  issued_at           TIMESTAMP     NOT NULL,
  issued_by           VARCHAR(64),
  sha256              CHAR(64)      NOT NULL,
  pages               INTEGER       NOT NULL,
  recipient           VARCHAR(255),
  body                CLOB,
  content             BLOB          NOT NULL,
  UNIQUE (doc_no, version)
);
CREATE INDEX IF NOT EXISTS tw_document_case ON tw_document (case_no, issued_at);

-- The case file (案卷) of a closed case, built once for the archive.
CREATE TABLE IF NOT EXISTS tw_case_file (
  case_no  VARCHAR(64)  NOT NULL PRIMARY KEY,
  built_at TIMESTAMP    NOT NULL,
  sha256   CHAR(64)     NOT NULL,
  pages    INTEGER      NOT NULL,
  content  BLOB         NOT NULL
);
