package metrics

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	for path, want := range map[string]Route{
		"/":                                   Home,
		"/international/1/roos-shumali-korea": Article,
		"/international/1/":                   Article,
		"/international/1":                    Article,
		"/international/":                     Section,
		"/international":                      Section,
		"/international/feed.xml":             Feed,
		"/feed.xml":                           Feed,
		"/atom.xml":                           Feed,
		"/feed.json":                          Feed,
		"/tag/%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8": Tag,
		"/tag/x/atom.xml":             Feed,
		"/author/ali":                 Author,
		"/search":                     Search,
		"/sitemap.xml":                Sitemap,
		"/sitemaps/2026-02.xml":       Sitemap,
		"/api/v1/articles":            API,
		"/newsroom":                   Newsroom,
		"/newsroom/articles/3":        Newsroom,
		"/static/css/site.abc123.css": Static,
		"/media/ab/cd/photo.webp":     Media,
		"/live/breaking":              Live,
		"/healthz":                    Other,
		"/robots.txt":                 Other,
		"/favicon.ico":                Other,
		"/wp-admin/setup.php":         Other,
		"/a/b/c/d":                    Other,
		"//":                          Other,
		"":                            Other,
		"/international/12x/slug":     Other,
	} {
		if got := Classify(path); got != want {
			t.Errorf("Classify(%q) = %s, want %s", path, got, want)
		}
	}
}

// TestRequestAllocatesNothing: counting a request, a hit or a miss costs
// no allocation: it runs for every cached page.
func TestRequestAllocatesNothing(t *testing.T) {
	m := New()
	path := "/international/1/roos-shumali-korea"
	if n := testing.AllocsPerRun(1000, func() {
		m.Request(Classify(path), http.StatusOK, 300*time.Microsecond)
		m.Hit(path)
		m.Miss(path)
	}); n != 0 {
		t.Errorf("%v allocations a request", n)
	}
}

func TestHandler(t *testing.T) {
	m := New()
	m.Request(Article, http.StatusNotFound, time.Millisecond)
	m.Request(Route(200), 0, time.Millisecond) // out of range: counted as other, 2xx
	m.Hit("/")
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`akhbar_http_requests_total{code="4xx",route="article"} 1`,
		`akhbar_http_requests_total{code="2xx",route="other"} 1`,
		`akhbar_page_cache_hits_total{route="home"} 1`,
		`akhbar_http_request_duration_seconds_bucket{route="article",le="0.001"} 1`,
		"go_goroutines ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the metrics lack %q", want)
		}
	}
}

// BenchmarkRequest is what a cached page pays for metrics: classifying
// its path, counting and timing it, and counting the hit.
func BenchmarkRequest(b *testing.B) {
	m := New()
	path := "/international/1/roos-shumali-korea"
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			start := time.Now()
			m.Hit(path)
			m.Request(Classify(path), http.StatusOK, time.Since(start))
		}
	})
}
