package store

import (
	"context"
	"fmt"

	"akhbar/internal/content"
)

// EnsureTag returns the id of the tag with this slug, creating it if needed.
func (s *Store) EnsureTag(ctx context.Context, t content.Tag) (int64, error) {
	var id int64
	err := s.queryRowWrite(ctx, `INSERT INTO tags (slug, name) VALUES ($1, $2)
		ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id`, t.Slug, t.Name).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: ensure tag %q: %w", t.Slug, err)
	}
	return id, nil
}

// TagBySlug finds a tag by its URL slug.
func (s *Store) TagBySlug(ctx context.Context, slug string) (content.Tag, error) {
	var t content.Tag
	err := s.queryRow(ctx, `SELECT id, slug, name FROM tags WHERE slug = $1`, slug).Scan(&t.ID, &t.Slug, &t.Name)
	if err != nil {
		return t, notFound(err, "tag "+slug)
	}
	return t, nil
}
