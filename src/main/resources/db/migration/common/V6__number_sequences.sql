-- V6: one table for every number the offices give out without gaps (casefile/Sequences): receipt numbers per
-- township and day (until now in tw_receipt_sequence, copied over and kept for older nodes' reference), 文号 per
-- organ, kind and year.
CREATE TABLE IF NOT EXISTS tw_number_sequence (
  series     VARCHAR(128) NOT NULL,
  period     VARCHAR(16)  NOT NULL,
  last_value INTEGER      NOT NULL,
  PRIMARY KEY (series, period)
);
INSERT INTO tw_number_sequence (series, period, last_value)
  SELECT CONCAT('receipt:', s.township_id), s.receipt_day, s.last_value FROM tw_receipt_sequence s
  WHERE NOT EXISTS (SELECT 1 FROM tw_number_sequence n
                    WHERE n.series = CONCAT('receipt:', s.township_id) AND n.period = s.receipt_day);
