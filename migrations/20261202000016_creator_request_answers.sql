-- The partner's answer to a creator request (`creator_request.accepted` / `creator_request.declined` on
-- `POST /webhooks/partner/events`): a request is `sent` until the partner answers it once.
ALTER TABLE creator_requests ADD COLUMN status TEXT NOT NULL DEFAULT 'sent'
    CONSTRAINT ck_creator_requests_status CHECK (status IN ('sent', 'accepted', 'declined'));
ALTER TABLE creator_requests ADD COLUMN answered_at BIGINT;
ALTER TABLE creator_requests ADD COLUMN decline_reason TEXT;
