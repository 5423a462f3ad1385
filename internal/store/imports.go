package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"akhbar/internal/content"
)

// ImportKey names a record of another system: the site it came from, its
// kind there ("post", "category", …) and its id there.
type ImportKey struct {
	Source, Kind, ID string
}

func (k ImportKey) String() string { return k.Kind + " " + k.ID }

// Imported is what the store remembers of an imported record.
type Imported struct {
	LocalID  int64  // the article, section, tag, user or media id here
	Checksum string // of the record as last imported
	Version  int    // articles: the version the import wrote
}

// Imported looks up an imported record; ok is false if it never was.
func (s *Store) Imported(ctx context.Context, k ImportKey) (rec Imported, ok bool, err error) {
	err = s.queryRow(ctx, `SELECT local_id, checksum, version FROM imports
		WHERE source = $1 AND kind = $2 AND source_id = $3`, k.Source, k.Kind, k.ID).
		Scan(&rec.LocalID, &rec.Checksum, &rec.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return rec, false, nil
	}
	if err != nil {
		return rec, false, fmt.Errorf("store: imported %s: %w", k, err)
	}
	return rec, true, nil
}

// ImportedIDs maps the source ids of every imported record of one kind to
// their local ids (a site's categories, tags, authors or attachments).
func (s *Store) ImportedIDs(ctx context.Context, source, kind string) (map[string]int64, error) {
	rows, err := s.query(ctx, `SELECT source_id, local_id FROM imports WHERE source = $1 AND kind = $2`, source, kind)
	if err != nil {
		return nil, fmt.Errorf("store: imported %ss: %w", kind, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var local int64
		if err := rows.Scan(&id, &local); err != nil {
			return nil, fmt.Errorf("store: imported %ss: %w", kind, err)
		}
		out[id] = local
	}
	return out, rows.Err()
}

// RecordImport remembers that k was imported as localID.
func (s *Store) RecordImport(ctx context.Context, k ImportKey, localID int64, checksum string) error {
	return s.tx(ctx, func(t *txn) error { return t.recordImport(ctx, k, localID, checksum, 0) })
}

func (t *txn) recordImport(ctx context.Context, k ImportKey, localID int64, checksum string, version int) error {
	_, err := t.exec(ctx, `INSERT INTO imports (source, kind, source_id, local_id, checksum, version)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (source, kind, source_id) DO UPDATE SET local_id = excluded.local_id,
			checksum = excluded.checksum, version = excluded.version`,
		k.Source, k.Kind, k.ID, localID, checksum, version)
	if err != nil {
		return fmt.Errorf("store: record import of %s: %w", k, err)
	}
	return nil
}

// ImportArticle saves an imported article (new when a.ID is 0, else an
// update at a.Version), the old paths that must redirect to it, and the
// import record, in one transaction: an import stopped at any point
// leaves each article either fully imported or not at all.
func (s *Store) ImportArticle(ctx context.Context, a *content.Article, authorIDs, tagIDs []int64, k ImportKey, checksum string, oldPaths []string) error {
	if err := a.Validate(); err != nil {
		return fmt.Errorf("store: import %s: %w", k, err)
	}
	var editor any
	if a.CreatedBy != 0 {
		editor = a.CreatedBy
	}
	return s.tx(ctx, func(t *txn) error {
		conflict, err := t.saveArticle(ctx, a, authorIDs, tagIDs, editor)
		if err != nil {
			return fmt.Errorf("store: import %s: %w", k, err)
		}
		if conflict {
			return fmt.Errorf("store: import %s: article %d: %w", k, a.ID, content.ErrConflict)
		}
		for _, p := range oldPaths {
			if err := t.addRedirect(ctx, p, a.ID, ""); err != nil {
				return err
			}
		}
		return t.recordImport(ctx, k, a.ID, checksum, a.Version)
	})
}
