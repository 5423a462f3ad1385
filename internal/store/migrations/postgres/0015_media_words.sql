-- The newsroom's image picker and library search find an image by its
-- caption, credit, alt text or file name. words_folded holds all four,
-- folded for search (urdu.FoldLoose, which only Go can do): NULL until
-- the store fills it, which Migrate does for the rows this leaves NULL.
-- It replaces caption_folded, which held the caption and credit only.
ALTER TABLE media ADD COLUMN words_folded TEXT;
ALTER TABLE media DROP COLUMN caption_folded;
-- Only the rows still to fill, so that checking for them at every start
-- reads an index of nothing instead of the whole table.
CREATE INDEX media_words_unfilled ON media (id) WHERE words_folded IS NULL;
