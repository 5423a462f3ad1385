-- Content model: settings, users, sections, tags, articles with authors,
-- tags and revisions, redirects and hourly view counts.
-- Times are Unix seconds (UTC) in both engines.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    slug          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'reporter', 'contributor')),
    bio           TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sections (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent_id   INTEGER REFERENCES sections (id),
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    section_id      INTEGER NOT NULL REFERENCES sections (id),
    status          TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'scheduled', 'published', 'unpublished')),
    headline        TEXT NOT NULL,
    strapline       TEXT NOT NULL DEFAULT '',
    dateline_source TEXT NOT NULL DEFAULT '',
    dateline_place  TEXT NOT NULL DEFAULT '',
    body_html       TEXT NOT NULL DEFAULT '',
    body_text       TEXT NOT NULL DEFAULT '',
    slug            TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT 'ur',
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    published_at    INTEGER,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX articles_status_published ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_section_status_published ON articles (section_id, status, published_at DESC, id DESC);

CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, user_id)
);
CREATE INDEX article_authors_user ON article_authors (user_id, article_id);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

CREATE TABLE revisions (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    headline        TEXT NOT NULL,
    strapline       TEXT NOT NULL,
    dateline_source TEXT NOT NULL,
    dateline_place  TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    section_id      INTEGER NOT NULL,
    editor_id       INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL
);
CREATE INDEX revisions_article ON revisions (article_id, version DESC);

CREATE TABLE redirects (
    path       TEXT PRIMARY KEY,
    article_id INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    target     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE article_views (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    hour       INTEGER NOT NULL,
    views      INTEGER NOT NULL,
    PRIMARY KEY (hour, article_id)
);
CREATE INDEX article_views_article ON article_views (article_id);
