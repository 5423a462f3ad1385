-- Story blocks (issue 17): the library images an article's body shows
-- (image and gallery blocks, embed posters), kept with every save so the
-- library can say where an image is used and refuse to delete it, and so
-- an image's new caption reaches every page that shows it. Bodies saved
-- before this migration hold no story blocks.
CREATE TABLE article_media (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    media_id   BIGINT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, media_id)
);
CREATE INDEX article_media_media ON article_media (media_id);
