-- Invitation stats (counts per effective status, median time to answer) for a creator and for a campaign read
-- only these indexes: every column the stats queries use is in them, so they never visit the table rows.
CREATE INDEX ix_campaign_invitations_creator_stats
    ON campaign_invitations (creator_id, status, expires_at, invited_at, responded_at);
CREATE INDEX ix_campaign_invitations_campaign_stats
    ON campaign_invitations (campaign_id, status, expires_at, invited_at, responded_at);
