package pagecache

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// site is a tiny handler whose pages say how many times they were rendered.
type site struct {
	renders atomic.Int64
	expires time.Time
	gate    chan struct{} // if set, renders wait on it
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.renders.Add(1)
	if s.gate != nil {
		<-s.gate
	}
	switch {
	case r.URL.Path == "/no-keep":
	case strings.HasPrefix(r.URL.Path, "/article/"):
		Keep(r, s.expires, "article:1", "section:2")
		CountView(r, 1)
	default:
		Keep(r, s.expires, "home")
	}
	DependOn(r, "mostread")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Last-Modified", time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC).Format(http.TimeFormat))
	fmt.Fprintf(w, "<p>%s render %d %s</p>", r.URL.Path, n, strings.Repeat("اردو ", 300))
}

func fetch(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestKeepsAndServesEncodings(t *testing.T) {
	s := &site{}
	c := New(1<<20, nil)
	h := Handler(c, s, nil)
	plain := fetch(t, h, "/").Body.String()
	if !strings.Contains(plain, "render 1") {
		t.Fatalf("first body %.40q", plain)
	}
	br := fetch(t, h, "/", "Accept-Encoding", "gzip, deflate, br")
	if br.Header().Get("Content-Encoding") != "br" || br.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("encoding %q vary %q", br.Header().Get("Content-Encoding"), br.Header().Get("Vary"))
	}
	b, _ := io.ReadAll(brotli.NewReader(br.Body))
	gz := fetch(t, h, "/", "Accept-Encoding", "gzip")
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := io.ReadAll(zr)
	if string(b) != plain || string(g) != plain || s.renders.Load() != 1 {
		t.Errorf("bodies differ or the page was rendered %d times", s.renders.Load())
	}
	// Conditional requests: any encoding's ETag, or the date.
	for _, hdr := range [][]string{
		{"If-None-Match", br.Header().Get("ETag")},
		{"If-None-Match", `"x", ` + gz.Header().Get("ETag")},
		{"If-Modified-Since", "Sun, 29 Nov 2026 08:00:00 GMT"},
	} {
		if rec := fetch(t, h, "/", hdr...); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
			t.Errorf("%v: %d", hdr, rec.Code)
		}
	}
	if rec := fetch(t, h, "/", "If-None-Match", `"other"`); rec.Code != http.StatusOK {
		t.Errorf("stale ETag: %d", rec.Code)
	}
	// Pages that do not ask to be kept, and odd queries, are rendered each time.
	fetch(t, h, "/no-keep")
	fetch(t, h, "/no-keep")
	fetch(t, h, "/?utm=x")
	fetch(t, h, "/?utm=x")
	if got := s.renders.Load(); got != 5 {
		t.Errorf("%d renders, want 5", got)
	}
	// ?page=N is its own page.
	fetch(t, h, "/?page=2")
	fetch(t, h, "/?page=2")
	if got := s.renders.Load(); got != 6 {
		t.Errorf("%d renders after page 2 twice, want 6", got)
	}
}

func TestInvalidateIsExact(t *testing.T) {
	s := &site{}
	c := New(1<<20, nil)
	h := Handler(c, s, nil)
	fetch(t, h, "/")
	fetch(t, h, "/article/1")
	if n := c.Invalidate("section:9"); n != 0 {
		t.Errorf("an unrelated dependency dropped %d pages", n)
	}
	if n := c.Invalidate("article:1"); n != 1 {
		t.Errorf("article:1 dropped %d pages, want 1", n)
	}
	if _, ok := c.Get("/"); !ok {
		t.Error("the home page was dropped with the article")
	}
	if n := c.Invalidate("mostread"); n != 1 {
		t.Errorf("mostread dropped %d, want 1 (the home page)", n)
	}
	if pages, size := c.Stats(); pages != 0 || size != 0 {
		t.Errorf("left %d pages, %d bytes", pages, size)
	}
}

func TestSingleFlight(t *testing.T) {
	s := &site{gate: make(chan struct{})}
	var views atomic.Int64
	c := New(1<<20, nil)
	h := Handler(c, s, func(r *http.Request, p *Page) {
		if p.Views == 1 {
			views.Add(1)
		}
	})
	var wg sync.WaitGroup
	bodies := make([]string, 50)
	for i := range bodies {
		wg.Go(func() { bodies[i] = fetch(t, h, "/article/1").Body.String() })
	}
	// Let every request arrive, then let the one render finish.
	for s.renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(s.gate)
	wg.Wait()
	if n := s.renders.Load(); n != 1 {
		t.Errorf("50 concurrent misses rendered %d times", n)
	}
	for _, b := range bodies {
		if b != bodies[0] {
			t.Fatal("requests got different pages")
		}
	}
	// The renderer counts its own view; the 49 others are counted by onHit.
	if v := views.Load(); v != 49 {
		t.Errorf("onHit counted %d views, want 49", v)
	}
}

func TestExpiresAtMidnight(t *testing.T) {
	now := time.Date(2026, 11, 29, 23, 59, 0, 0, time.UTC)
	midnight := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	s := &site{expires: midnight}
	c := New(1<<20, func() time.Time { return now })
	h := Handler(c, s, nil)
	fetch(t, h, "/")
	fetch(t, h, "/")
	now = midnight
	if b := fetch(t, h, "/").Body.String(); !strings.Contains(b, "render 2") {
		t.Errorf("after midnight the old page was served: %.40q", b)
	}
}

func TestBoundedBytes(t *testing.T) {
	s := &site{}
	c := New(40_000, nil)
	h := Handler(c, s, nil)
	for i := range 30 {
		fetch(t, h, fmt.Sprintf("/p%d", i))
	}
	pages, size := c.Stats()
	if size > 40_000 || pages == 0 || pages == 30 {
		t.Errorf("%d pages, %d bytes in a 40,000-byte cache", pages, size)
	}
	// The most recent page is still there; the first is gone.
	if _, ok := c.Get("/p29"); !ok {
		t.Error("the newest page was evicted")
	}
	if _, ok := c.Get("/p0"); ok {
		t.Error("the oldest page survived")
	}
}

func TestInvalidationDuringRenderIsNotKept(t *testing.T) {
	s := &site{gate: make(chan struct{})}
	c := New(1<<20, nil)
	h := Handler(c, s, nil)
	done := make(chan struct{})
	go func() { fetch(t, h, "/"); close(done) }()
	for s.renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.Invalidate("home") // the article changed while the page was being built
	close(s.gate)
	<-done
	if _, ok := c.Get("/"); ok {
		t.Error("a page rendered before an invalidation was kept")
	}
	// Nor may an edge cache in front keep it longer than a second: the
	// purge for that change may have reached it before this answer.
	s.gate = make(chan struct{})
	var rec *httptest.ResponseRecorder
	done = make(chan struct{})
	go func() { rec = fetch(t, h, "/"); close(done) }()
	for s.renders.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	c.Invalidate("mostread")
	close(s.gate)
	<-done
	if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=0, s-maxage=1" {
		t.Errorf("a superseded render went out with Cache-Control %q", cc)
	}
}

func TestDisabled(t *testing.T) {
	s := &site{}
	h := Handler(New(0, nil), s, nil)
	a, b := fetch(t, h, "/"), fetch(t, h, "/")
	if s.renders.Load() != 2 || bytes.Equal(a.Body.Bytes(), b.Body.Bytes()) {
		t.Errorf("a disabled cache kept a page")
	}
}

func TestPickEncoding(t *testing.T) {
	for _, c := range []struct {
		accept []string
		want   int
	}{
		{nil, identity},
		{[]string{"gzip, deflate, br"}, brotlied},
		{[]string{"gzip, deflate"}, gzipped},
		{[]string{"GZIP"}, gzipped},
		{[]string{"br;q=0, gzip"}, gzipped},
		{[]string{"br; q=0.000, gzip;q=0"}, identity},
		{[]string{"br;q=0.5"}, brotlied},
		{[]string{"deflate", "br"}, brotlied}, // two header lines
		{[]string{"identity"}, identity},
		{[]string{"brotli, gzipped"}, identity},
	} {
		if got := pickEncoding(c.accept); got != c.want {
			t.Errorf("pickEncoding(%q) = %d, want %d", c.accept, got, c.want)
		}
	}
}
