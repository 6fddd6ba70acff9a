-- V73: at most one open absence per user (duty/Absences). Two simultaneous PUTs both inserted one before; a partial
-- unique index ("WHERE ended_at IS NULL") is PostgreSQL only, so open_user_id holds user_id while the absence is open
-- and NULL once it has ended, under a plain UNIQUE constraint (both databases allow many NULLs). Portable.
ALTER TABLE tw_absence ADD COLUMN open_user_id VARCHAR(64);
-- duplicates left by the old race: the newest open absence of a user stays, older ones are ended now
UPDATE tw_absence SET ended_at = CURRENT_TIMESTAMP
 WHERE ended_at IS NULL AND EXISTS (SELECT 1 FROM tw_absence newer
   WHERE newer.user_id = tw_absence.user_id AND newer.ended_at IS NULL
     AND (newer.created_at > tw_absence.created_at
       OR (newer.created_at = tw_absence.created_at AND newer.id > tw_absence.id)));
UPDATE tw_absence SET open_user_id = user_id WHERE ended_at IS NULL;
ALTER TABLE tw_absence ADD CONSTRAINT tw_absence_one_open UNIQUE (open_user_id);
