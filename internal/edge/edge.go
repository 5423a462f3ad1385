// Package edge keeps an edge cache in front of the nodes (Varnish, or a
// CDN that speaks the same protocol) as fresh as the nodes' own caches.
// Every cached page names its dependencies in a Surrogate-Key header; on
// each change the purger asks the edge to drop the pages holding the
// changed keys, with one PURGE request whose xkey-purge header lists
// them (varnish-modules' xkey; docs/varnish.vcl).
package edge

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"akhbar/internal/changes"
	"akhbar/internal/pagecache"
)

// Purger sends purges to one edge cache.
type Purger struct {
	URL    string
	Client *http.Client
	Log    *slog.Logger
	// Inflight, when set, counts this node's responses: each purge is
	// sent again once those begun before the change have been sent.
	Inflight *Inflight

	mu      sync.Mutex
	pending []string        // keys to purge, each once, in the order changed
	queued  map[string]bool // pending as a set
	running bool            // a goroutine is sending the pending keys
}

// NewPurger purges at url.
func NewPurger(url string, log *slog.Logger) *Purger {
	if log == nil {
		log = slog.Default()
	}
	return &Purger{URL: url, Client: &http.Client{Timeout: 5 * time.Second}, Log: log}
}

// Changed purges what a change touched. Every node purges after it has
// dropped its own copies (it subscribes after the page cache): when the
// last node has done so, no node can hand the edge a stale page again.
//
// It queues the keys and returns at once; one goroutine at a time sends
// what is queued, keys of changes made meanwhile together. The change
// channel waits for its subscribers, one change at a time, and the node
// that makes a change tells the others only after its own subscribers
// ran: an edge cache that answers slowly, or not at all (up to the
// client's 5 s), must not hold up the nodes' own pages.
func (p *Purger) Changed(c changes.Change) {
	keys := c.Deps
	if c.All || c.Settings {
		keys = []string{pagecache.KeyAll}
	}
	if len(keys) == 0 {
		return
	}
	p.queue(keys)
	if p.Inflight != nil {
		waits := p.Inflight.seal()
		go func() {
			if !settled(waits, inflightLimit) {
				p.Log.Warn("edge cache purge: responses begun before a change still sending; purging again anyway", "after", inflightLimit)
			}
			time.Sleep(edgeSettle)
			p.queue(keys)
		}()
	}
}

const (
	// inflightLimit bounds the wait for responses begun before a change
	// (a reader on a slow line); the server's write timeout ends them.
	inflightLimit = 5 * time.Second
	// edgeSettle is the time the edge may take to store a response after
	// the node has sent it, before the repeated purge.
	edgeSettle = 100 * time.Millisecond
)

// queue adds keys to the next purge and starts sending if none is.
func (p *Purger) queue(keys []string) {
	p.mu.Lock()
	if p.queued == nil {
		p.queued = map[string]bool{}
	}
	for _, k := range keys {
		if !p.queued[k] {
			p.queued[k] = true
			p.pending = append(p.pending, k)
		}
	}
	start := !p.running
	p.running = true
	p.mu.Unlock()
	if start {
		go p.drain()
	}
}

// drain sends the queued keys until none are left.
func (p *Purger) drain() {
	for {
		p.mu.Lock()
		keys := p.pending
		p.pending, p.queued = nil, nil
		if len(keys) == 0 {
			p.running = false
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		if slices.Contains(keys, pagecache.KeyAll) {
			keys = []string{pagecache.KeyAll}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := p.Purge(ctx, keys); err != nil {
			p.Log.Error("edge cache purge", "keys", len(keys), "err", err)
		}
		cancel()
	}
}

// maxHeader keeps one purge's key list within what Varnish reads in a
// header (8 KB by default, with room for the rest of the request).
const maxHeader = 6000

// Purge asks the edge to drop every page carrying any of keys.
func (p *Purger) Purge(ctx context.Context, keys []string) error {
	for len(keys) > 0 {
		n, size := 0, 0
		for n < len(keys) && (n == 0 || size+len(keys[n])+1 <= maxHeader) {
			size += len(keys[n]) + 1
			n++
		}
		if err := p.purge(ctx, keys[:n]); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

func (p *Purger) purge(ctx context.Context, keys []string) error {
	req, err := http.NewRequestWithContext(ctx, "PURGE", p.URL, nil)
	if err != nil {
		return fmt.Errorf("edge: purge request: %w", err)
	}
	req.Header.Set("xkey-purge", strings.Join(keys, " "))
	resp, err := p.Client.Do(req)
	if err != nil {
		return fmt.Errorf("edge: purge: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 300 {
		return fmt.Errorf("edge: purge answered %s", resp.Status)
	}
	return nil
}
