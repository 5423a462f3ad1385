-- Renditions are stored under their content hash, so two library entries
-- made from the same bytes share files. Before a file is removed the
-- store asks whether any entry still names it: this index answers that.
CREATE INDEX media_variants_key ON media_variants (storage_key);
