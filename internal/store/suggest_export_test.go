package store

import (
	"context"
	"time"
)

// ReadersQueryOnlyForTest reports whether every idle SQLite read
// connection still refuses writes (PRAGMA query_only), as loading the
// vocabulary must leave them.
func (s *Store) ReadersQueryOnlyForTest(ctx context.Context) (bool, error) {
	n := s.read.Stats().OpenConnections
	for range n {
		var on int
		if err := s.read.QueryRowContext(ctx, `PRAGMA query_only`).Scan(&on); err != nil {
			return false, err
		}
		if on != 1 {
			return false, nil
		}
	}
	return true, nil
}

// SetVocabularyMaxAgeForTest changes how long a loaded vocabulary serves
// and returns a function that restores it.
func SetVocabularyMaxAgeForTest(d time.Duration) func() {
	old := vocabularyMaxAge
	vocabularyMaxAge = d
	return func() { vocabularyMaxAge = old }
}
