-- Admin keys (`role = 'admin'`: an admin's own key, for the partner deliveries). A CHECK constraint cannot be
-- changed in place on SQLite, so the table is rebuilt (its constraints under new names: on PostgreSQL the old
-- ones still exist until the old table is dropped) and its rows copied.
CREATE TABLE api_keys_v2 (
    id           TEXT   NOT NULL CONSTRAINT pk_api_keys_v2 PRIMARY KEY,
    name         TEXT   NOT NULL,
    role         TEXT   NOT NULL CONSTRAINT ck_api_keys_v2_role
                        CHECK (role IN ('partner', 'business', 'advertiser', 'publisher', 'admin')),
    owner_id     TEXT   NULL CONSTRAINT fk_api_keys_v2_owner REFERENCES users (id),
    created_by   TEXT   NOT NULL CONSTRAINT fk_api_keys_v2_creator REFERENCES users (id),
    prefix       TEXT   NOT NULL CONSTRAINT uq_api_keys_v2_prefix UNIQUE,
    secret_hash  TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NULL,
    revoked_at   BIGINT NULL
);
INSERT INTO api_keys_v2 (id, name, role, owner_id, created_by, prefix, secret_hash, created_at, last_used_at, revoked_at)
    SELECT id, name, role, owner_id, created_by, prefix, secret_hash, created_at, last_used_at, revoked_at FROM api_keys;
DROP INDEX ix_api_keys_owner;
DROP TABLE api_keys;
ALTER TABLE api_keys_v2 RENAME TO api_keys;
CREATE INDEX ix_api_keys_owner ON api_keys (owner_id, created_at DESC, id);
