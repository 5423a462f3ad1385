package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// writeStmts keeps a bulk writer's statements prepared on SQLite's one
// write connection. Our SQLite driver parses every statement afresh, and
// parsing was a tenth of an import's time: an imported article runs the
// same twenty statements as the one before it.
//
// A statement cannot be prepared while a transaction holds the only write
// connection, so a statement first met inside a transaction runs
// unprepared there and is prepared after the commit, for the next batch.
type writeStmts struct {
	db     *sql.DB
	mu     sync.Mutex
	m      map[string]*sql.Stmt // nil: failed to prepare, runs unprepared
	wanted map[string]bool
	ran    atomic.Int64 // statements run prepared, for the tests
}

func newWriteStmts(db *sql.DB) *writeStmts {
	return &writeStmts{db: db, m: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// prepareWanted prepares the statements met since the last call. It must
// run outside any transaction on the write connection. A statement that
// fails to prepare keeps running unprepared, which reports its error in
// context.
func (w *writeStmts) prepareWanted(ctx context.Context) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for q := range w.wanted {
		st, err := w.db.PrepareContext(context.WithoutCancel(ctx), q)
		if err != nil {
			st = nil
		}
		w.m[q] = st
		delete(w.wanted, q)
	}
}

func (w *writeStmts) close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var err error
	for q, st := range w.m {
		if st != nil {
			err = errors.Join(err, st.Close())
		}
		delete(w.m, q)
	}
	return err
}

// txnStmts are the prepared statements bound to one transaction.
type txnStmts struct {
	w    *writeStmts
	inTx map[string]*sql.Stmt
}

// get returns q prepared for tx, or nil to run it unprepared.
func (p *txnStmts) get(ctx context.Context, tx *sql.Tx, q string) *sql.Stmt {
	if p == nil {
		return nil
	}
	if st, ok := p.inTx[q]; ok {
		p.w.ran.Add(1)
		return st
	}
	p.w.mu.Lock()
	st, ok := p.w.m[q]
	if !ok && len(p.w.m)+len(p.w.wanted) < maxCachedStatements {
		p.w.wanted[q] = true
	}
	p.w.mu.Unlock()
	if st != nil {
		p.w.ran.Add(1)
	}
	if st == nil {
		return nil
	}
	// The statement was prepared on the write connection, which tx holds:
	// StmtContext reuses it rather than preparing again.
	ts := tx.StmtContext(ctx, st)
	p.inTx[q] = ts
	return ts
}

// txPrepared is tx with w's statements (nil: none) and prepares the
// statements it met for the next transaction.
func (s *Store) txPrepared(ctx context.Context, w *writeStmts, fn func(*txn) error) error {
	t, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tt := &txn{Tx: t, s: s}
	if w != nil {
		tt.prep = &txnStmts{w: w, inTx: map[string]*sql.Stmt{}}
	}
	if err := fn(tt); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	if w != nil {
		w.prepareWanted(ctx)
	}
	return nil
}
