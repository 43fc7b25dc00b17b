-- Creator requests (seed S1): a business asks the agency for specific creators for one of its campaigns. The
-- agency's e-mail and the partner's `creator_request_created` webhook are outbox rows written in the same
-- transaction; the partner's id for the request is kept on its delivery (outbox.remote_id).

CREATE TABLE creator_requests (
    id            TEXT   NOT NULL CONSTRAINT pk_creator_requests PRIMARY KEY,
    business_id   TEXT   NOT NULL CONSTRAINT fk_creator_requests_business REFERENCES users (id),
    campaign_id   TEXT   NOT NULL CONSTRAINT fk_creator_requests_campaign REFERENCES campaigns (id),
    campaign_type TEXT   NOT NULL CONSTRAINT ck_creator_requests_campaign_type
                         CHECK (campaign_type IN ('ugc', 'influencer', 'ambassador', 'event')),
    brief         TEXT   NOT NULL,
    deliverables  TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);
-- a business's requests, and the admin Agency Inbox (newest first)
CREATE INDEX ix_creator_requests_business ON creator_requests (business_id, created_at DESC, id);
CREATE INDEX ix_creator_requests_created ON creator_requests (created_at DESC, id);

CREATE TABLE creator_request_creators (
    request_id TEXT   NOT NULL CONSTRAINT fk_creator_request_creators_request REFERENCES creator_requests (id),
    creator_id TEXT   NOT NULL CONSTRAINT fk_creator_request_creators_creator REFERENCES users (id),
    -- the order the business listed them in
    position   BIGINT NOT NULL,
    CONSTRAINT pk_creator_request_creators PRIMARY KEY (request_id, creator_id)
);
