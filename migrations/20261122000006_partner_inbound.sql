-- Inbound creator sync from the partner platform.

-- Every processed inbound webhook, by its `webhook-id`, kept permanently: a retry days later is answered with
-- the first result and changes nothing. Written in the transaction of the delivery's effects.
CREATE TABLE inbound_webhooks (
    webhook_id  TEXT   NOT NULL CONSTRAINT pk_inbound_webhooks PRIMARY KEY,
    source      TEXT   NOT NULL,
    result      TEXT   NOT NULL,
    received_at BIGINT NOT NULL
);

-- Which of our creators is which of the partner's.
CREATE TABLE partner_creators (
    partner_id TEXT   NOT NULL CONSTRAINT pk_partner_creators PRIMARY KEY,
    user_id    TEXT   NOT NULL CONSTRAINT fk_partner_creators_user REFERENCES users (id) ON DELETE CASCADE,
    synced_at  BIGINT NOT NULL,
    CONSTRAINT uq_partner_creators_user UNIQUE (user_id)
);
