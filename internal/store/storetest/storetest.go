// Package storetest opens migrated, throwaway stores on every configured
// engine, so that one test runs against SQLite and PostgreSQL alike.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"akhbar/internal/store"
)

// PostgresEnv names the variable holding a PostgreSQL URL for tests.
const PostgresEnv = "AKHBAR_TEST_POSTGRES"

var schemaSeq atomic.Int64

// Engines runs fn as a subtest for each configured engine: SQLite always,
// PostgreSQL when AKHBAR_TEST_POSTGRES is set. Each gets a fresh, migrated
// store that is closed and removed when the subtest ends.
func Engines(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		s := OpenPostgres(t)
		fn(t, s)
	})
}

// OpenSQLite returns a migrated store in a new SQLite file under t.TempDir().
func OpenSQLite(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "akhbar.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// PostgresURL is the test database URL, or "" when PostgreSQL tests are off.
func PostgresURL() string { return os.Getenv(PostgresEnv) }

// OpenPostgres returns a migrated store in a new, private PostgreSQL schema
// that is dropped afterwards. It skips the test, saying why, when
// AKHBAR_TEST_POSTGRES is not set, and fails it when the server cannot be
// reached: CI sets the variable precisely so that a missing server fails.
func OpenPostgres(t testing.TB) *store.Store {
	t.Helper()
	dsn := PostgresSchema(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// PostgresSchema makes a new, empty PostgreSQL schema, dropped when the
// test ends, and returns the URL that puts a store (or several app
// nodes) in it. It skips or fails like OpenPostgres.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	base := PostgresURL()
	if base == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to a PostgreSQL URL (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run them", PostgresEnv)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("akhbar_test_%d_%d", os.Getpid(), schemaSeq.Add(1))
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("postgres at %s cannot be used: %v", base, err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
