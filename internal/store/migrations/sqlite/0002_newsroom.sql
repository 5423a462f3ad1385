-- Newsroom: login sessions, the audit log, a folded headline for the
-- newsroom's headline search, and a note on revisions (a refused
-- concurrent save is kept as a revision so nothing is lost).
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL DEFAULT '',
    target_id INTEGER,
    detail    TEXT NOT NULL DEFAULT '',
    ip        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);

ALTER TABLE articles ADD COLUMN headline_folded TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_updated ON articles (updated_at DESC, id DESC);
CREATE INDEX articles_status_updated ON articles (status, updated_at DESC, id DESC);
CREATE INDEX articles_scheduled ON articles (status, published_at);

ALTER TABLE revisions ADD COLUMN note TEXT NOT NULL DEFAULT '';
