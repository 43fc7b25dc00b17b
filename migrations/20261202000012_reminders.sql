-- Reminders before a pending invitation or offer lapses (sent once: the job sets reminded_at by compare-and-swap,
-- so with several instances each is reminded once), and a business's manual nudge of a pending invitation (at
-- most once a day).
ALTER TABLE campaign_invitations ADD COLUMN reminded_at BIGINT;
ALTER TABLE campaign_invitations ADD COLUMN nudged_at BIGINT;
ALTER TABLE offers ADD COLUMN reminded_at BIGINT;
CREATE INDEX campaign_invitations_reminder ON campaign_invitations (expires_at) WHERE status = 'pending' AND reminded_at IS NULL;
CREATE INDEX offers_reminder ON offers (expires_at) WHERE status = 'pending' AND reminded_at IS NULL;
