-- Foundation: accounts, profiles, advertiser organisations and campaigns.
-- Portable SQL: the same file runs on SQLite and PostgreSQL. Ids are UUID v7 text; instants are integer
-- milliseconds since the Unix epoch (UTC); money is integer minor units plus an ISO currency code.
-- Constraints are named so a violation maps to a clear message (server::db::conflict).

CREATE TABLE organisations (
    id          TEXT   NOT NULL CONSTRAINT pk_organisations PRIMARY KEY,
    name        TEXT   NOT NULL,
    kind        TEXT   NOT NULL CONSTRAINT ck_organisations_kind CHECK (kind IN ('advertiser')),
    created_at  BIGINT NOT NULL,
    CONSTRAINT uq_organisations_name UNIQUE (name)
);

CREATE TABLE users (
    id              TEXT   NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    email           TEXT   NOT NULL,
    password_hash   TEXT   NOT NULL,
    role            TEXT   NOT NULL
        CONSTRAINT ck_users_role CHECK (role IN ('business', 'creator', 'publisher', 'advertiser', 'admin')),
    -- the business name, the creator's display name, or a person's name
    name            TEXT   NOT NULL,
    organisation_id TEXT   NULL CONSTRAINT fk_users_organisation REFERENCES organisations (id),
    created_at      BIGINT NOT NULL,
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT ck_users_advertiser_org CHECK (role <> 'advertiser' OR organisation_id IS NOT NULL)
);
-- the admin Users page lists by role, newest first
CREATE INDEX ix_users_role_created ON users (role, created_at DESC, id);

CREATE TABLE creator_profiles (
    user_id     TEXT   NOT NULL CONSTRAINT pk_creator_profiles PRIMARY KEY
                       CONSTRAINT fk_creator_profiles_user REFERENCES users (id) ON DELETE CASCADE,
    username    TEXT   NOT NULL,
    avatar_url  TEXT   NOT NULL,
    followers   BIGINT NOT NULL CONSTRAINT ck_creator_profiles_followers CHECK (followers >= 0),
    niche       TEXT   NOT NULL,
    bio         TEXT   NOT NULL,
    CONSTRAINT uq_creator_profiles_username UNIQUE (username)
);
-- the Creators page filters by niche and minimum followers and sorts by followers
CREATE INDEX ix_creator_profiles_niche_followers ON creator_profiles (niche, followers DESC, user_id);
CREATE INDEX ix_creator_profiles_followers ON creator_profiles (followers DESC, user_id);

CREATE TABLE creator_platforms (
    user_id  TEXT NOT NULL CONSTRAINT fk_creator_platforms_user REFERENCES users (id) ON DELETE CASCADE,
    platform TEXT NOT NULL
        CONSTRAINT ck_creator_platforms_platform
        CHECK (platform IN ('instagram', 'tiktok', 'youtube', 'twitter', 'facebook')),
    CONSTRAINT pk_creator_platforms PRIMARY KEY (user_id, platform)
);
CREATE INDEX ix_creator_platforms_platform ON creator_platforms (platform, user_id);

CREATE TABLE campaigns (
    id           TEXT   NOT NULL CONSTRAINT pk_campaigns PRIMARY KEY,
    business_id  TEXT   NOT NULL CONSTRAINT fk_campaigns_business REFERENCES users (id),
    title        TEXT   NOT NULL,
    description  TEXT   NOT NULL,
    budget_minor BIGINT NOT NULL CONSTRAINT ck_campaigns_budget CHECK (budget_minor > 0),
    currency     TEXT   NOT NULL CONSTRAINT ck_campaigns_currency CHECK (currency IN ('NGN', 'USD', 'EUR', 'GBP')),
    deadline     BIGINT NOT NULL,
    status       TEXT   NOT NULL CONSTRAINT ck_campaigns_status CHECK (status IN ('draft', 'active', 'closed')),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
-- a business's Campaigns page (newest first) and its active campaigns (invite modal)
CREATE INDEX ix_campaigns_business_created ON campaigns (business_id, created_at DESC, id);
CREATE INDEX ix_campaigns_business_status ON campaigns (business_id, status, deadline);
