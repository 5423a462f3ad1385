package store

import "context"

// DropSearchEntriesForTest empties the search index, as a lost or new index
// would be, so tests can prove Reindex and Migrate rebuild it.
func (s *Store) DropSearchEntriesForTest(ctx context.Context) error {
	if s.engine == Postgres {
		_, err := s.exec(ctx, `DELETE FROM article_search`)
		return err
	}
	if _, err := s.exec(ctx, `DELETE FROM search_rows`); err != nil {
		return err
	}
	_, err := s.exec(ctx, `INSERT INTO search_index (search_index) VALUES ('delete-all')`)
	return err
}

// StaleSearchIndexForTest makes the index look as an older binary left
// it: every article keeps its entry (the counts agree), but the entry
// holds only the word «قدیم» and the recorded index version is 0.
func (s *Store) StaleSearchIndexForTest(ctx context.Context) error {
	if _, err := s.exec(ctx, `UPDATE search_index_version SET version = 0`); err != nil {
		return err
	}
	if s.engine == Postgres {
		_, err := s.exec(ctx, `UPDATE article_search SET doc = 'قدیم'::tsvector, head = 'قدیم'::tsvector`)
		return err
	}
	rows, err := s.query(ctx, `SELECT row_key FROM search_rows`)
	if err != nil {
		return err
	}
	keys, err := scanIDs(rows)
	if err != nil {
		return err
	}
	for _, key := range keys {
		if _, err := s.exec(ctx, `DELETE FROM search_index WHERE rowid = $1`, key); err != nil {
			return err
		}
		if _, err := s.exec(ctx, `INSERT INTO search_index (rowid, headline, strapline, body, labels, meta)
			VALUES ($1, 'قدیم', '', '', '', 'stpublished')`, key); err != nil {
			return err
		}
	}
	return nil
}
