-- Full-text search. internal/search folds and tokenizes the text itself and
-- sends ready tsvector literals, so PostgreSQL's parser and dictionaries
-- (which know no Urdu) never touch it: the same words as SQLite's index.
-- doc holds every field, head the headline alone (matches there rank
-- higher); rank_time is the publication (or last change) time.
CREATE TABLE article_search (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    section_id BIGINT NOT NULL,
    rank_time  BIGINT NOT NULL,
    doc        TSVECTOR NOT NULL,
    head       TSVECTOR NOT NULL
);
CREATE INDEX article_search_doc ON article_search USING GIN (doc);

-- The newsroom's headline filter now uses the search index.
ALTER TABLE articles DROP COLUMN headline_folded;
