-- Two-factor sign-in for the newsroom (issue 20): TOTP (RFC 6238).
-- totp_secret is the base32 shared secret. It is stored as it is: the
-- application has no key of its own to encrypt it with, and one kept
-- beside the database would protect nothing. While totp_enabled_at is
-- NULL a non-empty secret is an enrolment waiting for its first code.
-- totp_last_step is the time step of the last code accepted, so no code
-- (no step) is accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled_at INTEGER;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- One-time recovery codes: code_hash is the hex SHA-256 of a random
-- 80-bit code, shown once; used_at is set when it is spent.
CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER,
    UNIQUE (user_id, code_hash)
);

-- The half-signed-in state between the password and the second step: not
-- a session. The browser holds a random token (a cookie for the sign-in
-- pages only); token_hash is its hex SHA-256. purpose is 'code' (enter a
-- code) or 'enrol' (two-factor is required and must be set up first).
CREATE TABLE login_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('code', 'enrol')),
    next       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX login_challenges_expires ON login_challenges (expires_at);
