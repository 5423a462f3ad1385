package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"akhbar/internal/content"
)

// TestScheduledArticleAppearsAfterRestart: an article scheduled while the
// server runs goes live on time even when the server was down at that time.
func TestScheduledArticleAppearsAfterRestart(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	t0 := time.Date(2026, 2, 18, 6, 0, 0, 0, time.UTC)

	a1, err := Open(ctx, cfg, log, func() time.Time { return t0 })
	if err != nil {
		t.Fatal(err)
	}
	sec, err := a1.Store.CreateSection(ctx, content.Section{Slug: "national", Name: "قومی"})
	if err != nil {
		t.Fatal(err)
	}
	art := content.Article{SectionID: sec, Status: content.StatusScheduled, Headline: "صبح نو بجے کی خبر", Slug: "subah-ki-khabar",
		BodyHTML: "<p>متن</p>", PublishedAt: t0.Add(time.Hour)}
	if err := a1.Store.SaveArticle(ctx, &art, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	path := "/national/" + strconv.FormatInt(art.ID, 10) + "/subah-ki-khabar"
	if code := get(a1.Handler, path); code != http.StatusNotFound {
		t.Fatalf("before its time: %d, want 404", code)
	}
	a1.Close() // the server goes down before the article's time

	a2, err := Open(ctx, cfg, log, func() time.Time { return t0.Add(3 * time.Hour) })
	if err != nil {
		t.Fatal(err)
	}
	defer a2.Close()
	if code := get(a2.Handler, path); code != http.StatusOK {
		t.Errorf("after restart past its time: %d, want 200", code)
	}
	got, _ := a2.Store.Article(ctx, art.ID)
	if got.Status != content.StatusPublished || !got.PublishedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("status %s at %v, want published at its scheduled time", got.Status, got.PublishedAt)
	}
	entries, _ := a2.Store.AuditLog(ctx, 10, 0)
	if len(entries) == 0 || entries[0].Action != "scheduled_publish" || entries[0].TargetID != art.ID {
		t.Errorf("no audit entry for the scheduled publication: %+v", entries)
	}
}

// TestSchedulerPublishesWhileRunning: the running scheduler publishes an
// article when its time comes, without a restart.
func TestSchedulerPublishesWhileRunning(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	now := time.Now()
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sec, _ := a.Store.CreateSection(ctx, content.Section{Slug: "sports", Name: "کھیل"})
	art := content.Article{SectionID: sec, Status: content.StatusScheduled, Headline: "میچ کا نتیجہ", Slug: "natija",
		BodyHTML: "<p>متن</p>", PublishedAt: now.Add(300 * time.Millisecond)}
	if err := a.Store.SaveArticle(ctx, &art, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	go a.runScheduler(ctx, 100*time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if got, _ := a.Store.Article(ctx, art.ID); got.Status == content.StatusPublished {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Error("the scheduler did not publish the article")
}

func get(h http.Handler, path string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec.Code
}
