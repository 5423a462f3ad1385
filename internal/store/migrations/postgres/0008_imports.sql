-- What was imported from another system (a WordPress export), so that
-- importing the same file again updates instead of duplicating, and an
-- interrupted import resumes where it stopped. source names the site
-- (its base URL), kind the record type (post, page, attachment, category,
-- tag, author), source_id its id there. checksum is of the record as
-- read, so an unchanged record is skipped; version is the article version
-- the import wrote, so an article edited in Akhbar since is not
-- overwritten.
CREATE TABLE imports (
    source    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    source_id TEXT NOT NULL,
    local_id  BIGINT NOT NULL,
    checksum  TEXT NOT NULL DEFAULT '',
    version   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, kind, source_id)
);

-- Old paths are now stored as RedirectKey spells them: without a trailing
-- slash (a duplicate that only differed by it is dropped).
UPDATE redirects r SET path = rtrim(r.path, '/')
    WHERE length(r.path) > 1 AND r.path LIKE '%/' AND rtrim(r.path, '/') <> ''
    AND NOT EXISTS (SELECT 1 FROM redirects o WHERE o.path = rtrim(r.path, '/'));
DELETE FROM redirects WHERE length(path) > 1 AND path LIKE '%/';
