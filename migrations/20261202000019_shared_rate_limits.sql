-- Rate limits shared by every instance of the app (README decision 34). One row per key that has been used
-- recently: `tat` is the key's theoretical arrival time (GCRA, the algorithm of the `governor` crate these
-- replace): the moment, in ms, at which its budget is whole again. A row whose `tat` has passed says nothing
-- (it is as if absent) and is deleted by a periodic job.
CREATE TABLE rate_limits (
    key TEXT   NOT NULL CONSTRAINT pk_rate_limits PRIMARY KEY,
    tat BIGINT NOT NULL
);
-- The network each e-mail address last signed in from: from there its owner is exempt from the per-account
-- budget that many addresses guessing one password share.
CREATE TABLE sign_in_networks (
    email        TEXT   NOT NULL CONSTRAINT pk_sign_in_networks PRIMARY KEY,
    network      TEXT   NOT NULL,
    signed_in_at BIGINT NOT NULL
);
