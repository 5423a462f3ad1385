package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
)

// maxCachedStatements bounds the cache: the store's queries are a fixed
// set of texts, plus IN (…) lists whose length varies with the page.
const maxCachedStatements = 512

// stmtCache keeps the read statements prepared. Our SQLite driver parses
// every query afresh, and parsing was a quarter of an uncached article
// page's time. database/sql prepares a statement again on each pool
// connection that first runs it, so one *sql.Stmt serves the whole pool.
type stmtCache struct {
	db    *sql.DB
	m     sync.Map // query text → *sql.Stmt
	count atomic.Int64
	mu    sync.Mutex // serializes preparing, so a statement is made once
}

// get returns the prepared statement for q, or nil when q should run
// unprepared (no cache, a full cache, or a statement that fails to
// prepare: running it unprepared then reports the error in context).
func (c *stmtCache) get(ctx context.Context, q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	if st, ok := c.m.Load(q); ok {
		return st.(*sql.Stmt)
	}
	if c.count.Load() >= maxCachedStatements {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m.Load(q); ok {
		return st.(*sql.Stmt)
	}
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil
	}
	c.m.Store(q, st)
	c.count.Add(1)
	return st
}

// close closes every cached statement.
func (c *stmtCache) close() error {
	if c == nil {
		return nil
	}
	var err error
	c.m.Range(func(_, v any) bool {
		err = errors.Join(err, v.(*sql.Stmt).Close())
		return true
	})
	return err
}
