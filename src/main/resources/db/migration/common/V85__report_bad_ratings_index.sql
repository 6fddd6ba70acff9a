-- Issue 20 (the 考核 report for a county's year): the sheet 差评及处理 lists the bad ratings of the period. With only
-- the index on rated_at the database read every rating of the year (about 190,000 of 250,000 cases) to keep the
-- bad ones (a tenth); by level first it reads only those (docs/supervision-at-scale.md).
CREATE INDEX IF NOT EXISTS tw_case_fact_rating_level ON tw_case_fact (rating_level, rated_at);
