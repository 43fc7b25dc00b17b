-- Creative requests (seed S4): ONE row per submission. `status` + `approval_stage` move as the request goes
-- from the admins to the advertiser; the offer and creative details never change after submission (an
-- engine-specific trigger refuses any update of them, see server::db::guards).

CREATE TABLE creative_requests (
    id                      TEXT   NOT NULL CONSTRAINT pk_creative_requests PRIMARY KEY,
    -- offer and creative details (immutable)
    offer_id                TEXT   NOT NULL,
    offer_name              TEXT   NOT NULL,
    creative_type           TEXT   NOT NULL,
    creative_count          BIGINT NOT NULL CONSTRAINT ck_creative_requests_creative_count CHECK (creative_count BETWEEN 1 AND 100),
    from_lines_count        BIGINT NOT NULL CONSTRAINT ck_creative_requests_from_lines CHECK (from_lines_count BETWEEN 0 AND 100),
    subject_lines_count     BIGINT NOT NULL CONSTRAINT ck_creative_requests_subject_lines CHECK (subject_lines_count BETWEEN 0 AND 100),
    notes                   TEXT   NOT NULL,
    -- parties (immutable)
    publisher_id            TEXT   NOT NULL CONSTRAINT fk_creative_requests_publisher REFERENCES users (id),
    advertiser_id           TEXT   NOT NULL CONSTRAINT fk_creative_requests_advertiser REFERENCES organisations (id),
    advertiser_name         TEXT   NOT NULL,
    affiliate_id            TEXT   NOT NULL,
    affiliate_name          TEXT   NOT NULL,
    client_id               TEXT   NOT NULL,
    client_name             TEXT   NOT NULL,
    priority                TEXT   NOT NULL
        CONSTRAINT ck_creative_requests_priority CHECK (priority IN ('High Priority', 'Medium Priority')),
    -- where it is (see ck_creative_requests_state)
    status                  TEXT   NOT NULL,
    approval_stage          TEXT   NOT NULL,
    -- the admins' latest decision
    admin_status            TEXT   NOT NULL
        CONSTRAINT ck_creative_requests_admin_status CHECK (admin_status IN ('pending', 'approved', 'rejected')),
    admin_decided_by        TEXT   NULL CONSTRAINT fk_creative_requests_admin REFERENCES users (id),
    admin_decided_at        BIGINT NULL,
    admin_comments          TEXT   NULL,
    -- the advertiser's latest response
    advertiser_status       TEXT   NULL
        CONSTRAINT ck_creative_requests_advertiser_status CHECK (advertiser_status IN ('pending', 'approved', 'rejected', 'sent_back')),
    advertiser_responded_by TEXT   NULL CONSTRAINT fk_creative_requests_responder REFERENCES users (id),
    advertiser_responded_at BIGINT NULL,
    advertiser_comments     TEXT   NULL,
    submitted_at            BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    -- where it is: only the (status, approval_stage) pairs the workflow reaches
    CONSTRAINT ck_creative_requests_state CHECK (
        (status = 'new' AND approval_stage = 'admin') OR
        (status = 'pending' AND approval_stage = 'advertiser') OR
        (status = 'approved' AND approval_stage = 'completed') OR
        (status = 'rejected' AND approval_stage IN ('admin', 'advertiser')) OR
        (status = 'sent-back' AND approval_stage = 'advertiser'))
);
-- the tabs: filter by state, newest first, keyset on (submitted_at, id)
CREATE INDEX ix_creative_requests_state ON creative_requests (status, approval_stage, submitted_at DESC, id);
CREATE INDEX ix_creative_requests_submitted ON creative_requests (submitted_at DESC, id);
-- an advertiser's requests
CREATE INDEX ix_creative_requests_advertiser ON creative_requests (advertiser_id, status, approval_stage, submitted_at DESC, id);
-- a publisher's `My Requests`
CREATE INDEX ix_creative_requests_publisher ON creative_requests (publisher_id, submitted_at DESC, id);

-- The audit trail: one row per submission and per transition, written in the transition's transaction.
CREATE TABLE creative_request_events (
    id          TEXT   NOT NULL CONSTRAINT pk_creative_request_events PRIMARY KEY,
    request_id  TEXT   NOT NULL CONSTRAINT fk_creative_request_events_request REFERENCES creative_requests (id),
    action      TEXT   NOT NULL CONSTRAINT ck_creative_request_events_action
                       CHECK (action IN ('submitted', 'forwarded', 'approved', 'rejected', 'sent-back')),
    actor_id    TEXT   NOT NULL CONSTRAINT fk_creative_request_events_actor REFERENCES users (id),
    actor_role  TEXT   NOT NULL,
    from_status TEXT   NULL,
    from_stage  TEXT   NULL,
    to_status   TEXT   NOT NULL,
    to_stage    TEXT   NOT NULL,
    comment     TEXT   NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX ix_creative_request_events_request ON creative_request_events (request_id, at, id);
