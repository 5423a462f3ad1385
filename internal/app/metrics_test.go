package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"akhbar/internal/metrics"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// servedApp is an app run by Serve, as `akhbar serve` runs it.
type servedApp struct {
	*App
	url string // the public listener
}

// serveApp opens and serves an app on free ports of 127.0.0.1 until the
// test ends.
func serveApp(t *testing.T, flags ...string) *servedApp {
	t.Helper()
	cfg := testConfig(t, t.TempDir(), append([]string{"--addr", "127.0.0.1:0"}, flags...)...)
	ctx, stop := context.WithCancel(context.Background())
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, func(addr net.Addr) { addrc <- addr }) }()
	var base string
	select {
	case addr := <-addrc:
		base = "http://" + addr.String()
	case err := <-done:
		t.Fatal("serve:", err)
	}
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Error("serve:", err)
		}
		a.Close()
	})
	return &servedApp{App: a, url: base}
}

func httpGet(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	return apiRequest(t, http.MethodGet, url, header...)
}

// scrape reads the metrics listener's /metrics and parses it.
func scrape(t *testing.T, a *servedApp) (string, map[string]*dto.MetricFamily) {
	t.Helper()
	if a.ops.addr == nil {
		t.Fatal("no metrics listener")
	}
	resp, body := httpGet(t, "http://"+a.ops.addr.String()+"/metrics")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("GET /metrics: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the metrics do not parse: %v", err)
	}
	return body, families
}

// value finds the value of a metric with the given labels (name=value
// pairs); ok is false when there is none.
func value(families map[string]*dto.MetricFamily, name string, labels ...string) (v float64, ok bool) {
	f := families[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.GetLabel() {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		case m.Untyped != nil:
			return m.Untyped.GetValue(), true
		}
	}
	return 0, false
}

var staticHref = regexp.MustCompile(`(?:href|src)="(/static/[^"]+\.(?:css|js))"`)

// TestMetrics: with --metrics-addr, /metrics is served there in the
// Prometheus text format and not on the public listener; requests are
// counted and timed per route class (a fixed set of series whatever
// paths are asked for), cache hits and misses per class, and the
// database, views, scheduler, webhook queue, live streams and Go runtime
// are reported. promtool (Debian prometheus) checks the output.
func TestMetrics(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testMetrics(t, "") })
	t.Run("postgres", func(t *testing.T) { testMetrics(t, storetest.PostgresSchema(t)) })
}

func testMetrics(t *testing.T, dsn string) {
	flags := []string{"--demo", "--metrics-addr", "127.0.0.1:0"}
	if dsn != "" {
		flags = append(flags, "--database", dsn)
	}
	a := serveApp(t, flags...)
	ctx := context.Background()

	if resp, body := httpGet(t, a.url+"/metrics"); resp.StatusCode != http.StatusNotFound || strings.Contains(body, "akhbar_") {
		t.Errorf("/metrics on the public listener: %d, want 404 without metrics", resp.StatusCode)
	}
	_, before := scrape(t, a)
	seriesBefore := len(before["akhbar_http_requests_total"].GetMetric())

	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(1))
	if err != nil || len(list) == 0 {
		t.Fatal("no published article", err)
	}
	article := list[0].Path()
	ua := []string{"User-Agent", "Mozilla/5.0 (Linux; Android 14) Chrome/120 Mobile"}
	for range 3 { // a miss, then two hits
		if resp, _ := httpGet(t, a.url+article, ua...); resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", article, resp.StatusCode)
		}
	}
	_, home := httpGet(t, a.url+"/", ua...)
	m := staticHref.FindStringSubmatch(home)
	if m == nil {
		t.Fatal("no static asset on the home page")
	}
	if resp, _ := httpGet(t, a.url+m[1]); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", m[1], resp.StatusCode)
	}
	httpGet(t, a.url+"/api/v1/articles?limit=1")
	// Paths nobody links to: each a 404 or a redirect, counted under
	// their class, adding no series.
	for _, p := range []string{"/no-such-section/", "/no-such/999999/x", "/tag/no-such-tag", "/wp-admin/setup.php", "/a/b/c/d", "/.env"} {
		httpGet(t, a.url+p)
	}

	// A live stream flushes through the measuring writer, and is counted
	// while open.
	streamCtx, closeStream := context.WithCancel(ctx)
	req, _ := http.NewRequestWithContext(streamCtx, "GET", a.url+"/live/breaking", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	first, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || !strings.HasPrefix(first, "retry:") {
		t.Fatalf("live stream's first line %q, %v", first, err)
	}
	body, families := scrape(t, a)
	if v, _ := value(families, "akhbar_live_streams"); v != 1 {
		t.Errorf("akhbar_live_streams = %v while one stream is open", v)
	}
	closeStream()
	resp.Body.Close()

	for _, c := range []struct {
		name   string
		labels []string
		want   func(float64) bool
		what   string
	}{
		{"akhbar_http_requests_total", []string{"route", "article", "code", "2xx"}, eq(3), "3"},
		{"akhbar_http_requests_total", []string{"route", "article", "code", "4xx"}, eq(1), "1 (/no-such/999999/x)"},
		{"akhbar_http_request_duration_seconds", []string{"route", "article"}, eq(4), "4 observations"},
		{"akhbar_http_requests_total", []string{"route", "home", "code", "2xx"}, eq(1), "1"},
		{"akhbar_http_requests_total", []string{"route", "static", "code", "2xx"}, eq(1), "1"},
		{"akhbar_http_requests_total", []string{"route", "api", "code", "2xx"}, eq(1), "1"},
		{"akhbar_http_requests_total", []string{"route", "tag", "code", "4xx"}, eq(1), "1"},
		{"akhbar_http_requests_total", []string{"route", "other", "code", "4xx"}, atLeast(1), "at least 1"},
		{"akhbar_page_cache_misses_total", []string{"route", "article"}, eq(2), "2 (the article and the unknown one)"},
		{"akhbar_page_cache_hits_total", []string{"route", "article"}, eq(2), "2"},
		{"akhbar_page_cache_misses_total", []string{"route", "api"}, eq(1), "1"},
		{"akhbar_page_cache_pages", nil, atLeast(3), "at least 3"},
		{"akhbar_page_cache_bytes", nil, atLeast(1000), "at least 1000"},
		{"akhbar_page_cache_max_bytes", nil, eq(64 << 20), "64 MB"},
		{"akhbar_db_up", nil, eq(1), "1"},
		{"akhbar_db_queries_total", nil, atLeast(5), "at least 5"},
		{"akhbar_db_query_duration_seconds", nil, atLeast(5), "at least 5 observations"},
		{"akhbar_db_connections_open", nil, atLeast(1), "at least 1"},
		{"akhbar_db_connections_max", nil, atLeast(1), "at least 1"},
		{"akhbar_views_flush_lag_seconds", nil, atMost(60), "under a minute"},
		{"akhbar_scheduler_lag_seconds", nil, atMost(60), "under a minute"},
		{"akhbar_webhook_deliveries_due", nil, eq(0), "0"},
		{"akhbar_webhook_oldest_due_seconds", nil, eq(0), "0"},
		{"akhbar_render_slots", nil, atLeast(1), "at least 1"},
		{"go_goroutines", nil, atLeast(1), "at least 1"},
		{"process_resident_memory_bytes", nil, atLeast(1), "at least 1"},
		{"go_build_info", nil, eq(1), "1"},
	} {
		if v, ok := value(families, c.name, c.labels...); !ok || !c.want(v) {
			t.Errorf("%s%v = %v (present %v), want %s", c.name, c.labels, v, ok, c.what)
		}
	}
	pool := "main"
	if dsn == "" {
		pool = "write"
	}
	if _, ok := value(families, "akhbar_db_connections_in_use", "pool", pool); !ok {
		t.Errorf("no akhbar_db_connections_in_use for the %q pool", pool)
	}
	if n := len(families["akhbar_http_requests_total"].GetMetric()); n != seriesBefore || n != len(metrics.Routes())*5 {
		t.Errorf("%d request series after odd paths, %d before: want a fixed %d", n, seriesBefore, len(metrics.Routes())*5)
	}

	t.Run("promtool", func(t *testing.T) { promtoolCheck(t, body) })
}

func eq(want float64) func(float64) bool     { return func(v float64) bool { return v == want } }
func atLeast(min float64) func(float64) bool { return func(v float64) bool { return v >= min } }
func atMost(most float64) func(float64) bool { return func(v float64) bool { return v <= most } }

// promtoolCheck runs `promtool check metrics` on a scrape. Without
// promtool the check is skipped, unless AKHBAR_TEST_PROMTOOL=1 (CI) says
// it must run.
func promtoolCheck(t *testing.T, body string) {
	path, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("AKHBAR_TEST_PROMTOOL") == "1" {
			t.Fatal("AKHBAR_TEST_PROMTOOL=1 but promtool is missing: apt-get install prometheus")
		}
		t.Skip("promtool not installed (Debian package prometheus); set AKHBAR_TEST_PROMTOOL=1 to require it")
	}
	cmd := exec.Command(path, "check", "metrics")
	cmd.Stdin = strings.NewReader(body)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

// lockedBuffer collects the access log.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Split(strings.TrimSpace(l.b.String()), "\n")
}

// TestAccessLog: --access-log json writes one JSON line per request, with
// the reader's address behind a trusted proxy and whether the page cache
// served the page; off (the default), nothing.
func TestAccessLog(t *testing.T) {
	logged := &lockedBuffer{}
	accessLogTo = logged
	defer func() { accessLogTo = os.Stdout }()

	off := proxyNode(t)
	httpGet(t, off.url+"/")
	if logged.b.Len() != 0 {
		t.Fatalf("access log written while off: %q", logged.b.String())
	}

	n := proxyNode(t, "--access-log", "json", "--trusted-proxies", "127.0.0.1")
	list, err := n.Store.ListArticles(context.Background(), store.PublishedArticles().Limit(1))
	if err != nil || len(list) == 0 {
		t.Fatal("no published article", err)
	}
	article := list[0].Path()
	start := time.Now()
	for range 2 {
		httpGet(t, n.url+article+"?utm_source=x", "X-Forwarded-For", "198.51.100.7", "User-Agent", "Mozilla/5.0 test")
	}
	httpGet(t, n.url+"/newsroom/login", "X-Forwarded-For", "198.51.100.8")
	httpGet(t, n.url+"/no-such/999999/x")

	lines := logged.lines()
	if len(lines) != 4 {
		t.Fatalf("%d access log lines, want 4:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	var got []accessLine
	for _, l := range lines {
		var e accessLine
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("not a JSON line: %q: %v", l, err)
		}
		at, err := time.Parse(time.RFC3339Nano, e.Time)
		if err != nil || at.Before(start.Add(-time.Second)) || at.After(time.Now()) || e.Duration <= 0 || e.Method != "GET" {
			t.Errorf("line %q: bad time, duration or method", l)
		}
		got = append(got, e)
	}
	for i, want := range []accessLine{
		{Path: article, Query: "utm_source=x", Route: "article", Status: 200, Client: "198.51.100.7", Cache: "miss", Agent: "Mozilla/5.0 test"},
		{Path: article, Query: "utm_source=x", Route: "article", Status: 200, Client: "198.51.100.7", Cache: "hit", Agent: "Mozilla/5.0 test"},
		{Path: "/newsroom/login", Route: "newsroom", Status: 200, Client: "198.51.100.8"},
		{Path: "/no-such/999999/x", Route: "article", Status: 404, Client: "127.0.0.1", Cache: "miss"},
	} {
		e := got[i]
		if e.Path != want.Path || e.Query != want.Query || e.Route != want.Route || e.Status != want.Status ||
			e.Client != want.Client || e.Cache != want.Cache || (want.Agent != "" && e.Agent != want.Agent) || e.Bytes <= 0 {
			t.Errorf("line %d: %+v\nwant %+v (and some bytes)", i+1, e, want)
		}
	}
}
