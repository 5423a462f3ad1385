package store

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// RedirectKey is the form old paths are stored and looked up in, so that
// the spellings of one URL meet: percent-encoding decoded (WordPress
// writes Urdu slugs as lowercase %d8%a8…, browsers send uppercase or raw
// UTF-8; Go's router hands handlers the decoded path), and no trailing
// slash except for the root. A query is kept as given ("/?p=12").
func RedirectKey(path string) string {
	p, query, hasQuery := strings.Cut(path, "?")
	if d, err := url.PathUnescape(p); err == nil {
		p = d
	}
	if len(p) > 1 {
		p = strings.TrimRight(p, "/")
		if p == "" {
			p = "/"
		}
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if hasQuery {
		return p + "?" + query
	}
	return p
}

// AddRedirect makes an old path answer with a redirect: to an article's
// canonical URL when articleID is set, else to target.
func (s *Store) AddRedirect(ctx context.Context, path string, articleID int64, target string) error {
	return s.tx(ctx, func(t *txn) error { return t.addRedirect(ctx, path, articleID, target) })
}

func (t *txn) addRedirect(ctx context.Context, path string, articleID int64, target string) error {
	var article any
	if articleID != 0 {
		article = articleID
	}
	key := RedirectKey(path)
	_, err := t.exec(ctx, `INSERT INTO redirects (path, article_id, target) VALUES ($1, $2, $3)
		ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id, target = excluded.target`,
		key, article, target)
	if err != nil {
		return fmt.Errorf("store: add redirect %q: %w", key, err)
	}
	return nil
}

// Redirect looks up an old path (in any of the spellings RedirectKey
// joins).
func (s *Store) Redirect(ctx context.Context, path string) (articleID int64, target string, err error) {
	var article *int64
	key := RedirectKey(path)
	err = s.queryRow(ctx, `SELECT article_id, target FROM redirects WHERE path = $1`, key).Scan(&article, &target)
	if err != nil {
		return 0, "", notFound(err, "redirect "+key)
	}
	if article != nil {
		articleID = *article
	}
	return articleID, target, nil
}
