package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFiles embed.FS

// migration is one numbered, described schema change.
type migration struct {
	version int
	name    string
	sql     string
}

func (s *Store) migrations() ([]migration, error) {
	dir := path.Join("migrations", string(s.engine))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		base, ok := strings.CutSuffix(e.Name(), ".sql")
		if !ok {
			continue
		}
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration file %q is not named NNNN_name.sql", e.Name())
		}
		body, err := migrationFiles.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migration %d is missing or duplicated (found %d)", i+1, m.version)
		}
	}
	return ms, nil
}

// Migrate applies, in order and each in its own transaction, every
// embedded migration that the database has not recorded yet. Processes
// that start together take turns (Exclusive): the first migrates, the
// others then find nothing left to do.
func (s *Store) Migrate(ctx context.Context) (applied int, err error) {
	err = s.Exclusive(ctx, "migrate", func() error {
		applied, err = s.migrate(ctx, true)
		return err
	})
	return applied, err
}

// MigrateForReindex is Migrate without the search index rebuild, for
// `akhbar reindex`, which rebuilds it next anyway (with a progress bar):
// an index from older rules would otherwise be built twice.
func (s *Store) MigrateForReindex(ctx context.Context) (applied int, err error) {
	err = s.Exclusive(ctx, "migrate", func() error {
		applied, err = s.migrate(ctx, false)
		return err
	})
	return applied, err
}

func (s *Store) migrate(ctx context.Context, rebuildSearch bool) (applied int, err error) {
	if _, err := s.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at BIGINT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	ms, err := s.migrations()
	if err != nil {
		return 0, err
	}
	current, err := s.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	if current > len(ms) {
		return 0, fmt.Errorf("store: database schema %d is newer than this binary knows (%d): upgrade akhbar", current, len(ms))
	}
	for _, m := range ms[current:] {
		if err := s.applyMigration(ctx, m); err != nil {
			return applied, fmt.Errorf("store: migration %04d_%s: %w", m.version, m.name, err)
		}
		applied++
	}
	// A new search index (or one that lost entries) is filled from the
	// articles here, so no code path serves searches from an incomplete one.
	complete, err := s.searchIndexComplete(ctx)
	if err == nil && !complete && rebuildSearch {
		err = s.Reindex(ctx, nil)
	}
	if err == nil {
		err = s.fillMediaWords(ctx) // images stored before migration 0015
	}
	return applied, err
}

// foreignKeysOff marks a SQLite migration that rebuilds a table others
// refer to: dropping the old table with foreign keys on would cascade
// its deletion into them.
const foreignKeysOff = "-- akhbar: foreign_keys off\n"

// applyMigration runs one migration and records it, in one transaction.
// SQLite can only switch foreign keys off outside a transaction, so a
// migration marked foreignKeysOff runs between the two pragmas, on the
// single write connection, and must leave no broken reference behind.
func (s *Store) applyMigration(ctx context.Context, m migration) error {
	fkOff := s.engine == SQLite && strings.HasPrefix(m.sql, foreignKeysOff)
	if fkOff {
		if _, err := s.exec(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return err
		}
		defer s.exec(ctx, `PRAGMA foreign_keys = ON`)
	}
	return s.tx(ctx, func(t *txn) error {
		if _, err := t.exec(ctx, m.sql); err != nil {
			return err
		}
		if fkOff {
			rows, err := t.query(ctx, `PRAGMA foreign_key_check`)
			if err != nil {
				return err
			}
			broken := rows.Next()
			rows.Close()
			if broken {
				return fmt.Errorf("the rebuild leaves broken foreign keys (PRAGMA foreign_key_check)")
			}
		}
		_, err := t.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.version, m.name, time.Now().Unix())
		return err
	})
}

// SchemaVersion is the number of the newest applied migration (0 for none).
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: read schema version: %w", err)
	}
	return v, nil
}

// CheckSchema refuses to serve a database whose schema is behind the binary.
func (s *Store) CheckSchema(ctx context.Context) error {
	ms, err := s.migrations()
	if err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if v != len(ms) {
		return fmt.Errorf("store: database schema is at %d, this binary needs %d: run `akhbar migrate`", v, len(ms))
	}
	return nil
}

// LatestSchema is the schema version this binary migrates a database of
// engine to: the number of its newest embedded migration. A backup made
// by a newer binary, with a schema beyond it, cannot be restored here.
func LatestSchema(engine Engine) (int, error) {
	ms, err := (&Store{engine: engine}).migrations()
	return len(ms), err
}
