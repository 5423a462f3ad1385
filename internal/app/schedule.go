package app

import (
	"context"
	"time"

	"akhbar/internal/events"
	"akhbar/internal/store"
)

const (
	// sessionTTL is how long a newsroom session lasts from sign-in.
	sessionTTL = 7 * 24 * time.Hour
	// schedulerInterval is how often scheduled articles are checked; an
	// article goes live at most this long after its time.
	schedulerInterval = 10 * time.Second
)

// publishDue publishes scheduled articles whose time has come.
func (a *App) publishDue(ctx context.Context) error {
	ids, err := a.Store.PublishDue(ctx, a.Now())
	if err != nil {
		return err
	}
	a.ops.published.Add(int64(len(ids)))
	for _, id := range ids {
		a.Log.Info("scheduled article published", "article", id)
		if err := a.Store.Audit(ctx, store.AuditEntry{At: a.Now(), Action: "scheduled_publish", Target: "article", TargetID: id}); err != nil {
			a.Log.Error("audit scheduled publish", "article", id, "err", err)
		}
		a.articleChanged(ctx, id)
		a.Webhooks.Send(ctx, events.Event{Kind: events.ArticlePublished, At: a.Now(), ArticleID: id, By: "scheduler"})
	}
	return nil
}

// runScheduler publishes due articles every interval until ctx ends; it
// also tidies expired sessions and old sign-in attempts.
func (a *App) runScheduler(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	lastSweep := time.Time{}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.publishDue(ctx); err != nil {
				a.Log.Error("publish scheduled articles", "err", err)
			} else {
				a.ops.scheduled.Store(a.Now().UnixNano())
			}
			if now := a.Now(); now.Sub(lastSweep) > time.Hour {
				if _, err := a.Store.DeleteExpiredSessions(ctx, now); err != nil {
					a.Log.Warn("delete expired sessions", "err", err)
				}
				if _, err := a.Store.DeleteOldLogins(ctx, now.Add(-24*time.Hour)); err != nil {
					a.Log.Warn("delete old sign-in attempts", "err", err)
				}
				if _, err := a.Store.DeleteExpiredLoginChallenges(ctx, now); err != nil {
					a.Log.Warn("delete expired sign-in challenges", "err", err)
				}
				lastSweep = now
			}
		}
	}
}

// articleChanged is told when an article's public state may have changed.
// The search index changed in the article's own transaction; cached pages
// that show the article, or may now show it, are dropped here, so the next
// reader sees the change.
func (a *App) articleChanged(ctx context.Context, id int64) {
	a.Log.Debug("article changed", "article", id)
	a.Site.ArticleChanged(ctx, id)
}
