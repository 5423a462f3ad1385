package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"akhbar/internal/store"
)

// discardWriter is the least a server's ResponseWriter does, so the
// benchmarks measure Akhbar's own work per request.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// benchApp opens the demo site, or the data folder named by
// AKHBAR_BENCH_DATA (e.g. the 100,000 articles bench/http loads with
// -dir), with a page cache of cacheMB and any further flags.
func benchApp(b *testing.B, cacheMB string, flags ...string) (*App, benchPaths) {
	dir, args := b.TempDir(), []string{"--demo"}
	if d := os.Getenv("AKHBAR_BENCH_DATA"); d != "" {
		dir, args = d, nil
	}
	cfg := testConfig(&testing.T{}, dir, append(append(args, "--page-cache-mb", cacheMB), flags...)...)
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	list, err := a.Store.ListArticles(context.Background(), store.PublishedArticles().Limit(1).WithBody())
	if err != nil || len(list) == 0 || len(list[0].Tags) == 0 {
		b.Fatal("no published article with tags", err)
	}
	a0 := list[0]
	return a, benchPaths{article: a0.Path(), section: a0.Section.Path(), tag: a0.Tags[0].Path()}
}

// benchPaths are pages of the opened site to request.
type benchPaths struct{ article, section, tag string }

func serveBench(b *testing.B, h http.Handler, path string) {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	req.Header.Set("User-Agent", "Mozilla/5.0 (Linux; Android 14; SM-A145F) AppleWebKit/537.36 Chrome/120 Mobile")
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			h.ServeHTTP(&discardWriter{h: make(http.Header, 16)}, req)
		}
	})
}

// BenchmarkCachedArticle measures the handler chain's cost for a page
// cache hit (cache lookup, view count, headers), without the network: the
// part of serving a storm of readers that is ours rather than net/http's.
func BenchmarkCachedArticle(b *testing.B) {
	benchmarkCachedArticle(b)
}

// BenchmarkCachedArticleWithMetrics is BenchmarkCachedArticle with
// metrics on (--metrics-addr): what counting and timing each hit adds.
func BenchmarkCachedArticleWithMetrics(b *testing.B) {
	benchmarkCachedArticle(b, "--metrics-addr", "127.0.0.1:0")
}

func benchmarkCachedArticle(b *testing.B, flags ...string) {
	a, c := benchApp(b, "64", flags...)
	req := httptest.NewRequest("GET", c.article, nil)
	a.Handler.ServeHTTP(&discardWriter{h: http.Header{}}, req)
	if pages, _ := a.Pages.Stats(); pages == 0 {
		b.Fatal("the article page was not cached: this would measure renders")
	}
	serveBench(b, a.Handler, c.article)
}

// BenchmarkUncached renders pages with the page cache off: what a miss
// costs, and what every request costs on a site run without the cache.
func BenchmarkUncached(b *testing.B) {
	a, c := benchApp(b, "0")
	for _, p := range []struct{ name, path string }{
		{"article", c.article}, {"home", "/"}, {"section", c.section},
		{"section-page-50", c.section + "?page=50"}, {"tag", c.tag},
		{"search", "/search?" + url.Values{"q": {"اعلان"}}.Encode()}, {"feed", "/feed.xml"},
	} {
		b.Run(p.name, func(b *testing.B) { serveBench(b, a.Handler, p.path) })
	}
}
