package site

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"akhbar/internal/changes"
	"akhbar/internal/content"
	"akhbar/internal/live"
)

// BreakingChanged tells every node, this one first, that the breaking-news
// strip was raised or taken down: each reads it again, drops its pages
// (every page shows the strip) and tells the readers it has open pages
// for through /live/breaking.
func (s *Site) BreakingChanged(ctx context.Context) error {
	return s.changes.Publish(ctx, changes.Change{Breaking: true, All: true})
}

// currentBreaking is the strip to show at now, or nil.
func (s *Site) currentBreaking(now time.Time) *content.Breaking {
	b := s.breaking.Load()
	if b == nil || !b.Active(now) {
		return nil
	}
	return b
}

// reloadBreaking reads the strip from the store, arms the timer that
// takes it down at its expiry, and tells open pages. A strip that could
// not be read is reported and the one held kept: a page without the
// strip is worse than a page with one a little late to go.
func (s *Site) reloadBreaking(ctx context.Context) {
	b, err := s.store.CurrentBreaking(ctx, s.now())
	if err != nil {
		s.log.Warn("breaking news", "err", err)
		return
	}
	s.breaking.Store(b)
	// Each node takes the strip down on its own clock.
	var expires time.Time
	if b != nil {
		expires = b.ExpiresAt
	}
	if !s.breakingExpiry.set(expires, s.now(), s.breakingExpired) {
		return // closed
	}
	s.live.Publish(topicBreaking, s.breakingNow())
}

// breakingExpired runs at a strip's expiry. Every node does the same on
// its own clock, so the change goes to this node's subscribers only: the
// site reads the strip again and drops its pages, and the edge cache is
// told to drop its copies too.
func (s *Site) breakingExpired() {
	s.changes.Deliver(changes.Change{Origin: s.changes.Node(), All: true, Breaking: true})
}

// breakingJSON is what /live/breaking sends: the strip's text, link and
// expiry, or {} when none shows.
type breakingJSON struct {
	Text  string `json:"text,omitempty"`
	URL   string `json:"url,omitempty"`
	Until string `json:"until,omitempty"`
}

// topicBreaking is the live topic every public page listens to.
const topicBreaking = "breaking"

// breakingNow is the strip's state as an event; it carries no id, as a
// reader needs only the latest.
func (s *Site) breakingNow() live.Event {
	return live.Event{Name: "breaking", Data: s.breakingJSON()}
}

func (s *Site) breakingJSON() []byte {
	var v breakingJSON
	if b := s.currentBreaking(s.now()); b != nil {
		v.Text, v.Until = b.Text, b.ExpiresAt.UTC().Format(time.RFC3339)
		if b.Article != nil {
			v.URL = b.Article.Path()
		}
	}
	data, _ := json.Marshal(v) // strings only: cannot fail
	return data
}

// liveBreaking streams the strip to a page: its state now, then every
// change. A page from the cache, or one open for hours, shows the strip
// within a couple of seconds of an editor raising or ending it.
func (s *Site) liveBreaking(w http.ResponseWriter, r *http.Request) {
	s.live.Serve(w, r, []string{topicBreaking}, func() ([]live.Event, error) {
		return []live.Event{s.breakingNow()}, nil
	})
}

// LiveStreams is how many live streams this node holds open.
func (s *Site) LiveStreams() int { return s.live.Streams() }
