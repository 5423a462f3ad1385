// Package store keeps Akhbar's content in SQLite (the default, embedded)
// or PostgreSQL. Both engines share one implementation over database/sql:
// the SQL is written once with $N placeholders, which both accept, and the
// few engine differences live in the migrations folder of each engine.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"akhbar/internal/content"
)

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = content.ErrNotFound

// Engine names a database engine.
type Engine string

// The supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Store is the content store. It is safe for concurrent use.
type Store struct {
	engine Engine
	read   *sql.DB // the read pool
	write  *sql.DB // one connection on SQLite, the same pool as read on PostgreSQL

	queries atomic.Int64
	stmts   *stmtCache // SQLite reads; nil on PostgreSQL, whose driver caches its own
	node    string     // this app node's name, for the audit log

	observer atomic.Pointer[func(time.Duration)] // ObserveQueries

	vocab vocabularyCache // the index's words, for "did you mean" (suggest.go)
}

// Options tune how the store connects.
type Options struct {
	// MaxConns bounds this process's PostgreSQL connections (default
	// DefaultMaxConns). Every node holds up to this many, plus one that
	// listens for other nodes' changes: keep nodes × (MaxConns + 1) under
	// the server's max_connections, less its reserved ones.
	MaxConns int
}

// DefaultMaxConns is the PostgreSQL pool size when none is set.
const DefaultMaxConns = 20

// IsPostgresURL reports whether dsn selects PostgreSQL rather than a SQLite file.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to the database named by dsn: a postgres:// URL, or the
// path of a SQLite file (created with its folder if missing). It does not
// migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return OpenWith(ctx, dsn, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, dsn string, o Options) (*Store, error) {
	if IsPostgresURL(dsn) {
		return openPostgres(ctx, dsn, o)
	}
	return openSQLite(ctx, dsn)
}

func openPostgres(ctx context.Context, dsn string, o Options) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	if o.MaxConns <= 0 {
		o.MaxConns = DefaultMaxConns
	}
	// Exclusive holds one connection for its lock while the work it
	// guards (migrations) needs another: one alone would wait forever.
	o.MaxConns = max(o.MaxConns, 2)
	db.SetMaxOpenConns(o.MaxConns)
	// Keep every connection a busy node opened: with half kept, each burst
	// opened and closed connections, a new PostgreSQL process each time
	// and five freshly planned statements on it, which tripled the slowest
	// 1% of uncached page times. Idle ones still close after 5 minutes.
	db.SetMaxIdleConns(o.MaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	return &Store{engine: Postgres, read: db, write: db}, nil
}

func openSQLite(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: no database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create data folder: %w", err)
		}
	}
	// busy_timeout comes first so that setting WAL already waits for locks.
	// Page caches are per connection and count in the process's memory, so
	// they stay small: the operating system's file cache already holds the
	// database, and a read from it costs microseconds. The writer gets more
	// because index updates revisit the same pages within a transaction.
	common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	write, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=cache_size(-32768)&_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(16384)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1) // SQLite has one writer; queueing here beats "database is locked"
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=cache_size(-8192)&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	return &Store{engine: SQLite, read: read, write: write, stmts: &stmtCache{db: read}}, nil
}

// Engine tells which engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// Close closes the connections.
func (s *Store) Close() error {
	err := s.stmts.close()
	err = errors.Join(err, s.write.Close())
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Ping checks that the database answers (for /healthz).
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// QueryCount is the number of statements run so far; tests use it to
// prove that a page costs a fixed number of queries (no N+1).
func (s *Store) QueryCount() int64 { return s.queries.Load() }

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s.queries.Add(1)
	defer s.observe(time.Now())
	if st := s.stmts.get(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.read.QueryContext(ctx, q, args...)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	s.queries.Add(1)
	defer s.observe(time.Now())
	if st := s.stmts.get(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.read.QueryRowContext(ctx, q, args...)
}

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	s.queries.Add(1)
	defer s.observe(time.Now())
	return s.write.ExecContext(ctx, q, args...)
}

// tx runs fn in one write transaction, committed when fn returns nil.
func (s *Store) tx(ctx context.Context, fn func(*txn) error) error {
	return s.txPrepared(ctx, nil, fn)
}

// txn counts statements like the Store does. prep, when set (bulk
// writes on SQLite, see writeStmts), runs them prepared.
type txn struct {
	*sql.Tx
	s    *Store
	prep *txnStmts
}

func (t *txn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	t.s.queries.Add(1)
	defer t.s.observe(time.Now())
	if st := t.prep.get(ctx, t.Tx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.ExecContext(ctx, q, args...)
}

func (t *txn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	t.s.queries.Add(1)
	defer t.s.observe(time.Now())
	if st := t.prep.get(ctx, t.Tx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.QueryRowContext(ctx, q, args...)
}

func (t *txn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	t.s.queries.Add(1)
	defer t.s.observe(time.Now())
	if st := t.prep.get(ctx, t.Tx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.QueryContext(ctx, q, args...)
}

// placeholders returns "$from, $from+1, …" for n arguments.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

// unix stores a time as Unix seconds; the zero time is stored as NULL.
func unix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// nullID stores a missing reference (0) as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func fromUnix(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}
