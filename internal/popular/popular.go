// Package popular counts article views and ranks the most-read list.
package popular

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Sink stores counted views; the store satisfies it.
type Sink interface {
	AddViews(ctx context.Context, hour int64, counts map[int64]int64) error
}

// botWords are found (ignoring ASCII case) in the user agents of
// crawlers and link previewers, whose requests are not readers' views.
var botWords = []string{"bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit",
	"headless", "lighthouse", "pingdom", "uptime", "monitor"}

// IsBot reports whether a user agent belongs to a crawler or monitor. It
// runs on every page view, cache hits included, so it lower-cases into a
// stack buffer and searches plain substrings: a regular expression here
// cost more than serving the cached page.
func IsBot(userAgent string) bool {
	if userAgent == "" {
		return true
	}
	var buf [512]byte
	lower := buf[:0]
	if len(userAgent) > len(buf) {
		lower = make([]byte, 0, len(userAgent))
	}
	for i := 0; i < len(userAgent); i++ {
		c := userAgent[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower = append(lower, c)
	}
	for _, w := range botWords {
		if bytes.Contains(lower, []byte(w)) {
			return true
		}
	}
	return false
}

// Counter collects views in memory and writes them to a Sink in batches,
// so a page view never waits for a database write. Counting takes no lock:
// each article has an atomic counter, found in a sync.Map, which reads
// without locking once the article has been seen.
type Counter struct {
	sink Sink
	now  func() time.Time
	log  *slog.Logger

	counts  sync.Map // int64 article id → *atomic.Int64
	flush   sync.Mutex
	flushed atomic.Int64 // Unix nanoseconds: views counted before then are stored
}

// NewCounter returns a counter that flushes into sink.
func NewCounter(sink Sink, now func() time.Time, log *slog.Logger) *Counter {
	if log == nil {
		log = slog.Default()
	}
	return &Counter{sink: sink, now: now, log: log}
}

// Add counts one view of an article.
func (c *Counter) Add(articleID int64) { c.add(articleID, 1) }

func (c *Counter) add(articleID, n int64) {
	v, ok := c.counts.Load(articleID)
	if !ok {
		v, _ = c.counts.LoadOrStore(articleID, new(atomic.Int64))
	}
	v.(*atomic.Int64).Add(n)
}

// Flush writes the pending views into the current hour's bucket. On
// failure the views go back into the counters, so none are lost.
func (c *Counter) Flush(ctx context.Context) error {
	c.flush.Lock()
	defer c.flush.Unlock()
	start := c.now()
	batch := map[int64]int64{}
	c.counts.Range(func(k, v any) bool {
		// Swap takes exactly the views counted so far; views added after
		// it stay in the counter for the next flush.
		if n := v.(*atomic.Int64).Swap(0); n != 0 {
			batch[k.(int64)] = n
		}
		return true
	})
	if len(batch) == 0 {
		c.flushed.Store(start.UnixNano())
		return nil
	}
	hour := c.now().Unix() / 3600
	if err := c.sink.AddViews(ctx, hour, batch); err != nil {
		for id, n := range batch {
			c.add(id, n)
		}
		return err
	}
	c.flushed.Store(start.UnixNano())
	return nil
}

// Flushed is when the last successful flush began: every view counted
// before then is stored. Zero before the first.
func (c *Counter) Flushed() time.Time {
	n := c.flushed.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Pending is how many counted views wait for the next flush.
func (c *Counter) Pending() int64 {
	var sum int64
	c.counts.Range(func(_, v any) bool {
		sum += v.(*atomic.Int64).Load()
		return true
	})
	return sum
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
