-- Full-text search. internal/search folds and tokenizes the text itself, so
-- the index stores words separated by single spaces: the ascii tokenizer
-- treats every non-ASCII character as part of a word and splits only at
-- spaces (tokenchars keeps "3.5", "1,234" and "pakistan's" whole), so Urdu
-- words, marks included, stay whole. Contentless: the text lives in
-- articles; the index keeps only what matching needs. The rowid packs the
-- ranking time and the article id (search_rows keeps it per article), so
-- recency ranking never reads a row. meta holds state and section tokens.
CREATE VIRTUAL TABLE search_index USING fts5(
    headline, strapline, body, labels, meta,
    content = '', contentless_delete = 1,
    tokenize = "ascii tokenchars '.,'''",
    prefix = '2 3'
);
CREATE TABLE search_rows (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    row_key    INTEGER NOT NULL UNIQUE
);

-- The newsroom's headline filter now uses the search index.
ALTER TABLE articles DROP COLUMN headline_folded;
