-- How many invitations each campaign and each creator has in each stored status, kept exact by the same
-- transaction as every invitation insert and status change (server/db/invitations.rs), so the stats read a
-- handful of rows instead of counting every invitation. An overdue pending invitation is still counted as
-- pending here until the expiry job moves it; the stats move those with one indexed range count.
CREATE TABLE invitation_counts (
    -- 'campaign' or 'creator'
    scope    TEXT   NOT NULL CONSTRAINT ck_invitation_counts_scope CHECK (scope IN ('campaign', 'creator')),
    scope_id TEXT   NOT NULL,
    status   TEXT   NOT NULL,
    -- never below zero (checked by the tests; a CHECK would refuse the upsert's proposed row of a decrement)
    n        BIGINT NOT NULL,
    CONSTRAINT pk_invitation_counts PRIMARY KEY (scope, scope_id, status)
);
INSERT INTO invitation_counts (scope, scope_id, status, n)
    SELECT 'campaign', campaign_id, status, COUNT(*) FROM campaign_invitations GROUP BY campaign_id, status;
INSERT INTO invitation_counts (scope, scope_id, status, n)
    SELECT 'creator', creator_id, status, COUNT(*) FROM campaign_invitations GROUP BY creator_id, status;
