-- Webhooks (issue 18): admins subscribe URLs to event kinds; every event
-- queues one delivery per subscription that wants it, with its payload
-- fixed at that moment, and every attempt to send it is kept.
--
-- The queue's times are Unix milliseconds (retries back off from a
-- fraction of a second). A pending delivery is due when due_ms has come;
-- a worker claims it by moving due_ms to the end of its lease and writing
-- its claim token, so a delivery whose worker died mid-attempt is due
-- again once the lease runs out. Finishing an attempt needs the token.
CREATE TABLE webhook_subscriptions (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kinds       TEXT NOT NULL,              -- event kinds, space-separated
    secret      TEXT NOT NULL,              -- whsec_ + base64 of the key
    active      INTEGER NOT NULL DEFAULT 1,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    message_id      TEXT NOT NULL,          -- webhook-id; a redelivery keeps its original's
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_ms      INTEGER NOT NULL,
    due_ms          INTEGER NOT NULL,
    claim           TEXT,
    done_ms         INTEGER,
    redelivery_of   INTEGER REFERENCES webhook_deliveries (id) ON DELETE SET NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (due_ms) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id DESC);

CREATE TABLE webhook_attempts (
    id          INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    at_ms       INTEGER NOT NULL,
    status_code INTEGER NOT NULL DEFAULT 0,  -- 0: no HTTP answer (see error)
    error       TEXT NOT NULL DEFAULT '',
    response    TEXT NOT NULL DEFAULT '',    -- the start of the answer's body
    duration_ms INTEGER NOT NULL,
    node        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
