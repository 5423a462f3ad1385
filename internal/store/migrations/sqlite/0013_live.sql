-- Live coverage (issue 16): an article turned into a live page, and its
-- short timestamped updates. seq counts the article's changes (post,
-- edit, pin, delete); each changed update takes the next number, so a
-- reader who reconnects, to any node, asks for what came after the last
-- number it saw. Deleted updates stay as emptied tombstones so that
-- reconnecting readers learn of them. Times are Unix seconds.
CREATE TABLE live_coverage (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    started_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    seq        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE live_updates (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES live_coverage (article_id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('text', 'image', 'quote')),
    text_html    TEXT NOT NULL DEFAULT '',
    media_id     INTEGER REFERENCES media (id) ON DELETE SET NULL,
    quote        TEXT NOT NULL DEFAULT '',
    quote_source TEXT NOT NULL DEFAULT '',
    pinned       INTEGER NOT NULL DEFAULT 0,
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX live_updates_seq ON live_updates (article_id, seq);
CREATE INDEX live_updates_created ON live_updates (article_id, created_at DESC, id DESC);
CREATE INDEX live_updates_media ON live_updates (media_id);
-- At most content.LiveMaxPins pinned updates per article: counted by the
-- store under the lock on the article's live_coverage row.
