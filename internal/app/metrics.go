package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"akhbar/internal/metrics"
	"akhbar/internal/pagecache"
)

// ops is what the app keeps for operators: its metrics, served on a
// listener of their own (--metrics-addr), and its access log.
type ops struct {
	metrics *metrics.Registry // nil: metrics off
	access  *accessLog        // nil: access log off
	addr    net.Addr          // where metrics are served, once Serve listens

	opened    time.Time    // when Open finished: the scheduler's and flushes' lag count from here at first
	scheduled atomic.Int64 // Unix nanoseconds of the scheduler's last completed run
	published atomic.Int64 // articles the scheduler published
	gate      renderGate   // the render gate, for its use
}

// openOps builds the metrics and the access log the configuration asks for.
func (a *App) openOps() error {
	a.ops.opened = a.Now()
	if a.Config.AccessLog == "json" {
		a.ops.access = &accessLog{w: accessLogTo}
	}
	if a.Config.MetricsAddr == "" {
		return nil
	}
	m := metrics.New()
	queries := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "akhbar_db_query_duration_seconds",
		Help: "Time a database statement took to run (a query's until its first row).",
		// SQLite reads take tens of microseconds; a PostgreSQL round trip, a fraction of a millisecond.
		Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	})
	a.Store.ObserveQueries(func(d time.Duration) { queries.Observe(d.Seconds()) })
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	counter := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, f)
	}
	since := func(t time.Time) float64 {
		if t.IsZero() || t.Before(a.ops.opened) {
			t = a.ops.opened
		}
		return max(0, a.Now().Sub(t).Seconds())
	}
	err := m.Register(queries,
		gauge("akhbar_page_cache_pages", "Pages held in the page cache.", func() float64 {
			pages, _ := a.Pages.Stats()
			return float64(pages)
		}),
		gauge("akhbar_page_cache_bytes", "Bytes held in the page cache (every encoding of every page).", func() float64 {
			_, bytes := a.Pages.Stats()
			return float64(bytes)
		}),
		gauge("akhbar_page_cache_max_bytes", "The page cache's bound (--page-cache-mb); 0: the cache is off.", func() float64 {
			return float64(int64(a.Config.PageCacheMB) << 20)
		}),
		counter("akhbar_db_queries_total", "Database statements run by this node.", func() float64 {
			return float64(a.Store.QueryCount())
		}),
		gauge("akhbar_db_up", "1 when the database answered the last health check (every second), 0 when not: cached pages are then served, and 503 for the rest.", func() float64 {
			if a.health.Down() {
				return 0
			}
			return 1
		}),
		poolCollector{a},
		gauge("akhbar_views_pending", "Article views counted in memory, not yet written to the database.", func() float64 {
			return float64(a.Views.Pending())
		}),
		gauge("akhbar_views_flush_lag_seconds", "Seconds since the views counted before then were all written (flushes run every 5 s; a growing value means they fail).", func() float64 {
			return since(a.Views.Flushed())
		}),
		gauge("akhbar_scheduler_lag_seconds", "Seconds since the scheduler last checked for scheduled articles to publish (every 10 s; a growing value means it fails or is stuck).", func() float64 {
			return since(time.Unix(0, a.ops.scheduled.Load()))
		}),
		counter("akhbar_scheduler_published_total", "Scheduled articles this node published when their time came.", func() float64 {
			return float64(a.ops.published.Load())
		}),
		webhookCollector{a},
		gauge("akhbar_renders_in_progress", "Public page renders running now; more wait in the render gate's queue when all slots are taken.", func() float64 {
			return float64(a.ops.gate.busy())
		}),
		gauge("akhbar_render_slots", "Public page renders that may run at once (--render-slots).", func() float64 {
			return float64(a.ops.gate.slots())
		}),
		gauge("akhbar_live_streams", "Live update streams (server-sent events) this node holds open.", func() float64 {
			return float64(a.Site.LiveStreams())
		}),
	)
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	a.ops.metrics = m
	return nil
}

// The database pools' figures, read at each scrape.
var (
	poolOpen     = prometheus.NewDesc("akhbar_db_connections_open", "Connections open in the pool, in use or idle.", []string{"pool"}, nil)
	poolInUse    = prometheus.NewDesc("akhbar_db_connections_in_use", "Connections in use.", []string{"pool"}, nil)
	poolIdle     = prometheus.NewDesc("akhbar_db_connections_idle", "Idle connections.", []string{"pool"}, nil)
	poolMax      = prometheus.NewDesc("akhbar_db_connections_max", "The pool's bound on open connections (--db-max-conns on PostgreSQL).", []string{"pool"}, nil)
	poolWaits    = prometheus.NewDesc("akhbar_db_connection_waits_total", "Times a statement waited for a free connection.", []string{"pool"}, nil)
	poolWaitTime = prometheus.NewDesc("akhbar_db_connection_wait_seconds_total", "Time spent waiting for a free connection.", []string{"pool"}, nil)
)

// poolCollector reports the store's connection pools: "read" and "write"
// on SQLite, "main" on PostgreSQL.
type poolCollector struct{ a *App }

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolOpen, poolInUse, poolIdle, poolMax, poolWaits, poolWaitTime} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	for _, p := range c.a.Store.Pools() {
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(p.OpenConnections), p.Name)
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(p.InUse), p.Name)
		ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(p.Idle), p.Name)
		ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(p.MaxOpenConnections), p.Name)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(p.WaitCount), p.Name)
		ch <- prometheus.MustNewConstMetric(poolWaitTime, prometheus.CounterValue, p.WaitDuration.Seconds(), p.Name)
	}
}

// The webhook queue, read from the database at each scrape (it is the
// whole site's, shared by every node).
var (
	hooksPending = prometheus.NewDesc("akhbar_webhook_deliveries_pending", "Webhook deliveries waiting for an attempt, due or retrying later (the whole site's, on every node).", nil, nil)
	hooksDue     = prometheus.NewDesc("akhbar_webhook_deliveries_due", "Webhook deliveries due now and not yet sent (the whole site's queue depth).", nil, nil)
	hooksOldest  = prometheus.NewDesc("akhbar_webhook_oldest_due_seconds", "How long the longest-waiting due webhook delivery has waited; 0 when none waits.", nil, nil)
)

// webhookQueueTimeout bounds a scrape's look at the queue.
const webhookQueueTimeout = 2 * time.Second

type webhookCollector struct{ a *App }

func (c webhookCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- hooksPending
	ch <- hooksDue
	ch <- hooksOldest
}

func (c webhookCollector) Collect(ch chan<- prometheus.Metric) {
	if c.a.health.Down() {
		return // no scrape waits on a database known to be away
	}
	ctx, cancel := context.WithTimeout(c.a.background, webhookQueueTimeout)
	defer cancel()
	now := c.a.Now()
	q, err := c.a.Store.WebhookQueue(ctx, now)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(hooksPending, err)
		return
	}
	oldest := 0.0
	if !q.OldestDue.IsZero() {
		oldest = max(0, now.Sub(q.OldestDue).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(hooksPending, prometheus.GaugeValue, float64(q.Pending))
	ch <- prometheus.MustNewConstMetric(hooksDue, prometheus.GaugeValue, float64(q.Due))
	ch <- prometheus.MustNewConstMetric(hooksOldest, prometheus.GaugeValue, oldest)
}

// observe wraps the whole handler: panics become 500s, and each request
// is counted, timed and logged as configured.
func (a *App) observe(next http.Handler) http.Handler {
	return observeRequests(a.Log, a.ops.metrics, a.ops.access, next)
}

// pageHit is told of a public page served from the cache: the view
// counts, and so does the hit.
func (a *App) pageHit(r *http.Request, p *pagecache.Page) {
	a.countHit(r, p)
	a.cacheHit(r, p)
}

// cacheHit counts a page-cache hit.
func (a *App) cacheHit(r *http.Request, _ *pagecache.Page) {
	if a.ops.metrics != nil {
		a.ops.metrics.Hit(r.URL.Path)
	}
	if a.ops.access != nil {
		noteCache(r, "hit")
	}
}

// cacheMisses wraps the renderer behind a page cache: each render is a
// miss (not in the cache, expired, or a request the cache does not keep).
func (a *App) cacheMisses(render http.Handler) http.Handler {
	if a.ops.metrics == nil && a.ops.access == nil {
		return render
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.ops.metrics != nil {
			a.ops.metrics.Miss(r.URL.Path)
		}
		if a.ops.access != nil {
			noteCache(r, "miss")
		}
		render.ServeHTTP(w, r)
	})
}

// serveMetrics serves /metrics on --metrics-addr, when set, until stop.
func (a *App) serveMetrics() (stop func(), err error) {
	if a.ops.metrics == nil {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", a.Config.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics on %s: %w", a.Config.MetricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.ops.metrics.Handler())
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	go srv.Serve(ln)
	a.ops.addr = ln.Addr()
	a.Log.Info("serving metrics", "addr", ln.Addr().String(), "path", "/metrics")
	return func() { srv.Close() }, nil
}
