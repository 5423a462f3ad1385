package store

import (
	"context"
	"fmt"
	"time"
)

// LoginLimit is how many sign-in attempts a key may have in a window.
type LoginLimit struct {
	Key    string // "account:EMAIL", "ip:ADDRESS"
	Max    int
	Window time.Duration
	// Spacing, when set, makes the limit a backoff rather than a lockout:
	// past Max attempts in the window, one more is allowed each Spacing
	// after the last. An account guessed at from many addresses so slows
	// the guessing without locking its owner out for the whole window.
	Spacing time.Duration
}

// ReserveLogin records one sign-in attempt against every limit, before
// its password is checked, unless a limit is already used up. It is one
// transaction, serialized per key on PostgreSQL by an advisory lock (and
// on SQLite by the single writer), so parallel attempts on any number of
// nodes never get past the limit together. When it refuses, wait is how
// long until the oldest attempt of the full limit leaves its window.
// The returned ids let a successful attempt take its rows back
// (ReleaseLogins): only failures should count.
func (s *Store) ReserveLogin(ctx context.Context, now time.Time, limits ...LoginLimit) (ids []int64, ok bool, wait time.Duration, err error) {
	err = s.tx(ctx, func(t *txn) error {
		for _, l := range limits {
			if s.engine == Postgres {
				if _, err := t.exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('akhbar/login/' || $1, 0))`, l.Key); err != nil {
					return err
				}
			}
			since := now.Add(-l.Window).Unix()
			var n int
			var oldest, newest *int64
			// The oldest of the newest Max attempts decides when one more is allowed.
			if err := t.queryRow(ctx, `SELECT COUNT(*), MIN(at), MAX(at) FROM (SELECT at FROM login_attempts
				WHERE key = $1 AND at > $2 ORDER BY at DESC LIMIT $3) recent`, l.Key, since, l.Max).Scan(&n, &oldest, &newest); err != nil {
				return err
			}
			if n >= l.Max && l.Spacing > 0 {
				if next := time.Unix(*newest, 0).Add(l.Spacing); now.Before(next) {
					ok, wait = false, max(next.Sub(now), time.Second)
					return nil
				}
				continue
			}
			if n >= l.Max {
				ok = false
				wait = time.Unix(*oldest, 0).Add(l.Window).Sub(now)
				if wait < time.Second {
					wait = time.Second
				}
				return nil
			}
		}
		for _, l := range limits {
			var id int64
			if err := t.queryRow(ctx, `INSERT INTO login_attempts (key, at) VALUES ($1, $2) RETURNING id`, l.Key, now.Unix()).Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		ok = true
		return nil
	})
	if err != nil {
		return nil, false, 0, fmt.Errorf("store: reserve sign-in attempt: %w", err)
	}
	return ids, ok, wait, nil
}

// ReleaseLogins removes reserved attempts (ReserveLogin's ids).
func (s *Store) ReleaseLogins(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		if _, err := s.exec(ctx, `DELETE FROM login_attempts WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: release sign-in attempt: %w", err)
		}
	}
	return nil
}

// ForgetLogins removes the attempts recorded under key (after a
// successful sign-in: the account's own earlier mistakes stop counting).
func (s *Store) ForgetLogins(ctx context.Context, key string) error {
	if _, err := s.exec(ctx, `DELETE FROM login_attempts WHERE key = $1`, key); err != nil {
		return fmt.Errorf("store: forget sign-in attempts: %w", err)
	}
	return nil
}

// DeleteOldLogins removes attempts older than before; the scheduler runs
// it with the expired sessions.
func (s *Store) DeleteOldLogins(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM login_attempts WHERE at < $1`, before.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: delete old sign-in attempts: %w", err)
	}
	return res.RowsAffected()
}
