package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/webhooks"
)

// TestWebhooksScheduledAcrossRestart: an article that fell due while the
// server was down is published when it starts again, and its
// article.published event reaches a subscriber, signed, from the worker
// the app runs; Close stops that worker. Private addresses are refused
// unless --webhooks-allow-private says otherwise.
func TestWebhooksScheduledAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	t0 := time.Date(2026, 2, 18, 6, 0, 0, 0, time.UTC)

	secret := webhooks.NewSecret()
	var mu sync.Mutex
	var got []map[string]any
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts, _ := strconv.ParseInt(r.Header.Get("webhook-timestamp"), 10, 64)
		if !webhooks.Verify(secret, r.Header.Get("webhook-id"), ts, body, r.Header.Get("webhook-signature")) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var m map[string]any
		json.Unmarshal(body, &m)
		mu.Lock()
		got = append(got, m)
		mu.Unlock()
	}))
	defer rcv.Close()

	strict, err := Open(ctx, testConfig(t, dir), log, func() time.Time { return t0 })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := strict.Webhooks.CheckURL(rcv.URL); err == nil {
		t.Error("a loopback webhook URL was accepted without --webhooks-allow-private")
	}
	sec, err := strict.Store.CreateSection(ctx, content.Section{Slug: "national", Name: "قومی"})
	if err != nil {
		t.Fatal(err)
	}
	art := content.Article{SectionID: sec, Status: content.StatusScheduled, Headline: "صبح نو بجے کی خبر", Slug: "subah",
		Language: "ur", BodyHTML: "<p>متن</p>", PublishedAt: t0.Add(time.Hour)}
	if err := strict.Store.SaveArticle(ctx, &art, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	strict.Close()

	cfg := testConfig(t, dir, "--webhooks-allow-private")
	if !cfg.WebhooksAllowPrivate {
		t.Fatal("--webhooks-allow-private not read")
	}
	// Subscribe while no server runs: the app finds the subscription in the database.
	s, err := store.Open(ctx, cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	u, err := webhooks.CheckURL(rcv.URL+"/hook", cfg.WebhooksAllowPrivate)
	if err != nil {
		t.Fatal(err)
	}
	sub := &store.WebhookSubscription{URL: u, Secret: secret, Active: true, Kinds: []string{"article.published"}}
	if err := s.CreateWebhook(ctx, sub, t0); err != nil {
		t.Fatal(err)
	}
	s.Close()

	a, err := Open(ctx, cfg, log, func() time.Time { return t0.Add(3 * time.Hour) })
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the scheduled publication's webhook did not arrive")
		}
		time.Sleep(20 * time.Millisecond)
	}
	a.Close() // returns only once the worker has stopped
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || got[0]["type"] != "article.published" || got[0]["timestamp"] != "2026-02-18T09:00:00Z" {
		t.Fatalf("received %v", got)
	}
	data := got[0]["data"].(map[string]any)
	if data["id"] != float64(art.ID) || data["headline"] != art.Headline || data["published_at"] != "2026-02-18T07:00:00Z" ||
		data["url"] != cfg.BaseURL+"/national/"+strconv.FormatInt(art.ID, 10)+"/subah" {
		t.Errorf("payload data %v", data)
	}
}
