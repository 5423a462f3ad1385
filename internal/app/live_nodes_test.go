package app

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

// sse is one event of a stream, as EventSource reads it.
type sse struct{ id, name, data string }

// openEvents connects to a live stream through a node's whole handler
// (logging, compression) and sends its events on the returned channel.
func openEvents(t *testing.T, url, lastID string) <-chan sse {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	req.Header.Set("Accept-Encoding", "gzip, br")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("%s: %d, encoding %q", url, resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	ch := make(chan sse, 64)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var e sse
		for sc.Scan() {
			k, v, _ := strings.Cut(sc.Text(), ": ")
			switch k {
			case "":
				if e.name != "" {
					ch <- e
				}
				e = sse{}
			case "id":
				e.id = v
			case "event":
				e.name = v
			case "data":
				e.data = v
			}
		}
	}()
	return ch
}

// nextUpdate is the next "update" event within 2 s, skipping the strip
// and coverage state.
func nextUpdate(t *testing.T, ch <-chan sse) sse {
	t.Helper()
	deadline := time.After(2 * time.Second)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatal("the stream ended")
			}
			if e.name == "update" {
				return e
			}
		case <-deadline:
			t.Fatal("no update within 2 s")
		}
	}
}

// TestLiveAcrossNodes: on PostgreSQL, an update posted on one node
// reaches a reader connected to another within 2 s, through LISTEN/NOTIFY;
// the reader, reconnecting to the first node with the last id it saw,
// gets what it missed there, a delete included; both nodes drop the page.
func TestLiveAcrossNodes(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()) }
	nodes := startNodes(t, "", 2, now)
	a, b := nodes[0], nodes[1]
	ctx := context.Background()
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(1))
	if err != nil || len(list) == 0 {
		t.Fatalf("no published article: %v", err)
	}
	art := list[0]
	post := func(text string) content.LiveUpdate {
		t.Helper()
		u := content.LiveUpdate{ArticleID: art.ID, Kind: content.LiveText, TextHTML: content.LiveTextHTML(text)}
		if err := a.Store.PostLive(ctx, &u, now()); err != nil {
			t.Fatal(err)
		}
		if err := a.Site.LiveChanged(ctx, art.ID); err != nil {
			t.Fatal(err)
		}
		return u
	}
	if _, err := a.Store.StartLive(ctx, art.ID, 0, now()); err != nil {
		t.Fatal(err)
	}
	if err := a.Site.LiveChanged(ctx, art.ID); err != nil {
		t.Fatal(err)
	}
	within(t, "node b shows the coverage", func() bool {
		_, page := b.get(t, art.Path())
		return strings.Contains(page, `id="live-badge">لائیو`)
	})

	events := openEvents(t, fmt.Sprintf("%s/live/article/%d?since=0", b.url, art.ID), "")
	sent := time.Now()
	first := post("پہلی اپ ڈیٹ، دوسرے نوڈ سے")
	e := nextUpdate(t, events)
	if took := time.Since(sent); took > 2*time.Second || e.id != fmt.Sprint(first.Seq) || !strings.Contains(e.data, "پہلی اپ ڈیٹ، دوسرے نوڈ سے") {
		t.Errorf("after %s: %+v", took, e)
	}
	within(t, "node b's page shows the update", func() bool {
		_, page := b.get(t, art.Path())
		return strings.Contains(page, "پہلی اپ ڈیٹ، دوسرے نوڈ سے")
	})

	// Missed while away: a post and a delete, made on node a.
	second := post("دوسری اپ ڈیٹ")
	if err := a.Store.DeleteLive(ctx, art.ID, first.ID, now()); err != nil {
		t.Fatal(err)
	}
	if err := a.Site.LiveChanged(ctx, art.ID); err != nil {
		t.Fatal(err)
	}
	events = openEvents(t, fmt.Sprintf("%s/live/article/%d?since=0", a.url, art.ID), e.id)
	got := []sse{nextUpdate(t, events), nextUpdate(t, events)}
	if got[0].id != fmt.Sprint(second.Seq) || !strings.Contains(got[0].data, "دوسری اپ ڈیٹ") ||
		!strings.Contains(got[1].data, fmt.Sprintf(`"id":%d`, first.ID)) || !strings.Contains(got[1].data, `"deleted":true`) {
		t.Errorf("missed changes %+v", got)
	}
	select {
	case e := <-events:
		if e.name == "update" {
			t.Errorf("more than what was missed: %+v", e)
		}
	case <-time.After(300 * time.Millisecond):
	}
	within(t, "node b's page drops the deleted update", func() bool {
		_, page := b.get(t, art.Path())
		return !strings.Contains(page, "پہلی اپ ڈیٹ، دوسرے نوڈ سے") && strings.Contains(page, "دوسری اپ ڈیٹ")
	})
}
