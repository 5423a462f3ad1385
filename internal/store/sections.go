package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"akhbar/internal/content"
)

// CreateSection stores a new section and returns its id.
func (s *Store) CreateSection(ctx context.Context, sec content.Section) (id int64, err error) {
	err = s.tx(ctx, func(t *txn) (err error) {
		id, err = t.createSection(ctx, sec)
		return err
	})
	return id, err
}

func (t *txn) createSection(ctx context.Context, sec content.Section) (int64, error) {
	var id int64
	err := t.queryRow(ctx, `INSERT INTO sections (slug, name, description, parent_id, position)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		sec.Slug, sec.Name, sec.Description, nullID(sec.ParentID), sec.Position).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create section %q: %w", sec.Slug, err)
	}
	return id, nil
}

// Sections lists every section in navigation order.
func (s *Store) Sections(ctx context.Context) ([]content.Section, error) {
	rows, err := s.query(ctx, `SELECT id, slug, name, description, parent_id, position
		FROM sections ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("store: sections: %w", err)
	}
	defer rows.Close()
	var out []content.Section
	for rows.Next() {
		var sec content.Section
		var parent sql.NullInt64
		if err := rows.Scan(&sec.ID, &sec.Slug, &sec.Name, &sec.Description, &parent, &sec.Position); err != nil {
			return nil, fmt.Errorf("store: sections: %w", err)
		}
		sec.ParentID = parent.Int64
		out = append(out, sec)
	}
	return out, rows.Err()
}

// SectionInUseError refuses to delete a section that still has stories
// or sections under it.
type SectionInUseError struct {
	Articles, Children int
}

func (e *SectionInUseError) Error() string {
	return fmt.Sprintf("store: section has %d articles and %d child sections", e.Articles, e.Children)
}

// ErrSlugTaken is returned when a section or tag would take a slug (or a
// tag a name) that another one has.
var ErrSlugTaken = errors.New("store: slug or name already taken")

// Section returns one section.
func (s *Store) Section(ctx context.Context, id int64) (content.Section, error) {
	var sec content.Section
	var parent sql.NullInt64
	err := s.queryRow(ctx, `SELECT id, slug, name, description, parent_id, position FROM sections WHERE id = $1`, id).
		Scan(&sec.ID, &sec.Slug, &sec.Name, &sec.Description, &parent, &sec.Position)
	if err != nil {
		return sec, notFound(err, fmt.Sprintf("section %d", id))
	}
	sec.ParentID = parent.Int64
	return sec, nil
}

// CreateNewSection is CreateSection for the newsroom and the command
// line: it refuses a slug another section has with ErrSlugTaken, and
// makes the new section's path its own (an old redirect there goes).
func (s *Store) CreateNewSection(ctx context.Context, sec content.Section) (id int64, err error) {
	err = s.tx(ctx, func(t *txn) (err error) {
		if err := t.slugFree(ctx, "sections", "slug", sec.Slug, 0); err != nil {
			return err
		}
		if id, err = t.createSection(ctx, sec); err != nil {
			return err
		}
		return t.dropRedirect(ctx, sec.Path())
	})
	return id, err
}

// UpdateSection saves a section's name, slug, description, parent and
// position. When the slug changes, the old address answers 301 to the new
// one (so do older addresses that led to the old one). When the name
// changes, its articles are indexed again: search matches section names.
func (s *Store) UpdateSection(ctx context.Context, sec content.Section) error {
	var old content.Section
	err := s.tx(ctx, func(t *txn) error {
		var parent sql.NullInt64
		err := t.queryRow(ctx, `SELECT id, slug, name, parent_id FROM sections WHERE id = $1`, sec.ID).
			Scan(&old.ID, &old.Slug, &old.Name, &parent)
		if err != nil {
			return notFound(err, fmt.Sprintf("section %d", sec.ID))
		}
		if err := t.slugFree(ctx, "sections", "slug", sec.Slug, sec.ID); err != nil {
			return err
		}
		_, err = t.exec(ctx, `UPDATE sections SET slug = $1, name = $2, description = $3, parent_id = $4, position = $5
			WHERE id = $6`, sec.Slug, sec.Name, sec.Description, nullID(sec.ParentID), sec.Position, sec.ID)
		if err != nil {
			return fmt.Errorf("store: update section %d: %w", sec.ID, err)
		}
		if old.Slug != sec.Slug {
			return t.moveRedirects(ctx, old.Path(), sec.Path())
		}
		return nil
	})
	if err != nil {
		return err
	}
	if old.Name != sec.Name {
		return s.reindexWhere(ctx, `section_id = $1`, sec.ID)
	}
	return nil
}

// ReorderSections numbers the sections in the order of ids (the
// navigation's order); sections not named keep their position after them.
func (s *Store) ReorderSections(ctx context.Context, ids []int64) error {
	return s.tx(ctx, func(t *txn) error {
		for i, id := range ids {
			if _, err := t.exec(ctx, `UPDATE sections SET position = $1 WHERE id = $2`, i+1, id); err != nil {
				return fmt.Errorf("store: reorder sections: %w", err)
			}
		}
		return nil
	})
}

// DeleteSection removes a section without stories or child sections;
// otherwise it returns a *SectionInUseError and changes nothing. Redirects
// to its address and the record of its import go with it.
func (s *Store) DeleteSection(ctx context.Context, id int64) error {
	return s.tx(ctx, func(t *txn) error {
		var slug string
		if err := t.queryRow(ctx, `SELECT slug FROM sections WHERE id = $1`, id).Scan(&slug); err != nil {
			return notFound(err, fmt.Sprintf("section %d", id))
		}
		var inUse SectionInUseError
		if err := t.queryRow(ctx, `SELECT count(*) FROM articles WHERE section_id = $1`, id).Scan(&inUse.Articles); err != nil {
			return fmt.Errorf("store: delete section %d: %w", id, err)
		}
		if err := t.queryRow(ctx, `SELECT count(*) FROM sections WHERE parent_id = $1`, id).Scan(&inUse.Children); err != nil {
			return fmt.Errorf("store: delete section %d: %w", id, err)
		}
		if inUse.Articles > 0 || inUse.Children > 0 {
			return &inUse
		}
		path := content.Section{Slug: slug}.Path()
		for _, q := range []string{
			`DELETE FROM redirects WHERE target = $1`,
			`DELETE FROM imports WHERE kind = 'category' AND local_id = $1`,
			`DELETE FROM sections WHERE id = $1`,
		} {
			arg := any(id)
			if strings.Contains(q, "target") {
				arg = path
			}
			if _, err := t.exec(ctx, q, arg); err != nil {
				return fmt.Errorf("store: delete section %d: %w", id, err)
			}
		}
		return nil
	})
}

// slugFree returns ErrSlugTaken when another row of table (not id) has
// value in column.
func (t *txn) slugFree(ctx context.Context, table, column, value string, id int64) error {
	var other int64
	err := t.queryRow(ctx, `SELECT id FROM `+table+` WHERE `+column+` = $1 AND id <> $2`, value, id).Scan(&other)
	switch {
	case err == nil:
		return fmt.Errorf("%s %q: %w", table, value, ErrSlugTaken)
	case errors.Is(err, sql.ErrNoRows):
		return nil
	}
	return fmt.Errorf("store: %s %q: %w", table, value, err)
}

// moveRedirects makes from answer 301 to to, points the redirects that
// led to from at to, and drops any redirect at to (it has a page now).
func (t *txn) moveRedirects(ctx context.Context, from, to string) error {
	if _, err := t.exec(ctx, `UPDATE redirects SET target = $1 WHERE target = $2 AND article_id IS NULL`, to, from); err != nil {
		return fmt.Errorf("store: move redirects %q: %w", from, err)
	}
	if err := t.addRedirect(ctx, from, 0, to); err != nil {
		return err
	}
	return t.dropRedirect(ctx, to)
}

// dropRedirect removes the redirect at path, if any.
func (t *txn) dropRedirect(ctx context.Context, path string) error {
	if _, err := t.exec(ctx, `DELETE FROM redirects WHERE path = $1`, RedirectKey(path)); err != nil {
		return fmt.Errorf("store: drop redirect %q: %w", path, err)
	}
	return nil
}

// reindexWhere indexes again, in batches, the articles matching where (a
// condition on the articles table with one argument).
func (s *Store) reindexWhere(ctx context.Context, where string, arg any) error {
	var after int64
	for {
		rows, err := s.query(ctx, `SELECT id FROM articles WHERE `+where+` AND id > $2 ORDER BY id LIMIT $3`, arg, after, reindexBatch)
		if err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
		ids, err := scanIDs(rows)
		if err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		if err := s.ReindexArticles(ctx, ids...); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}

// ReindexArticles indexes the articles ids again, in one transaction.
func (s *Store) ReindexArticles(ctx context.Context, ids ...int64) error {
	return s.tx(ctx, func(t *txn) error {
		for _, id := range ids {
			if err := t.indexArticle(ctx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// SectionArticleCounts returns how many articles, in any state, each
// section holds (sections without any are missing).
func (s *Store) SectionArticleCounts(ctx context.Context) (map[int64]int, error) {
	rows, err := s.query(ctx, `SELECT section_id, count(*) FROM articles GROUP BY section_id`)
	if err != nil {
		return nil, fmt.Errorf("store: section counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: section counts: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}
