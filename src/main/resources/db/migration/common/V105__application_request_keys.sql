-- V105: the Idempotency-Key (请求编号) of POST /api/applications. A caller who sends the same key with the same
-- application again (a village agent's tablet retrying on a poor connection, a double click at the window) gets the
-- first answer again and no second case, receipt number or statutory clock (window/ApplicationRequests). The row is
-- written in the case's start transaction: the primary key decides between two requests at once, on one node or two.
-- Kept township.registration.idempotency-hours, then swept. Portable between H2 and PostgreSQL.
CREATE TABLE tw_application_request (
  -- keys are the caller's own: another user's same key is another key and never sees this answer
  user_id        VARCHAR(64)   NOT NULL,
  request_key    VARCHAR(64)   NOT NULL,
  -- SHA-256 (hex) of the application as received: the same key with another application is refused (409)
  body_hash      VARCHAR(64)   NOT NULL,
  receipt_no     VARCHAR(64),
  -- the first answer (JSON) given again to a retry, whatever its length (the materials list is the analysts'); no ID
  -- number in it
  answer         TEXT,
  received_at    TIMESTAMP     NOT NULL,
  PRIMARY KEY (user_id, request_key)
);
CREATE INDEX tw_application_request_received ON tw_application_request (received_at);
