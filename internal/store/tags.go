package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"akhbar/internal/content"
	"akhbar/internal/urdu"
)

// EnsureTag returns the id of the tag a writer names: the tag with this
// name (names are unique: a tag imported with its WordPress slug is found
// again by its name when an editor types it), the tag with this slug when
// its name is the same but for case and spelling variants, or the tag a
// merged or renamed tag's old address now leads to; else it creates the
// tag. Two different names that spell one slug («C#» and «C++» are both
// `c`) are two tags: the newer gets the slug with -2, -3, ….
//
// It used to insert with ON CONFLICT (slug) alone, so a name another tag
// had under another slug failed the UNIQUE constraint on names, and the
// whole save with it; and its no-op DO UPDATE wrote a new row version on
// PostgreSQL for every tag of every save.
func (s *Store) EnsureTag(ctx context.Context, t content.Tag) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *txn) error {
		err := tx.queryRow(ctx, `SELECT id FROM tags WHERE name = $1`, t.Name).Scan(&id)
		if !errors.Is(err, sql.ErrNoRows) {
			return err // found, or failed
		}
		var other string
		err = tx.queryRow(ctx, `SELECT id, name FROM tags WHERE slug = $1`, t.Slug).Scan(&id, &other)
		switch {
		case err == nil && sameTagName(other, t.Name):
			return nil
		case err == nil:
			id = 0
			if t.Slug, err = tx.freeTagSlug(ctx, t.Slug); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		default:
			if id, err = tx.redirectedTag(ctx, t); err != nil || id != 0 {
				return err
			}
		}
		if err := tx.queryRow(ctx, `INSERT INTO tags (slug, name) VALUES ($1, $2) RETURNING id`, t.Slug, t.Name).Scan(&id); err != nil {
			return err
		}
		return tx.dropRedirect(ctx, t.Path())
	})
	if err != nil {
		return 0, fmt.Errorf("store: ensure tag %q: %w", t.Name, err)
	}
	return id, nil
}

// sameTagName reports whether two tag names differ only in case or in
// what urdu.Fold folds (Arabic or Urdu letters, diacritics, digits).
func sameTagName(a, b string) bool {
	return strings.EqualFold(urdu.Fold(a), urdu.Fold(b))
}

// freeTagSlug is slug, or slug-2, slug-3, … whichever no tag has.
func (t *txn) freeTagSlug(ctx context.Context, slug string) (string, error) {
	for n := 2; ; n++ {
		candidate := fmt.Sprintf("%s-%d", slug, n)
		var taken int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM tags WHERE slug = $1`, candidate).Scan(&taken); err != nil {
			return "", err
		}
		if taken == 0 {
			return candidate, nil
		}
	}
}

// redirectedTag is the tag the old address of tag's slug leads to (the
// tag it was renamed or merged into); 0 if none.
func (t *txn) redirectedTag(ctx context.Context, tag content.Tag) (int64, error) {
	var target string
	err := t.queryRow(ctx, `SELECT target FROM redirects WHERE path = $1 AND article_id IS NULL`, RedirectKey(tag.Path())).Scan(&target)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	slug, ok := strings.CutPrefix(target, "/tag/")
	if !ok {
		return 0, nil
	}
	var id int64
	err = t.queryRow(ctx, `SELECT id FROM tags WHERE slug = $1`, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
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

// TagByID finds a tag by its id.
func (s *Store) TagByID(ctx context.Context, id int64) (content.Tag, error) {
	var t content.Tag
	err := s.queryRow(ctx, `SELECT id, slug, name FROM tags WHERE id = $1`, id).Scan(&t.ID, &t.Slug, &t.Name)
	if err != nil {
		return t, notFound(err, fmt.Sprintf("tag %d", id))
	}
	return t, nil
}

// TagCount is a tag with the number of articles carrying it.
type TagCount struct {
	content.Tag
	Articles int
}

// TagList returns tags by name, limit from offset, with their article
// counts; with match, only those whose name or slug contains it.
func (s *Store) TagList(ctx context.Context, match string, limit, offset int) ([]TagCount, error) {
	where, args := "", []any{limit, offset}
	if match != "" {
		pattern := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(match) + "%"
		where = `WHERE t.name LIKE $3 ESCAPE '\' OR t.slug LIKE $3 ESCAPE '\'`
		args = append(args, pattern)
	}
	rows, err := s.query(ctx, `SELECT t.id, t.slug, t.name,
		(SELECT count(*) FROM article_tags at WHERE at.tag_id = t.id)
		FROM tags t `+where+` ORDER BY t.name, t.id LIMIT $1 OFFSET $2`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: tags: %w", err)
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var tc TagCount
		if err := rows.Scan(&tc.ID, &tc.Slug, &tc.Name, &tc.Articles); err != nil {
			return nil, fmt.Errorf("store: tags: %w", err)
		}
		out = append(out, tc)
	}
	return out, rows.Err()
}

// TagArticles returns the ids of the articles carrying the tag.
func (s *Store) TagArticles(ctx context.Context, id int64) ([]int64, error) {
	rows, err := s.query(ctx, `SELECT article_id FROM article_tags WHERE tag_id = $1 ORDER BY article_id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: tag %d articles: %w", id, err)
	}
	return scanIDs(rows)
}

// RenameTag gives a tag a new name and slug. The old address answers 301
// to the new one (as do addresses that led to the old one), and the
// tag's articles are indexed again: search matches tag names. Another
// tag with the name or slug: ErrSlugTaken.
func (s *Store) RenameTag(ctx context.Context, id int64, name, slug string) error {
	var old content.Tag
	err := s.tx(ctx, func(t *txn) error {
		if err := t.queryRow(ctx, `SELECT id, slug, name FROM tags WHERE id = $1`, id).Scan(&old.ID, &old.Slug, &old.Name); err != nil {
			return notFound(err, fmt.Sprintf("tag %d", id))
		}
		if err := t.slugFree(ctx, "tags", "slug", slug, id); err != nil {
			return err
		}
		if err := t.slugFree(ctx, "tags", "name", name, id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE tags SET name = $1, slug = $2 WHERE id = $3`, name, slug, id); err != nil {
			return fmt.Errorf("store: rename tag %d: %w", id, err)
		}
		if old.Slug != slug {
			return t.moveRedirects(ctx, old.Path(), content.Tag{Slug: slug}.Path())
		}
		return nil
	})
	if err != nil || old.Name == name {
		return err
	}
	return s.reindexWhere(ctx, `id IN (SELECT article_id FROM article_tags WHERE tag_id = $1)`, id)
}

// MergeTags moves every article of the tag from to the tag into and
// deletes from; its address answers 301 to into's, and an editor typing
// its name later gets into. The moved articles are indexed again.
func (s *Store) MergeTags(ctx context.Context, from, into int64) error {
	if from == into {
		return fmt.Errorf("store: merge tag %d into itself: %w", from, content.ErrInvalid)
	}
	var src, dst content.Tag
	var moved []int64
	err := s.tx(ctx, func(t *txn) error {
		if err := t.queryRow(ctx, `SELECT id, slug, name FROM tags WHERE id = $1`, from).Scan(&src.ID, &src.Slug, &src.Name); err != nil {
			return notFound(err, fmt.Sprintf("tag %d", from))
		}
		if err := t.queryRow(ctx, `SELECT id, slug, name FROM tags WHERE id = $1`, into).Scan(&dst.ID, &dst.Slug, &dst.Name); err != nil {
			return notFound(err, fmt.Sprintf("tag %d", into))
		}
		rows, err := t.query(ctx, `SELECT article_id FROM article_tags WHERE tag_id = $1 ORDER BY article_id`, from)
		if err != nil {
			return fmt.Errorf("store: merge tag %d: %w", from, err)
		}
		if moved, err = scanIDs(rows); err != nil {
			return fmt.Errorf("store: merge tag %d: %w", from, err)
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO article_tags (article_id, tag_id, published_at)
				SELECT article_id, $2, published_at FROM article_tags f WHERE f.tag_id = $1
				AND NOT EXISTS (SELECT 1 FROM article_tags i WHERE i.tag_id = $2 AND i.article_id = f.article_id)`, []any{from, into}},
			{`DELETE FROM article_tags WHERE tag_id = $1`, []any{from}},
			{`UPDATE imports SET local_id = $2 WHERE kind = 'tag' AND local_id = $1`, []any{from, into}},
			{`DELETE FROM tags WHERE id = $1`, []any{from}},
		} {
			if _, err := t.exec(ctx, q.sql, q.args...); err != nil {
				return fmt.Errorf("store: merge tag %d into %d: %w", from, into, err)
			}
		}
		return t.moveRedirects(ctx, src.Path(), dst.Path())
	})
	if err != nil {
		return err
	}
	for len(moved) > 0 {
		n := min(len(moved), reindexBatch)
		if err := s.ReindexArticles(ctx, moved[:n]...); err != nil {
			return err
		}
		moved = moved[n:]
	}
	return nil
}

// TagByName finds the tag an editor names: by its name, or by the slug
// given (a tag's address).
func (s *Store) TagByName(ctx context.Context, name, slug string) (content.Tag, error) {
	var t content.Tag
	err := s.queryRow(ctx, `SELECT id, slug, name FROM tags WHERE name = $1 OR slug = $2 ORDER BY name = $1 DESC LIMIT 1`,
		name, slug).Scan(&t.ID, &t.Slug, &t.Name)
	if err != nil {
		return t, notFound(err, "tag "+name)
	}
	return t, nil
}
