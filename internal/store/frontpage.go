package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"akhbar/internal/content"
)

// FrontPageVersion is the version of the stored arrangement, which a save
// must name (see SetFrontPage). Read it before the placements, so that a
// save in between makes the form stale rather than unnoticed.
func (s *Store) FrontPageVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.queryRow(ctx, `SELECT version FROM front_page_version WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: front page version: %w", err)
	}
	return v, nil
}

// FrontPage returns the placements in force at now, each with its
// article (for cards: lead image, no bylines): those whose pin has not
// passed and whose article is published, and, for a section pick, still
// in that section. Version is left zero; see FrontPageVersion.
func (s *Store) FrontPage(ctx context.Context, now time.Time) (content.FrontPage, error) {
	rows, err := s.query(ctx, `SELECT p.slot, p.position, p.section_id, p.article_id, p.pinned_until, p.placed_by,
			COALESCE(u.name, ''), p.placed_at, `+articleListColumns+`
		FROM front_page p
		JOIN articles a ON a.id = p.article_id
		JOIN sections s ON s.id = a.section_id
		LEFT JOIN users u ON u.id = p.placed_by
		WHERE a.status = 'published' AND (p.pinned_until IS NULL OR p.pinned_until > $1)
			AND (p.section_id IS NULL OR p.section_id = a.section_id)
		ORDER BY p.id`, now.Unix())
	if err != nil {
		return content.FrontPage{}, fmt.Errorf("store: front page: %w", err)
	}
	defer rows.Close()
	var f content.FrontPage
	var articles []content.Article
	for rows.Next() {
		var p content.Placement
		var section, pinned, by, at sql.NullInt64
		a, err := scanArticle(scanFunc(func(dest ...any) error {
			return rows.Scan(append([]any{&p.Slot, &p.Position, &section, &p.ArticleID, &pinned, &by,
				&p.PlacedByName, &at}, dest...)...)
		}))
		if err != nil {
			return content.FrontPage{}, fmt.Errorf("store: front page: %w", err)
		}
		p.SectionID, p.PlacedBy = section.Int64, by.Int64
		p.PinnedUntil, p.PlacedAt = fromUnix(pinned), fromUnix(at)
		f.Placements = append(f.Placements, p)
		articles = append(articles, a)
	}
	if err := rows.Err(); err != nil {
		return content.FrontPage{}, fmt.Errorf("store: front page: %w", err)
	}
	if err := s.fillLeads(ctx, articles); err != nil {
		return content.FrontPage{}, err
	}
	for i := range f.Placements {
		f.Placements[i].Article = &articles[i]
	}
	return f, nil
}

// SetFrontPage replaces the whole arrangement with f in one transaction,
// as placed by user by at now, and returns the new version. It fails with
// content.ErrConflict when the arrangement is no longer at f.Version (an
// editor saved since f was read), and with a *content.PlacementError,
// naming every refused placement, when an article is missing, not
// published, or a section pick from another section; then nothing
// changes. A story left in the same slot keeps who placed it and when.
func (s *Store) SetFrontPage(ctx context.Context, f content.FrontPage, by int64, now time.Time) (int64, error) {
	if err := f.Validate(now); err != nil {
		return 0, fmt.Errorf("store: set front page: %w", err)
	}
	now = now.Truncate(time.Second)
	var version int64
	err := s.tx(ctx, func(t *txn) error {
		// Raising the version first also makes concurrent saves take turns:
		// on PostgreSQL the second waits for the row, then finds it moved on.
		err := t.queryRow(ctx, `UPDATE front_page_version SET version = version + 1
			WHERE id = 1 AND version = $1 RETURNING version`, f.Version).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("front page at version %d: %w", f.Version, content.ErrConflict)
		}
		if err != nil {
			return err
		}
		if err := t.checkPlacements(ctx, f.Placements); err != nil {
			return err
		}
		kept, err := t.placedBefore(ctx)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM front_page`); err != nil {
			return err
		}
		for _, p := range f.Placements {
			placedBy, placedAt := by, now
			if k, ok := kept[placedKey{p.Slot, p.SectionID, p.ArticleID}]; ok {
				placedBy, placedAt = k.by, k.at
			}
			if _, err := t.exec(ctx, `INSERT INTO front_page (slot, position, section_id, article_id, pinned_until,
				placed_by, placed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				string(p.Slot), p.Position, nullID(p.SectionID), p.ArticleID, unix(p.PinnedUntil),
				nullID(placedBy), placedAt.Unix()); err != nil {
				return fmt.Errorf("place article %d at %s: %w", p.ArticleID, p, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: set front page: %w", err)
	}
	return version, nil
}

// checkPlacements refuses placements whose article is missing, not
// published, or, for a section pick, in another section, naming them all.
func (t *txn) checkPlacements(ctx context.Context, list []content.Placement) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]any, len(list))
	for i, p := range list {
		ids[i] = p.ArticleID
	}
	rows, err := t.query(ctx, `SELECT id, status, section_id FROM articles WHERE id IN (`+placeholders(1, len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	type found struct {
		status  content.Status
		section int64
	}
	articles := map[int64]found{}
	for rows.Next() {
		var id int64
		var f found
		if err := rows.Scan(&id, &f.status, &f.section); err != nil {
			rows.Close()
			return err
		}
		articles[id] = f
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var bad []content.BadPlacement
	for _, p := range list {
		a, ok := articles[p.ArticleID]
		switch {
		case !ok:
			bad = append(bad, content.BadPlacement{Placement: p, Problem: content.ArticleMissing})
		case a.status != content.StatusPublished:
			bad = append(bad, content.BadPlacement{Placement: p, Problem: content.ArticleNotPublished})
		case p.Slot == content.SlotSection && a.section != p.SectionID:
			bad = append(bad, content.BadPlacement{Placement: p, Problem: content.ArticleElsewhere})
		}
	}
	if bad != nil {
		return &content.PlacementError{Bad: bad}
	}
	return nil
}

// placedKey is a story in a kind of slot, whatever its position among
// the top stories: moving a story up or down does not place it anew.
type placedKey struct {
	slot    content.Slot
	section int64
	article int64
}

type placedBy struct {
	by int64
	at time.Time
}

// placedBefore is who placed each story now stored, and when.
func (t *txn) placedBefore(ctx context.Context) (map[placedKey]placedBy, error) {
	rows, err := t.query(ctx, `SELECT slot, section_id, article_id, placed_by, placed_at FROM front_page`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[placedKey]placedBy{}
	for rows.Next() {
		var k placedKey
		var section, by, at sql.NullInt64
		if err := rows.Scan(&k.slot, &section, &k.article, &by, &at); err != nil {
			return nil, err
		}
		k.section = section.Int64
		out[k] = placedBy{by: by.Int64, at: fromUnix(at)}
	}
	return out, rows.Err()
}
