-- V106: what an issued document printed (casefile/Documents): the model its template was rendered from, as JSON —
-- the organ, 文号, date, recipient, paragraphs and only the case values the template read, personal numbers masked as
-- in the PDF (no more than the PDF shows). A correction (更正) renders the newest version's model again with only the
-- named fields changed and its note, instead of the case's data of the day. Rows issued before this release have
-- none (NULL): their correction is rebuilt and says so. correction_reason: the 更正理由 of a corrected version (who and
-- when are its issued_by and issued_at). The same SQL in h2/ and postgresql/, beside V7 that creates tw_document
-- there (a database migrated from common/ alone, as some tests do, has no such table).
ALTER TABLE tw_document ADD COLUMN printed TEXT;
ALTER TABLE tw_document ADD COLUMN correction_reason VARCHAR(1000);
