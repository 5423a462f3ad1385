package store

import (
	"context"
	"database/sql"
	"fmt"

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
