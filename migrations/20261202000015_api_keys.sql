-- Keys for the partner API (/api/v1, domain::api_key). A key is shown once when made; only its SHA-256 is
-- kept. `owner_id` is the account it acts for (NULL for the partner platform's keys).
CREATE TABLE api_keys (
    id           TEXT   NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY,
    name         TEXT   NOT NULL,
    role         TEXT   NOT NULL CONSTRAINT ck_api_keys_role CHECK (role IN ('partner', 'business', 'advertiser', 'publisher')),
    owner_id     TEXT   NULL CONSTRAINT fk_api_keys_owner REFERENCES users (id),
    created_by   TEXT   NOT NULL CONSTRAINT fk_api_keys_creator REFERENCES users (id),
    -- the key's first part (`cdk_<prefix>`), how a request's key is found
    prefix       TEXT   NOT NULL CONSTRAINT uq_api_keys_prefix UNIQUE,
    secret_hash  TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NULL,
    revoked_at   BIGINT NULL
);
-- an owner's keys (the API keys page), newest first
CREATE INDEX ix_api_keys_owner ON api_keys (owner_id, created_at DESC, id);
-- every active campaign, newest first (what a partner key lists)
CREATE INDEX ix_campaigns_status_created ON campaigns (status, created_at DESC, id);
