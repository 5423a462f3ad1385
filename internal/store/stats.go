package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Pool is one connection pool's figures, for metrics.
type Pool struct {
	// Name is "read" or "write" on SQLite (a read pool and the single
	// writer connection), "main" on PostgreSQL (one pool for both).
	Name string
	sql.DBStats
}

// Pools reports the store's connection pools.
func (s *Store) Pools() []Pool {
	if s.read == s.write {
		return []Pool{{Name: "main", DBStats: s.read.Stats()}}
	}
	return []Pool{{Name: "read", DBStats: s.read.Stats()}, {Name: "write", DBStats: s.write.Stats()}}
}

// ObserveQueries has fn told how long each statement counted by
// QueryCount took to run (for a query, until its first row was ready;
// reading the rest is the caller's time). fn runs on the querying
// goroutine and must be quick; nil stops the observing.
func (s *Store) ObserveQueries(fn func(time.Duration)) {
	if fn == nil {
		s.observer.Store(nil)
		return
	}
	s.observer.Store(&fn)
}

// observe tells the observer, if any, how long since start a statement
// took; deferred with time.Now() as its argument.
func (s *Store) observe(start time.Time) {
	if fn := s.observer.Load(); fn != nil {
		(*fn)(time.Since(start))
	}
}

// WebhookQueue is the state of the webhook delivery queue, shared by
// every node of the site.
type WebhookQueue struct {
	Pending   int64     // deliveries waiting for an attempt, due or not
	Due       int64     // of those, the ones due now (of active subscriptions)
	OldestDue time.Time // when the longest-waiting due delivery fell due; zero when none is
}

// WebhookQueue reads the webhook queue for metrics. It is not counted in
// QueryCount (it is a scrape's, not a page's) and reads the partial
// index of pending deliveries only.
func (s *Store) WebhookQueue(ctx context.Context, now time.Time) (WebhookQueue, error) {
	var q WebhookQueue
	var oldest sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*),
		COUNT(CASE WHEN d.due_ms <= $1 AND w.active = TRUE THEN 1 END),
		MIN(CASE WHEN d.due_ms <= $1 AND w.active = TRUE THEN d.due_ms END)
		FROM webhook_deliveries d JOIN webhook_subscriptions w ON w.id = d.subscription_id
		WHERE d.state = 'pending'`, ms(now)).Scan(&q.Pending, &q.Due, &oldest)
	if err != nil {
		return q, fmt.Errorf("store: webhook queue: %w", err)
	}
	q.OldestDue = fromMS(oldest)
	return q, nil
}
