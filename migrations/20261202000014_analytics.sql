-- Outreach analytics (Analytics page, campaign page): how many invitations were sent, accepted, declined,
-- expired and withdrawn in each week, per campaign, kept exact by the same transaction as every invitation
-- insert and status change (server/db/invitations.rs, `Counts`), so a business's twelve weeks read a few rows
-- per campaign instead of scanning its invitations. `week` counts Monday-start UTC weeks:
-- (time in ms + 3 days) / 7 days (domain::analytics::week_of).
CREATE TABLE invitation_weeks (
    campaign_id TEXT   NOT NULL,
    week        BIGINT NOT NULL,
    event       TEXT   NOT NULL CONSTRAINT ck_invitation_weeks_event
                       CHECK (event IN ('sent', 'accepted', 'declined', 'expired', 'withdrawn')),
    n           BIGINT NOT NULL,
    CONSTRAINT pk_invitation_weeks PRIMARY KEY (campaign_id, week, event)
);
-- What the invitations already say: each one's last sending, its answer, its withdrawal, its expiry (earlier
-- sendings of a resent invitation are not in its row and are not counted).
INSERT INTO invitation_weeks (campaign_id, week, event, n)
    SELECT campaign_id, week, event, COUNT(*) FROM (
        SELECT campaign_id, (invited_at + 259200000) / 604800000 AS week, 'sent' AS event FROM campaign_invitations
        UNION ALL
        SELECT campaign_id, (responded_at + 259200000) / 604800000, status FROM campaign_invitations
        WHERE status IN ('accepted', 'declined') AND responded_at IS NOT NULL
        UNION ALL
        SELECT campaign_id, (withdrawn_at + 259200000) / 604800000, 'withdrawn' FROM campaign_invitations
        WHERE status = 'withdrawn' AND withdrawn_at IS NOT NULL
        UNION ALL
        SELECT campaign_id, (expires_at + 259200000) / 604800000, 'expired' FROM campaign_invitations
        WHERE status = 'expired'
    ) e
    GROUP BY campaign_id, week, event;
-- The median time to answer of a campaign walks this index in order to the middle (an expression index,
-- partial: only answered invitations; covering: the rows themselves are not read) instead of sorting every
-- answer.
CREATE INDEX ix_campaign_invitations_answer_time
    ON campaign_invitations (campaign_id, (responded_at - invited_at), responded_at, invited_at, status)
    WHERE status IN ('accepted', 'declined');
-- Creators active on a campaign (accepted from an invitation), counted from the index alone.
CREATE INDEX ix_campaign_applications_campaign_status ON campaign_applications (campaign_id, status, invitation_id);
-- Offers per currency and status for a business, from the index alone.
CREATE INDEX ix_offers_business_currency ON offers (business_id, currency, status, amount_minor, campaign_id);
