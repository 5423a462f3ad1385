-- Breaking-news strips (issue 16). One shows at a time: the newest that
-- is neither expired nor taken down. Old strips stay, as the newsroom's
-- record of what it announced and when. Times are Unix seconds.
CREATE TABLE breaking_news (
    id         INTEGER PRIMARY KEY,
    text       TEXT NOT NULL,
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    raised_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    raised_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ended_at   INTEGER
);
CREATE INDEX breaking_news_raised ON breaking_news (raised_at DESC, id DESC);
