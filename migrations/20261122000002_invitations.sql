-- Invitations: a business invites a creator to an active campaign; accepting creates the application.
-- One invitation per (campaign, creator); a resend reuses the row and its history lives in invitation_events.

CREATE TABLE campaign_invitations (
    id             TEXT   NOT NULL CONSTRAINT pk_campaign_invitations PRIMARY KEY,
    campaign_id    TEXT   NOT NULL CONSTRAINT fk_campaign_invitations_campaign REFERENCES campaigns (id) ON DELETE CASCADE,
    creator_id     TEXT   NOT NULL CONSTRAINT fk_campaign_invitations_creator REFERENCES users (id),
    invited_by     TEXT   NOT NULL CONSTRAINT fk_campaign_invitations_inviter REFERENCES users (id),
    message        TEXT   NOT NULL,
    status         TEXT   NOT NULL CONSTRAINT ck_campaign_invitations_status
                          CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
    decline_reason TEXT   NULL,
    -- when it was last sent (a resend moves it); expires_at = invited_at + 14 days
    invited_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    responded_at   BIGINT NULL,
    withdrawn_at   BIGINT NULL,
    resent_count   BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CONSTRAINT uq_campaign_invitations_campaign_creator UNIQUE (campaign_id, creator_id)
);
-- a creator's invitations, newest first (My Campaigns)
CREATE INDEX ix_campaign_invitations_creator ON campaign_invitations (creator_id, invited_at DESC, id);
-- a campaign's invitations (business campaign page) and its stats
CREATE INDEX ix_campaign_invitations_campaign ON campaign_invitations (campaign_id, invited_at DESC, id);
-- the badges on the Creators page: this business's invitations to these creators
CREATE INDEX ix_campaign_invitations_inviter_creator ON campaign_invitations (invited_by, creator_id, invited_at);
-- the expiry job
CREATE INDEX ix_campaign_invitations_status_expiry ON campaign_invitations (status, expires_at);

-- Every event of an invitation, in order: invited, accepted, declined, withdrawn, expired, resent.
CREATE TABLE invitation_events (
    id            TEXT   NOT NULL CONSTRAINT pk_invitation_events PRIMARY KEY,
    invitation_id TEXT   NOT NULL CONSTRAINT fk_invitation_events_invitation
                         REFERENCES campaign_invitations (id) ON DELETE CASCADE,
    event         TEXT   NOT NULL CONSTRAINT ck_invitation_events_event
                         CHECK (event IN ('invited', 'accepted', 'declined', 'withdrawn', 'expired', 'resent')),
    -- NULL when the expiry job acted
    actor_id      TEXT   NULL CONSTRAINT fk_invitation_events_actor REFERENCES users (id),
    from_status   TEXT   NULL,
    to_status     TEXT   NOT NULL,
    note          TEXT   NULL,
    at            BIGINT NOT NULL
);
CREATE INDEX ix_invitation_events_invitation ON invitation_events (invitation_id, at, id);

CREATE TABLE campaign_applications (
    id            TEXT   NOT NULL CONSTRAINT pk_campaign_applications PRIMARY KEY,
    campaign_id   TEXT   NOT NULL CONSTRAINT fk_campaign_applications_campaign REFERENCES campaigns (id) ON DELETE CASCADE,
    creator_id    TEXT   NOT NULL CONSTRAINT fk_campaign_applications_creator REFERENCES users (id),
    invitation_id TEXT   NULL CONSTRAINT fk_campaign_applications_invitation REFERENCES campaign_invitations (id),
    status        TEXT   NOT NULL CONSTRAINT ck_campaign_applications_status
                         CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn')),
    applied_at    BIGINT NOT NULL,
    CONSTRAINT uq_campaign_applications_campaign_creator UNIQUE (campaign_id, creator_id)
);
-- a creator's Active campaigns
CREATE INDEX ix_campaign_applications_creator ON campaign_applications (creator_id, status, applied_at DESC, id);

-- In-app notifications (the bell in the header).
CREATE TABLE notifications (
    id         TEXT   NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    user_id    TEXT   NOT NULL CONSTRAINT fk_notifications_user REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    title      TEXT   NOT NULL,
    body       TEXT   NOT NULL,
    link       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT NULL
);
CREATE INDEX ix_notifications_user ON notifications (user_id, created_at DESC, id);
CREATE INDEX ix_notifications_user_unread ON notifications (user_id, read_at);
