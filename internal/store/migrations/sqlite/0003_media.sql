-- Media: uploaded images (metadata stripped), their stored renditions, and
-- the lead image of an article.
CREATE TABLE media (
    id             INTEGER PRIMARY KEY,
    format         TEXT NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    bytes          INTEGER NOT NULL,
    filename       TEXT NOT NULL DEFAULT '',
    caption        TEXT NOT NULL DEFAULT '',
    credit         TEXT NOT NULL DEFAULT '',
    alt            TEXT NOT NULL DEFAULT '',
    caption_folded TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX media_created ON media (created_at DESC, id DESC);

CREATE TABLE media_variants (
    media_id    INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    format      TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    bytes       INTEGER NOT NULL,
    original    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (media_id, width, format)
);

ALTER TABLE articles ADD COLUMN lead_media_id INTEGER REFERENCES media (id);
CREATE INDEX articles_lead_media ON articles (lead_media_id);
