-- Wallets and paid offers (seed S2). A business has one wallet per currency; every change is a ledger entry
-- written in the same transaction as the balance it moves, so the balance always equals the sum of its ledger,
-- and the CHECK makes a negative balance impossible whatever the code does.

CREATE TABLE wallets (
    id            TEXT   NOT NULL CONSTRAINT pk_wallets PRIMARY KEY,
    business_id   TEXT   NOT NULL CONSTRAINT fk_wallets_business REFERENCES users (id),
    currency      TEXT   NOT NULL CONSTRAINT ck_wallets_currency CHECK (currency IN ('NGN', 'USD', 'EUR', 'GBP')),
    balance_minor BIGINT NOT NULL CONSTRAINT ck_wallets_balance_non_negative CHECK (balance_minor >= 0),
    updated_at    BIGINT NOT NULL,
    CONSTRAINT uq_wallets_business_currency UNIQUE (business_id, currency)
);

CREATE TABLE offers (
    id              TEXT   NOT NULL CONSTRAINT pk_offers PRIMARY KEY,
    campaign_id     TEXT   NOT NULL CONSTRAINT fk_offers_campaign REFERENCES campaigns (id),
    business_id     TEXT   NOT NULL CONSTRAINT fk_offers_business REFERENCES users (id),
    creator_id      TEXT   NOT NULL CONSTRAINT fk_offers_creator REFERENCES users (id),
    amount_minor    BIGINT NOT NULL CONSTRAINT ck_offers_amount_positive CHECK (amount_minor > 0),
    currency        TEXT   NOT NULL CONSTRAINT ck_offers_currency CHECK (currency IN ('NGN', 'USD', 'EUR', 'GBP')),
    message         TEXT   NOT NULL,
    deadline        BIGINT NOT NULL,
    status          TEXT   NOT NULL CONSTRAINT ck_offers_status
                           CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn', 'expired')),
    decline_reason  TEXT   NULL,
    -- the client's Idempotency-Key: a retried or double-clicked send finds this row instead of debiting twice
    idempotency_key TEXT   NOT NULL,
    sent_at         BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    responded_at    BIGINT NULL,
    updated_at      BIGINT NOT NULL,
    CONSTRAINT uq_offers_business_idempotency_key UNIQUE (business_id, idempotency_key)
);
-- the creator's Offers tab
CREATE INDEX ix_offers_creator ON offers (creator_id, sent_at DESC, id);
-- the business's offers (Wallet page) and a campaign's offers
CREATE INDEX ix_offers_business ON offers (business_id, sent_at DESC, id);
CREATE INDEX ix_offers_campaign ON offers (campaign_id, sent_at DESC, id);
-- the expiry job
CREATE INDEX ix_offers_status_expiry ON offers (status, expires_at);

CREATE TABLE wallet_ledger (
    id            TEXT   NOT NULL CONSTRAINT pk_wallet_ledger PRIMARY KEY,
    wallet_id     TEXT   NOT NULL CONSTRAINT fk_wallet_ledger_wallet REFERENCES wallets (id),
    kind          TEXT   NOT NULL CONSTRAINT ck_wallet_ledger_kind CHECK (kind IN ('top_up', 'offer_debit', 'offer_refund')),
    -- signed: credits positive, debits negative
    amount_minor  BIGINT NOT NULL CONSTRAINT ck_wallet_ledger_amount_nonzero CHECK (amount_minor <> 0),
    balance_after BIGINT NOT NULL CONSTRAINT ck_wallet_ledger_balance_after CHECK (balance_after >= 0),
    offer_id      TEXT   NULL CONSTRAINT fk_wallet_ledger_offer REFERENCES offers (id),
    -- who: the admin of a top-up, the business of a debit or withdrawal, the creator of a decline; NULL for expiry
    actor_id      TEXT   NULL CONSTRAINT fk_wallet_ledger_actor REFERENCES users (id),
    -- why (a top-up's reason)
    note          TEXT   NULL,
    at            BIGINT NOT NULL,
    -- an offer is debited once and refunded at most once
    CONSTRAINT uq_wallet_ledger_offer_kind UNIQUE (offer_id, kind)
);
CREATE INDEX ix_wallet_ledger_wallet ON wallet_ledger (wallet_id, at DESC, id);

-- Every event of an offer, in order (sent, accepted, declined, withdrawn, expired).
CREATE TABLE offer_events (
    id        TEXT   NOT NULL CONSTRAINT pk_offer_events PRIMARY KEY,
    offer_id  TEXT   NOT NULL CONSTRAINT fk_offer_events_offer REFERENCES offers (id),
    event     TEXT   NOT NULL CONSTRAINT ck_offer_events_event
                     CHECK (event IN ('sent', 'accepted', 'declined', 'withdrawn', 'expired')),
    actor_id  TEXT   NULL CONSTRAINT fk_offer_events_actor REFERENCES users (id),
    note      TEXT   NULL,
    at        BIGINT NOT NULL
);
CREATE INDEX ix_offer_events_offer ON offer_events (offer_id, at, id);
