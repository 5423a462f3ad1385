-- Which rules built the search index (search.IndexVersion: folding,
-- tokens, compounds, variants, stems). Migrate rebuilds an index whose
-- version differs from the binary's, and Reindex records the new one when
-- it has rewritten every article. 0 stands for every index built before
-- versions were recorded, so an existing index is rebuilt once.
CREATE TABLE search_index_version (
    version INTEGER NOT NULL
);
INSERT INTO search_index_version (version) VALUES (0);
