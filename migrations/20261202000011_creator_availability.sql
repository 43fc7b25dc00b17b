-- A creator's availability (seed S3): open (away_until NULL), or not available until the start of a day (UTC,
-- milliseconds), with a note for businesses. Read with the creator's card; checked before an invitation or an
-- offer is made.
ALTER TABLE creator_profiles ADD COLUMN away_until BIGINT;
ALTER TABLE creator_profiles ADD COLUMN away_note TEXT NOT NULL DEFAULT '';
