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
