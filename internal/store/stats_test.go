package store_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestStats: what metrics read from the store. The webhook queue counts
// pending deliveries, those due, and the oldest due one (a paused
// subscription's wait, and are not due); the pools are named; every
// counted statement is timed.
func TestStats(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		if q, err := s.WebhookQueue(ctx, now); err != nil || q != (store.WebhookQueue{}) {
			t.Fatalf("empty queue: %+v, %v", q, err)
		}
		active := &store.WebhookSubscription{URL: "https://a.example/hook", Secret: testSecret, Kinds: []string{"article.published"}, Active: true}
		paused := &store.WebhookSubscription{URL: "https://b.example/hook", Secret: testSecret, Kinds: []string{"breaking.raised"}, Active: true}
		for _, w := range []*store.WebhookSubscription{active, paused} {
			if err := s.CreateWebhook(ctx, w, now); err != nil {
				t.Fatal(err)
			}
		}
		n := 0
		id := func() string { n++; return "msg_" + string(rune('a'+n)) }
		for i, kind := range []string{"article.published", "article.published", "breaking.raised"} {
			if _, err := s.EnqueueWebhookDeliveries(ctx, kind, []byte(`{}`), now.Add(time.Duration(i)*time.Minute), id); err != nil {
				t.Fatal(err)
			}
		}
		paused.Active = false
		if err := s.UpdateWebhook(ctx, *paused, now); err != nil {
			t.Fatal(err)
		}
		q, err := s.WebhookQueue(ctx, now.Add(30*time.Second))
		if err != nil || q.Pending != 3 || q.Due != 1 || !q.OldestDue.Equal(now) {
			t.Fatalf("queue at +30 s: %+v, %v; want 3 pending, 1 due since %v", q, err, now)
		}
		if q, err := s.WebhookQueue(ctx, now.Add(time.Hour)); err != nil || q.Pending != 3 || q.Due != 2 {
			t.Fatalf("queue an hour on: %+v, %v; want the paused subscription's delivery not due", q, err)
		}

		pools := s.Pools()
		want := []string{"read", "write"}
		if s.Engine() == store.Postgres {
			want = []string{"main"}
		}
		if len(pools) != len(want) {
			t.Fatalf("pools %+v, want %v", pools, want)
		}
		for i, p := range pools {
			if p.Name != want[i] || p.OpenConnections < 1 {
				t.Errorf("pool %d: %q with %d open connections", i, p.Name, p.OpenConnections)
			}
		}

		var timed atomic.Int64
		s.ObserveQueries(func(d time.Duration) {
			if d > 0 {
				timed.Add(1)
			}
		})
		before := s.QueryCount()
		if _, err := s.WebhookSubscriptions(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateWebhook(ctx, *active, now); err != nil {
			t.Fatal(err)
		}
		s.ObserveQueries(nil)
		if counted := s.QueryCount() - before; counted == 0 || timed.Load() != counted {
			t.Errorf("%d statements counted, %d timed", counted, timed.Load())
		}
		seen := timed.Load()
		if _, err := s.WebhookSubscriptions(ctx); err != nil || timed.Load() != seen {
			t.Errorf("statements timed after ObserveQueries(nil): %d (%v)", timed.Load()-seen, err)
		}
	})
}
