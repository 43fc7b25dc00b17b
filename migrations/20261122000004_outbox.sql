-- The transactional outbox: every side effect that leaves the process (a webhook to the partner platform, an
-- e-mail) is a row written in the transaction of the change that causes it, then delivered by a worker that
-- retries (domain::outbox::SCHEDULE) and never drops it.

-- Partner endpoints, configured by an admin. `secret` is the `whsec_…` signing secret, shown once at creation.
CREATE TABLE webhook_endpoints (
    id              TEXT   NOT NULL CONSTRAINT pk_webhook_endpoints PRIMARY KEY,
    url             TEXT   NOT NULL,
    -- comma-separated event types, or `*`
    events          TEXT   NOT NULL,
    secret          TEXT   NOT NULL,
    -- 1 enabled, 0 disabled (a 410 from the partner disables it)
    enabled         BIGINT NOT NULL CONSTRAINT ck_webhook_endpoints_enabled CHECK (enabled IN (0, 1)),
    disabled_reason TEXT   NULL,
    created_by      TEXT   NULL CONSTRAINT fk_webhook_endpoints_creator REFERENCES users (id),
    created_at      BIGINT NOT NULL
);

CREATE TABLE outbox (
    -- also the `webhook-id`: stable across retries, so the partner can deduplicate
    id              TEXT   NOT NULL CONSTRAINT pk_outbox PRIMARY KEY,
    channel         TEXT   NOT NULL CONSTRAINT ck_outbox_channel CHECK (channel IN ('webhook', 'email')),
    endpoint_id     TEXT   NULL CONSTRAINT fk_outbox_endpoint REFERENCES webhook_endpoints (id),
    event_type      TEXT   NOT NULL,
    -- the record this delivery reports (its sync badge reads from here)
    subject_kind    TEXT   NULL,
    subject_id      TEXT   NULL,
    -- the webhook's JSON body, or the e-mail as JSON {to, subject, text}
    payload         TEXT   NOT NULL,
    status          TEXT   NOT NULL CONSTRAINT ck_outbox_status CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    -- a worker's claim: another worker may take the row once the lease has run out (the first one died)
    lease_until     BIGINT NULL,
    leased_by       TEXT   NULL,
    last_status     BIGINT NULL,
    last_error      TEXT   NULL,
    -- the id the partner answered with, if any
    remote_id       TEXT   NULL,
    delivered_at    BIGINT NULL,
    created_at      BIGINT NOT NULL
);
-- the worker's queue
CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);
-- a record's sync state, and the Deliveries page
CREATE INDEX ix_outbox_subject ON outbox (subject_kind, subject_id, created_at);
CREATE INDEX ix_outbox_created ON outbox (created_at DESC, id);

-- Every attempt, for the Deliveries page: status code, latency, error.
CREATE TABLE outbox_attempts (
    id          TEXT   NOT NULL CONSTRAINT pk_outbox_attempts PRIMARY KEY,
    outbox_id   TEXT   NOT NULL CONSTRAINT fk_outbox_attempts_outbox REFERENCES outbox (id),
    attempt     BIGINT NOT NULL,
    started_at  BIGINT NOT NULL,
    latency_ms  BIGINT NOT NULL,
    status_code BIGINT NULL,
    error       TEXT   NULL,
    worker      TEXT   NOT NULL
);
CREATE INDEX ix_outbox_attempts_outbox ON outbox_attempts (outbox_id, attempt);
