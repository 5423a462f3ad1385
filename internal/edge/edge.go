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
	"strings"
	"time"

	"akhbar/internal/changes"
	"akhbar/internal/pagecache"
)

// Purger sends purges to one edge cache.
type Purger struct {
	URL    string
	Client *http.Client
	Log    *slog.Logger
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
func (p *Purger) Changed(c changes.Change) {
	keys := c.Deps
	if c.All || c.Settings {
		keys = []string{pagecache.KeyAll}
	}
	if len(keys) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := p.Purge(ctx, keys); err != nil {
		p.Log.Error("edge cache purge", "keys", len(keys), "err", err)
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
