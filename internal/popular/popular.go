// Package popular counts article views and ranks the most-read list.
package popular

import (
	"context"
	"log/slog"
	"regexp"
	"sync"
	"time"
)

// Sink stores counted views; the store satisfies it.
type Sink interface {
	AddViews(ctx context.Context, hour int64, counts map[int64]int64) error
}

// botPattern matches user agents of crawlers and link previewers, whose
// requests are not readers' views.
var botPattern = regexp.MustCompile(`(?i)bot|crawl|spider|slurp|preview|facebookexternalhit|bingpreview|headless|lighthouse|pingdom|uptime|monitor`)

// IsBot reports whether a user agent belongs to a crawler or monitor.
func IsBot(userAgent string) bool { return userAgent == "" || botPattern.MatchString(userAgent) }

// Counter collects views in memory and writes them to a Sink in batches,
// so a page view never waits for a database write.
type Counter struct {
	sink Sink
	now  func() time.Time
	log  *slog.Logger

	mu      sync.Mutex
	pending map[int64]int64
}

// NewCounter returns a counter that flushes into sink.
func NewCounter(sink Sink, now func() time.Time, log *slog.Logger) *Counter {
	if log == nil {
		log = slog.Default()
	}
	return &Counter{sink: sink, now: now, log: log, pending: map[int64]int64{}}
}

// Add counts one view of an article.
func (c *Counter) Add(articleID int64) {
	c.mu.Lock()
	c.pending[articleID]++
	c.mu.Unlock()
}

// Flush writes the pending views into the current hour's bucket. On
// failure the views go back into the pending set, so none are lost.
func (c *Counter) Flush(ctx context.Context) error {
	c.mu.Lock()
	batch := c.pending
	c.pending = make(map[int64]int64, len(batch))
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	hour := c.now().Unix() / 3600
	if err := c.sink.AddViews(ctx, hour, batch); err != nil {
		c.mu.Lock()
		for id, n := range batch {
			c.pending[id] += n
		}
		c.mu.Unlock()
		return err
	}
	return nil
}

// Run flushes every interval until ctx ends, then flushes once more so a
// clean stop loses no counted view.
func (c *Counter) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := c.Flush(ctx); err != nil {
				c.log.Warn("flush views", "err", err)
			}
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			if err := c.Flush(final); err != nil {
				c.log.Error("final flush of views", "err", err)
			}
			cancel()
			return
		}
	}
}
