-- Front-page curation (issue 16): the stories editors place on the home
-- page, as the lead, at a top-story position, or as the featured pick
-- of a section's block. A placement counts while its article is
-- published and its pin, if any, has not passed; every other slot fills
-- by recency. Saving replaces every row at once. Times are Unix seconds.
CREATE TABLE front_page (
    id           INTEGER PRIMARY KEY,
    slot         TEXT NOT NULL CHECK (slot IN ('lead', 'top', 'section')),
    position     INTEGER NOT NULL DEFAULT 0,
    section_id   INTEGER REFERENCES sections (id) ON DELETE CASCADE,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    pinned_until INTEGER,
    placed_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    placed_at    INTEGER NOT NULL,
    CHECK ((slot = 'section') = (section_id IS NOT NULL))
);
CREATE UNIQUE INDEX front_page_slot ON front_page (slot, COALESCE(section_id, 0), position);
CREATE INDEX front_page_article ON front_page (article_id);

-- The arrangement's version, raised by every save, so that a save from a
-- form opened before another editor's save is refused, not applied over it.
CREATE TABLE front_page_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO front_page_version (id, version) VALUES (1, 0);
