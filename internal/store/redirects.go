package store

import (
	"context"
	"fmt"
)

// AddRedirect makes an old path answer with a redirect: to an article's
// canonical URL when articleID is set, else to target.
func (s *Store) AddRedirect(ctx context.Context, path string, articleID int64, target string) error {
	var article any
	if articleID != 0 {
		article = articleID
	}
	_, err := s.exec(ctx, `INSERT INTO redirects (path, article_id, target) VALUES ($1, $2, $3)
		ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id, target = excluded.target`,
		path, article, target)
	if err != nil {
		return fmt.Errorf("store: add redirect %q: %w", path, err)
	}
	return nil
}

// Redirect looks up an old path.
func (s *Store) Redirect(ctx context.Context, path string) (articleID int64, target string, err error) {
	var article *int64
	err = s.queryRow(ctx, `SELECT article_id, target FROM redirects WHERE path = $1`, path).Scan(&article, &target)
	if err != nil {
		return 0, "", notFound(err, "redirect "+path)
	}
	if article != nil {
		articleID = *article
	}
	return articleID, target, nil
}
