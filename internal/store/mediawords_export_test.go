package store

import "context"

// ForgetMediaWordsForTest empties every image's folded words, as images
// stored before migration 0015 are, so tests can prove Migrate fills them.
func (s *Store) ForgetMediaWordsForTest(ctx context.Context) error {
	_, err := s.exec(ctx, `UPDATE media SET words_folded = NULL`)
	return err
}
