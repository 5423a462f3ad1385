-- Personal access tokens for the content API (issue 18). The token itself
-- is shown once and never stored: token_hash is the hex SHA-256 of it,
-- enough for a random 32-byte secret. prefix keeps its first characters
-- so its owner can tell tokens apart. scopes is a space-separated list
-- (read_drafts write publish upload_media); what a token may do is also
-- bounded, at every use, by its owner's current role. Times are Unix
-- seconds; expires_at NULL never expires.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL DEFAULT '',
    scopes       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at DESC, id DESC);
