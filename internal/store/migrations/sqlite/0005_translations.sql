-- Versions of one story in other languages: a translation points at the
-- original, so the article pages can link each other with hreflang.
ALTER TABLE articles ADD COLUMN translation_of INTEGER REFERENCES articles (id) ON DELETE SET NULL;
CREATE INDEX articles_translation_of ON articles (translation_of);
