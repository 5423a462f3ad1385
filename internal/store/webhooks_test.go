package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

const testSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// TestWebhookQueue: events are queued for the active subscriptions that
// want them; a claim leases deliveries so no one else takes them until
// the lease ends (a dead worker's deliveries come back); only the
// current claim may finish one; retries wait; redelivery queues the same
// message again; deleting a subscription takes its queue with it.
func TestWebhookQueue(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		all := &store.WebhookSubscription{URL: "https://a.example/hook", Description: "سب", Secret: testSecret,
			Kinds: []string{"article.published", "breaking.raised"}, Active: true}
		paused := &store.WebhookSubscription{URL: "https://b.example/hook", Secret: testSecret,
			Kinds: []string{"article.published"}, Active: false}
		other := &store.WebhookSubscription{URL: "https://c.example/hook", Secret: testSecret,
			Kinds: []string{"breaking.raised"}, Active: true}
		for _, w := range []*store.WebhookSubscription{all, paused, other} {
			if err := s.CreateWebhook(ctx, w, now); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Webhook(ctx, all.ID)
		if err != nil || got.URL != all.URL || got.Description != "سب" || !got.Active || !got.Wants("breaking.raised") || got.Wants("article.deleted") {
			t.Fatalf("Webhook(%d) = %+v, %v", all.ID, got, err)
		}

		seq := 0
		id := func() string { seq++; return fmt.Sprintf("msg_%d", seq) }
		ds, err := s.EnqueueWebhookDeliveries(ctx, "article.published", []byte(`{"type":"article.published"}`), now, id)
		if err != nil || len(ds) != 1 || ds[0].SubscriptionID != all.ID || ds[0].MessageID != "msg_1" {
			t.Fatalf("enqueue article.published: %+v, %v (want one, for the active subscription only)", ds, err)
		}
		ds, err = s.EnqueueWebhookDeliveries(ctx, "breaking.raised", []byte(`{"type":"breaking.raised"}`), now, id)
		if err != nil || len(ds) != 2 {
			t.Fatalf("enqueue breaking.raised: %+v, %v (want two)", ds, err)
		}
		if ds, err := s.EnqueueWebhookDeliveries(ctx, "article.deleted", []byte(`{}`), now, id); err != nil || len(ds) != 0 {
			t.Fatalf("enqueue a kind nobody wants: %+v, %v", ds, err)
		}

		// A claim takes the due ones, oldest first, up to the limit.
		c1, err := s.ClaimWebhookDeliveries(ctx, now, time.Minute, 2, "node-a/1")
		if err != nil || len(c1) != 2 || c1[0].MessageID != "msg_1" || c1[0].URL != all.URL || c1[0].Secret != testSecret || c1[0].Claim != "node-a/1" {
			t.Fatalf("first claim: %+v, %v", c1, err)
		}
		c2, err := s.ClaimWebhookDeliveries(ctx, now, time.Hour, 10, "node-b/1")
		if err != nil || len(c2) != 1 || c2[0].MessageID != "msg_3" {
			t.Fatalf("second claim gets only what the first left: %+v, %v", c2, err)
		}
		if c, err := s.ClaimWebhookDeliveries(ctx, now.Add(30*time.Second), time.Minute, 10, "node-b/2"); err != nil || len(c) != 0 {
			t.Fatalf("leased deliveries claimed again before the lease ended: %+v, %v", c, err)
		}
		// node-a dies holding c1; after its lease, node-b takes them over.
		c3, err := s.ClaimWebhookDeliveries(ctx, now.Add(61*time.Second), time.Minute, 2, "node-b/3")
		if err != nil || len(c3) != 2 || c3[0].ID != c1[0].ID {
			t.Fatalf("expired leases not claimed again: %+v, %v", c3, err)
		}
		at := now.Add(62 * time.Second)
		ok := store.WebhookAttempt{At: at, StatusCode: 204, Duration: 30 * time.Millisecond, Node: "node-a"}
		if err := s.FinishWebhookAttempt(ctx, c1[0], ok, store.DeliveryDelivered, time.Time{}); !errors.Is(err, store.ErrLeaseLost) {
			t.Fatalf("finishing with a lost lease: %v, want ErrLeaseLost", err)
		}
		ok.Node = "node-b"
		if err := s.FinishWebhookAttempt(ctx, c3[0], ok, store.DeliveryDelivered, time.Time{}); err != nil {
			t.Fatal(err)
		}
		fail := store.WebhookAttempt{At: at, StatusCode: 500, Response: "خرابی", Duration: time.Second, Node: "node-b"}
		if err := s.FinishWebhookAttempt(ctx, c3[1], fail, store.DeliveryPending, at.Add(10*time.Second)); err != nil {
			t.Fatal(err)
		}
		if c, err := s.ClaimWebhookDeliveries(ctx, at.Add(9*time.Second), time.Minute, 10, "node-b/4"); err != nil || len(c) != 0 {
			t.Fatalf("a retry was claimed before its time: %+v, %v", c, err)
		}
		c4, err := s.ClaimWebhookDeliveries(ctx, at.Add(10*time.Second), time.Minute, 10, "node-b/5")
		if err != nil || len(c4) != 1 || c4[0].ID != c3[1].ID || c4[0].Attempts != 1 {
			t.Fatalf("the retry: %+v, %v", c4, err)
		}
		gone := store.WebhookAttempt{At: at.Add(10 * time.Second), Error: "connection refused", Duration: time.Millisecond, Node: "node-b"}
		if err := s.FinishWebhookAttempt(ctx, c4[0], gone, store.DeliveryFailed, time.Time{}); err != nil {
			t.Fatal(err)
		}

		log, err := s.WebhookDeliveries(ctx, all.ID, 10)
		if err != nil || len(log) != 2 {
			t.Fatalf("delivery log: %+v, %v", log, err)
		}
		newest, oldest := log[0], log[1]
		if newest.MessageID != "msg_2" || newest.State != store.DeliveryFailed || newest.Attempts != 2 || len(newest.AttemptLog) != 2 ||
			newest.AttemptLog[0].StatusCode != 500 || newest.AttemptLog[0].Response != "خرابی" || newest.AttemptLog[1].Error != "connection refused" {
			t.Fatalf("failed delivery: %+v", newest)
		}
		if oldest.MessageID != "msg_1" || oldest.State != store.DeliveryDelivered || oldest.Attempts != 1 || len(oldest.AttemptLog) != 2 ||
			oldest.DoneAt.IsZero() || oldest.AttemptLog[1].Node != "node-b" || oldest.AttemptLog[1].Duration != 30*time.Millisecond {
			t.Fatalf("delivered delivery (both attempts recorded, one counted): %+v", oldest)
		}
		subs, err := s.WebhookSubscriptions(ctx)
		if err != nil || len(subs) != 3 || subs[0].ID != all.ID || subs[0].Failed != 1 || subs[0].Pending != 0 || subs[2].Pending != 1 {
			t.Fatalf("subscriptions: %+v, %v", subs, err)
		}

		// Redelivery: the same message again, due now.
		again, err := s.RedeliverWebhook(ctx, newest.ID, at.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		c5, err := s.ClaimWebhookDeliveries(ctx, at.Add(time.Hour), time.Minute, 10, "node-a/2")
		if err != nil || !slices.ContainsFunc(c5, func(d store.WebhookDelivery) bool {
			return d.ID == again && d.MessageID == "msg_2" && string(d.Payload) == `{"type":"breaking.raised"}`
		}) {
			t.Fatalf("redelivery %d not claimed as the same message: %+v, %v", again, c5, err)
		}
		if d, err := s.WebhookDelivery(ctx, again); err != nil || d.RedeliveryOf != newest.ID {
			t.Fatalf("redelivery: %+v, %v", d, err)
		}
		if _, err := s.RedeliverWebhook(ctx, 999999, now); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("redeliver a missing delivery: %v", err)
		}

		// Pausing keeps the queue but sends nothing; editing keeps the secret.
		all.Active, all.URL, all.Kinds = false, "https://a.example/v2", []string{"article.deleted"}
		if err := s.UpdateWebhook(ctx, *all, now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RedeliverWebhook(ctx, newest.ID, at.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if c, err := s.ClaimWebhookDeliveries(ctx, at.Add(2*time.Hour), time.Minute, 10, "node-a/3"); err != nil || slices.ContainsFunc(c, func(d store.WebhookDelivery) bool {
			return d.SubscriptionID == all.ID
		}) {
			t.Fatalf("a paused subscription's delivery was claimed: %+v, %v", c, err)
		}
		if err := s.SetWebhookSecret(ctx, all.ID, "whsec_new", now); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Webhook(ctx, all.ID); got.Active || got.URL != "https://a.example/v2" || got.Secret != "whsec_new" || !got.Wants("article.deleted") {
			t.Fatalf("after update: %+v", got)
		}
		if err := s.DeleteWebhook(ctx, all.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Webhook(ctx, all.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleted subscription: %v", err)
		}
		if log, err := s.WebhookDeliveries(ctx, all.ID, 10); err != nil || len(log) != 0 {
			t.Fatalf("deleted subscription's deliveries remain: %+v, %v", log, err)
		}
		for _, err := range []error{s.DeleteWebhook(ctx, all.ID), s.UpdateWebhook(ctx, *all, now), s.SetWebhookSecret(ctx, all.ID, testSecret, now)} {
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("change to a deleted subscription: %v, want ErrNotFound", err)
			}
		}
	})
}

// TestWebhookClaimsRace: workers claiming at once, on PostgreSQL from
// separate connections, never share a delivery and leave none behind.
func TestWebhookClaimsRace(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now()
		w := &store.WebhookSubscription{URL: "https://a.example/hook", Secret: testSecret, Kinds: []string{"article.updated"}, Active: true}
		if err := s.CreateWebhook(ctx, w, now); err != nil {
			t.Fatal(err)
		}
		const events = 200
		for i := range events {
			if _, err := s.EnqueueWebhookDeliveries(ctx, "article.updated", []byte(`{}`), now, func() string { return fmt.Sprintf("msg_%d", i) }); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		claimed := map[int64]int{}
		var wg sync.WaitGroup
		for worker := range 6 {
			wg.Go(func() {
				for n := 0; ; n++ {
					batch, err := s.ClaimWebhookDeliveries(ctx, now, time.Minute, 7, fmt.Sprintf("w%d/%d", worker, n))
					if err != nil {
						t.Error(err)
						return
					}
					if len(batch) == 0 {
						return
					}
					mu.Lock()
					for _, d := range batch {
						claimed[d.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(claimed) != events {
			t.Errorf("%d deliveries claimed, want %d", len(claimed), events)
		}
		for id, n := range claimed {
			if n != 1 {
				t.Errorf("delivery %d claimed %d times", id, n)
			}
		}
	})
}
