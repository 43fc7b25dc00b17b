-- Sessions in a table of the app's own (README decision 35), replacing tower-sessions-sqlx-store's
-- (`tower_sessions` on SQLite, `tower_sessions.session` on PostgreSQL; sessions there are not carried over:
-- everyone signs in once more after this migration). The signed-in account is a column, so reading a session
-- and its account is one query (a join), and an account's sessions can be found and ended.
CREATE TABLE sessions (
    id         TEXT   NOT NULL CONSTRAINT pk_sessions PRIMARY KEY,
    -- the session's values (JSON): who signed in and when, a flash message, a form's echo
    data       TEXT   NOT NULL,
    -- the account signed in, if any (the `user_id` value of `data`)
    user_id    TEXT   NULL REFERENCES users (id) ON DELETE CASCADE,
    -- wall-clock ms after which the session is over (its idle expiry)
    expires_at BIGINT NOT NULL
);
CREATE INDEX ix_sessions_expires_at ON sessions (expires_at);
CREATE INDEX ix_sessions_user_id ON sessions (user_id);
