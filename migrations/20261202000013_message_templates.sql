-- A business's named templates for invitation and offer messages (domain::template): placeholders are filled
-- for each creator when a message is sent.
CREATE TABLE message_templates (
    id          TEXT   NOT NULL CONSTRAINT pk_message_templates PRIMARY KEY,
    business_id TEXT   NOT NULL CONSTRAINT fk_message_templates_business REFERENCES users (id),
    name        TEXT   NOT NULL,
    kind        TEXT   NOT NULL CONSTRAINT ck_message_templates_kind CHECK (kind IN ('invitation', 'offer')),
    body        TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CONSTRAINT uq_message_templates_name UNIQUE (business_id, name)
);
