package live

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// client reads one stream's events as "name id data" lines.
type client struct {
	resp   *http.Response
	events chan string
}

func open(t *testing.T, url string) *client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream; charset=utf-8" {
		t.Fatalf("content type %q", ct)
	}
	c := &client{resp: resp, events: make(chan string, 64)}
	go func() {
		defer close(c.events)
		sc := bufio.NewScanner(resp.Body)
		var name, id, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if name != "" || data != "" {
					c.events <- strings.Join(slices.DeleteFunc([]string{name, id, data}, func(s string) bool { return s == "" }), " ")
				}
				name, id, data = "", "", ""
			case strings.HasPrefix(line, "event: "):
				name = line[len("event: "):]
			case strings.HasPrefix(line, "id: "):
				id = line[len("id: "):]
			case strings.HasPrefix(line, "data: "):
				data += line[len("data: "):]
			}
		}
	}()
	return c
}

func (c *client) next(t *testing.T) string {
	t.Helper()
	select {
	case e, ok := <-c.events:
		if !ok {
			t.Fatal("stream ended")
		}
		return e
	case <-time.After(2 * time.Second):
		t.Fatal("no event within 2 s")
	}
	return ""
}

func TestHubByTopic(t *testing.T) {
	h := NewHub()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		topics := strings.Split(r.URL.Query().Get("t"), ",")
		h.Serve(w, r, topics, func() ([]Event, error) {
			return []Event{{Name: "hello", Data: []byte(`{"now":1}`)}}, nil
		})
	}))
	// Streams outlive the server's timeouts (akhbar serve has 30 s and 60 s).
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close) // after the clients' cleanups, which end their streams

	a := open(t, srv.URL+"?t=breaking")
	b := open(t, srv.URL+"?t=breaking,article:7")
	for _, c := range []*client{a, b} {
		if e := c.next(t); e != `hello {"now":1}` {
			t.Fatalf("first event %q", e)
		}
	}
	waitStreams(t, h, 2)
	time.Sleep(time.Second) // past both timeouts

	h.Publish("article:7", Event{ID: "3", Name: "update", Data: []byte("{\"x\":\"a\nb\"}")})
	if e := b.next(t); e != `update 3 {"x":"a`+`b"}` {
		t.Errorf("article event %q", e)
	}
	h.Publish("breaking", Event{Name: "breaking", Data: []byte(`{}`)})
	for _, c := range []*client{a, b} {
		if e := c.next(t); e != "breaking {}" {
			t.Errorf("breaking event %q", e)
		}
	}
	select {
	case e := <-a.events:
		t.Errorf("stream not on article:7 got %q", e)
	default:
	}

	// A reader that does not read falls behind and is dropped, not waited for.
	h.Close()
	if n := h.Streams(); n != 0 {
		t.Errorf("%d streams open after Close", n)
	}
	resp, err := http.Get(srv.URL + "?t=breaking")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("stream after Close: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// TestHubDropsLaggards: Publish never blocks on a reader that stopped
// reading; its stream is closed once it is queueLen events behind.
func TestHubDropsLaggards(t *testing.T) {
	h := NewHub()
	st := h.subscribe([]string{"t"})
	done := make(chan struct{})
	go func() {
		for range queueLen + 5 {
			h.Publish("t", Event{Name: "x"})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Publish blocked on a slow reader")
	}
	n := 0
	for range st.ch {
		n++
	}
	if n != queueLen || h.Streams() != 0 {
		t.Errorf("slow reader got %d events (want %d) and %d streams remain", n, queueLen, h.Streams())
	}
	h.unsubscribe(st) // after a drop: harmless
}

func waitStreams(t *testing.T, h *Hub, n int) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); h.Streams() != n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d streams open, want %d", h.Streams(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
