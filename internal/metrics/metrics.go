// Package metrics keeps Akhbar's Prometheus metrics: requests and their
// latency per route class, page-cache hits and misses, and the Go
// runtime's and the process's own figures. What is measured on every
// request is three or four atomic additions into counters laid out at
// start (no label lookup), spread over shards so that cores do not
// contend for them: a cached page costs no allocation and no lock more.
// The registry is the caller's (one per app), served by Handler on a
// listener of its own, never the public one.
package metrics

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Route is a class of paths. Requests are labelled by class, never by
// their path, so the number of series stays fixed whatever is requested.
type Route uint8

// The route classes.
const (
	Article Route = iota
	Home
	Section
	Tag
	Author
	Search
	Feed
	Sitemap
	API
	Newsroom
	Static
	Media
	Live
	Other
	numRoutes
)

var routeNames = [numRoutes]string{"article", "home", "section", "tag", "author", "search", "feed", "sitemap",
	"api", "newsroom", "static", "media", "live", "other"}

// String is the class's label value.
func (r Route) String() string {
	if r >= numRoutes {
		return "other"
	}
	return routeNames[r]
}

// Routes lists every class, in label order.
func Routes() []Route {
	out := make([]Route, numRoutes)
	for i := range out {
		out[i] = Route(i)
	}
	return out
}

// Classify puts a request path in its class, by the site's URL scheme
// (docs: URLs): /{section}/{id}/{slug} is an article, /{section}/ a
// section, feeds end in feed.xml, atom.xml or feed.json anywhere. It
// allocates nothing.
func Classify(p string) Route {
	switch {
	case p == "/":
		return Home
	case strings.HasPrefix(p, "/static/"):
		return Static
	case strings.HasPrefix(p, "/media/"):
		return Media
	case strings.HasPrefix(p, "/api/"):
		return API
	case p == "/newsroom" || strings.HasPrefix(p, "/newsroom/"):
		return Newsroom
	case strings.HasPrefix(p, "/live/"):
		return Live
	case strings.HasSuffix(p, "/feed.xml") || strings.HasSuffix(p, "/atom.xml") || strings.HasSuffix(p, "/feed.json"):
		return Feed
	case p == "/sitemap.xml" || strings.HasPrefix(p, "/sitemaps/"):
		return Sitemap
	case p == "/search":
		return Search
	case strings.HasPrefix(p, "/tag/"):
		return Tag
	case strings.HasPrefix(p, "/author/"):
		return Author
	case p == "/healthz" || p == "/robots.txt" || p == "/favicon.ico" || len(p) < 2 || p[0] != '/':
		return Other
	}
	// /{section}, /{section}/, /{section}/{id}, /{section}/{id}/, /{section}/{id}/{slug}
	rest := p[1:]
	section, rest, nested := strings.Cut(rest, "/")
	if section == "" {
		return Other
	}
	if !nested || rest == "" {
		return Section
	}
	id, _, _ := strings.Cut(rest, "/")
	if id == "" {
		return Other
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return Other
		}
	}
	return Article
}

// codeClasses label responses by the first digit of their status.
var codeClasses = [...]string{"1xx", "2xx", "3xx", "4xx", "5xx"}

func codeClass(status int) int {
	c := status/100 - 1
	if c < 0 || c >= len(codeClasses) {
		return 1 // nothing written: net/http sends 200
	}
	return c
}

// durationBuckets reach from a cache hit (tens of microseconds) to a
// slow newsroom upload, in seconds.
var durationBuckets = [...]float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// bucketBounds are durationBuckets in nanoseconds, for the hot path.
var bucketBounds = func() (b [len(durationBuckets)]time.Duration) {
	for i, s := range durationBuckets {
		b[i] = time.Duration(s * float64(time.Second))
	}
	return b
}()

// shards spreads the per-request counters: each request adds to one
// shard picked at random, so the cores serving a storm of cache hits do
// not all write the same cache lines (with client_golang's own counters
// and histogram, every hit paid for that contention and twice their
// atomic operations). A scrape adds the shards up.
const shards = 16

type shard struct {
	requests [numRoutes][len(codeClasses)]atomic.Uint64
	buckets  [numRoutes][len(durationBuckets) + 1]atomic.Uint64 // the last: over the largest bound
	nanos    [numRoutes]atomic.Uint64                           // durations' sum
	hits     [numRoutes]atomic.Uint64
	misses   [numRoutes]atomic.Uint64
	_        [64]byte // no cache line shared with the next shard
}

// Registry is one app's metrics.
type Registry struct {
	reg    *prometheus.Registry
	shards [shards]shard
}

// The per-request metrics, assembled from the shards at each scrape.
var (
	requestsDesc = prometheus.NewDesc("akhbar_http_requests_total",
		"HTTP requests answered, by route class and status class.", []string{"route", "code"}, nil)
	durationDesc = prometheus.NewDesc("akhbar_http_request_duration_seconds",
		"Time from a request's arrival until its answer was written, by route class (a live stream's until it was handed its own connection).", []string{"route"}, nil)
	hitsDesc = prometheus.NewDesc("akhbar_page_cache_hits_total",
		"Requests answered with a page rendered for another request (a cached page, or a render they waited on), by route class.", []string{"route"}, nil)
	missesDesc = prometheus.NewDesc("akhbar_page_cache_misses_total",
		"Requests for cacheable routes that rendered their page (not in the cache, expired, or not to be kept), by route class.", []string{"route"}, nil)
)

// New builds a registry holding the request and page-cache metrics and
// the Go runtime's, the process's and the build's.
func New() *Registry {
	m := &Registry{reg: prometheus.NewRegistry()}
	m.reg.MustRegister(requestCollector{m},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector())
	return m
}

// Register adds collectors (the app's gauges, read at each scrape).
func (m *Registry) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

func (m *Registry) shard() *shard { return &m.shards[rand.Uint32()%shards] }

// Request counts one answered request.
func (m *Registry) Request(route Route, status int, d time.Duration) {
	if route >= numRoutes {
		route = Other
	}
	b := 0
	for b < len(bucketBounds) && d > bucketBounds[b] {
		b++
	}
	s := m.shard()
	s.requests[route][codeClass(status)].Add(1)
	s.buckets[route][b].Add(1)
	s.nanos[route].Add(uint64(max(d, 0)))
}

// Hit counts a page served from the cache for path.
func (m *Registry) Hit(path string) { m.shard().hits[Classify(path)].Add(1) }

// Miss counts a page rendered for path on a cacheable route.
func (m *Registry) Miss(path string) { m.shard().misses[Classify(path)].Add(1) }

// requestCollector reports the sharded counters as Prometheus counters
// and histograms.
type requestCollector struct{ m *Registry }

func (c requestCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- requestsDesc
	ch <- durationDesc
	ch <- hitsDesc
	ch <- missesDesc
}

func (c requestCollector) Collect(ch chan<- prometheus.Metric) {
	for r := range numRoutes {
		var codes [len(codeClasses)]uint64
		var buckets [len(durationBuckets) + 1]uint64
		var nanos, hits, misses uint64
		for i := range c.m.shards {
			s := &c.m.shards[i]
			for k := range codes {
				codes[k] += s.requests[r][k].Load()
			}
			for k := range buckets {
				buckets[k] += s.buckets[r][k].Load()
			}
			nanos += s.nanos[r].Load()
			hits += s.hits[r].Load()
			misses += s.misses[r].Load()
		}
		route := r.String()
		for k, code := range codeClasses {
			ch <- prometheus.MustNewConstMetric(requestsDesc, prometheus.CounterValue, float64(codes[k]), route, code)
		}
		cumulative := make(map[float64]uint64, len(durationBuckets))
		var count uint64
		for k, le := range durationBuckets {
			count += buckets[k]
			cumulative[le] = count
		}
		count += buckets[len(durationBuckets)]
		ch <- prometheus.MustNewConstHistogram(durationDesc, count, float64(nanos)/1e9, cumulative, route)
		ch <- prometheus.MustNewConstMetric(hitsDesc, prometheus.CounterValue, float64(hits), route)
		ch <- prometheus.MustNewConstMetric(missesDesc, prometheus.CounterValue, float64(misses), route)
	}
}

// Handler serves the metrics in the Prometheus text format (or OpenMetrics
// when asked). A collector that fails (the database did not answer)
// leaves its metrics out of that scrape, and the rest are served.
func (m *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, Registry: m.reg})
}

// Gather is the registry's gatherer, for tests.
func (m *Registry) Gatherer() prometheus.Gatherer { return m.reg }
