package app

import (
	"context"
	"sync/atomic"
	"time"
)

// dbHealth watches whether the database answers, so that while it does
// not, requests are answered at once (cached pages, however old, or the
// unavailable page) instead of each waiting out the database timeout.
type dbHealth struct {
	down  atomic.Bool
	since atomic.Int64 // Unix nanoseconds of the change to down
}

// Down reports whether the last check failed.
func (h *dbHealth) Down() bool { return h.down.Load() }

// healthEvery is how often the database is checked; healthTimeout is how
// long a check may take before the database counts as down.
const (
	healthEvery   = time.Second
	healthTimeout = 2 * time.Second
)

// watchDatabase pings the database every healthEvery until ctx ends,
// logging each change between up and down.
func (a *App) watchDatabase(ctx context.Context) {
	t := time.NewTicker(healthEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		a.checkDatabase(ctx)
	}
}

// checkDatabase pings the database, records whether it answered, and
// logs each change between up and down.
func (a *App) checkDatabase(ctx context.Context) error {
	pctx, cancel := context.WithTimeout(ctx, healthTimeout)
	err := a.Store.Ping(pctx)
	cancel()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	switch wasDown := a.health.Down(); {
	case err != nil && !wasDown:
		a.health.since.Store(time.Now().UnixNano())
		a.health.down.Store(true)
		a.Log.Error("database unreachable: serving cached pages, 503 for the rest", "err", err)
	case err == nil && wasDown:
		a.health.down.Store(false)
		a.Log.Info("database reachable again", "after", time.Since(time.Unix(0, a.health.since.Load())).Round(time.Millisecond))
	}
	return err
}
