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

// ArticleImport is one imported article to save: the article (new when
// ID is 0, else an update at its Version), its bylines and tags, the old
// paths that must redirect to it, and its import record.
type ArticleImport struct {
	Article   *content.Article
	AuthorIDs []int64
	TagIDs    []int64
	Key       ImportKey
	Checksum  string
	OldPaths  []string
}

// ImportArticles saves a batch of imported articles in one transaction:
// an import stopped at any point leaves each article either fully
// imported or not at all, and a batch shares one commit and one search
// index flush. A conflict (an article edited during the import) fails the
// whole batch with content.ErrConflict; retry its articles one by one.
func (s *Store) ImportArticles(ctx context.Context, batch []ArticleImport) error {
	return s.importArticles(ctx, nil, batch)
}

// ArticleImporter writes batch after batch of imported articles, with
// the statements it runs kept prepared on SQLite (PostgreSQL's driver
// keeps its own). Close it when the import is over.
type ArticleImporter struct {
	s     *Store
	stmts *writeStmts // nil on PostgreSQL
}

// ArticleImporter starts a bulk import of articles.
func (s *Store) ArticleImporter() *ArticleImporter {
	im := &ArticleImporter{s: s}
	if s.engine == SQLite {
		im.stmts = newWriteStmts(s.write)
	}
	return im
}

// ImportArticles is Store.ImportArticles.
func (im *ArticleImporter) ImportArticles(ctx context.Context, batch []ArticleImport) error {
	return im.s.importArticles(ctx, im.stmts, batch)
}

// Close releases the prepared statements.
func (im *ArticleImporter) Close() error {
	if im.stmts == nil {
		return nil
	}
	if err := im.stmts.close(); err != nil {
		return fmt.Errorf("store: close article importer: %w", err)
	}
	return nil
}

func (s *Store) importArticles(ctx context.Context, stmts *writeStmts, batch []ArticleImport) error {
	for _, im := range batch {
		if err := im.Article.Validate(); err != nil {
			return fmt.Errorf("store: import %s: %w", im.Key, err)
		}
	}
	saved := make([]content.Article, len(batch))
	err := s.txPrepared(ctx, stmts, func(t *txn) error {
		for i, im := range batch {
			a := *im.Article
			conflict, err := t.saveArticle(ctx, &a, im.AuthorIDs, im.TagIDs, a.CreatedBy)
			if err != nil {
				return fmt.Errorf("store: import %s: %w", im.Key, err)
			}
			if conflict {
				return fmt.Errorf("store: import %s: article %d: %w", im.Key, a.ID, content.ErrConflict)
			}
			for _, p := range im.OldPaths {
				if err := t.addRedirect(ctx, p, a.ID, ""); err != nil {
					return err
				}
			}
			if err := t.recordImport(ctx, im.Key, a.ID, im.Checksum, a.Version); err != nil {
				return err
			}
			saved[i] = a
		}
		// Indexed last: SQLite's full-text index flushes its pending
		// entries at every statement that opens a savepoint (an upsert, a
		// multi-row update), so indexing as it went cost one flush per
		// statement instead of one per batch.
		for _, a := range saved {
			if err := t.indexArticle(ctx, a.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Only a committed batch hands back ids and versions.
	for i := range batch {
		*batch[i].Article = saved[i]
	}
	return nil
}

// ImportSection creates an imported section with the old paths that must
// redirect to it and its import record, in one transaction, so an import
// stopped half-way never leaves a section it would make again.
func (s *Store) ImportSection(ctx context.Context, sec content.Section, k ImportKey, oldPaths []string) (int64, error) {
	var id int64
	err := s.tx(ctx, func(t *txn) (err error) {
		if id, err = t.createSection(ctx, sec); err != nil {
			return err
		}
		for _, p := range oldPaths {
			if err := t.addRedirect(ctx, p, 0, sec.Path()); err != nil {
				return err
			}
		}
		return t.recordImport(ctx, k, id, "", 0)
	})
	return id, err
}
