package store

import (
	"context"
	"database/sql/driver"
	"fmt"
)

// What several app nodes on one PostgreSQL database need from the store:
// a name for this node in the audit log, notifications to the others, and
// a lock so that only one of them migrates at a time.

// SetNode names this node in the audit entries it writes.
func (s *Store) SetNode(name string) { s.node = name }

// Node is the name set by SetNode.
func (s *Store) Node() string { return s.node }

// Schema is the PostgreSQL schema the store's tables live in ("" on
// SQLite); it names the site's change channel.
func (s *Store) Schema(ctx context.Context) (string, error) {
	if s.engine != Postgres {
		return "", nil
	}
	var schema string
	if err := s.queryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return "", fmt.Errorf("store: current schema: %w", err)
	}
	return schema, nil
}

// Notify sends a PostgreSQL notification on channel (the other nodes'
// change channel). It is an error on SQLite, which has one node.
func (s *Store) Notify(ctx context.Context, channel, payload string) error {
	if s.engine != Postgres {
		return fmt.Errorf("store: notify: %s has no other nodes to tell", s.engine)
	}
	if _, err := s.exec(ctx, `SELECT pg_notify($1, $2)`, channel, payload); err != nil {
		return fmt.Errorf("store: notify %s: %w", channel, err)
	}
	return nil
}

// Exclusive runs fn while holding the database-wide lock called name, so
// that of several processes starting at once only one migrates, or loads
// the demo, at a time; the others wait, then find the work done. On
// PostgreSQL it is a session advisory lock on a connection of its own,
// released when fn returns or the process dies; the key includes the
// schema, so sites in other schemas do not wait on each other. On SQLite
// the single writer already serializes the work, and fn just runs.
func (s *Store) Exclusive(ctx context.Context, name string, fn func() error) error {
	if s.engine != Postgres {
		return fn()
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: lock %s: %w", name, err)
	}
	defer conn.Close()
	const key = `hashtextextended(current_schema() || '/akhbar/' || $1, 0)`
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+key+`)`, name); err != nil {
		return fmt.Errorf("store: lock %s: %w", name, err)
	}
	defer func() {
		// On a broken connection the server has already let go.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+key+`)`, name); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) // do not return it to the pool
		}
	}()
	return fn()
}
