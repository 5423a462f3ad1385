// Package api serves the content API under /api/v1/: published stories,
// sections, tags, authors, search, most-read and the breaking strip for
// apps and partners, and, with a personal access token, the newsroom's
// writes. Every answer is JSON; every refusal is an RFC 9457 problem
// with an Urdu title (problem.go). The OpenAPI 3.1 document describing
// it is assembled from openapi/*.json (openapi.go), and a test checks
// that it lists exactly the routes served.
package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/events"
	"akhbar/internal/media/storage"
	"akhbar/internal/site"
	"akhbar/internal/store"
)

// Options configure the API.
type Options struct {
	Store *store.Store
	Site  *site.Site // settings, page paths, media renditions, the breaking strip
	Media storage.Storage
	Now   func() time.Time
	Log   *slog.Logger
	// Changed is called after a write may have changed an article's public
	// state, as the newsroom does (caches, the search index, webhooks).
	Changed func(ctx context.Context, articleID int64)
	// Events hears of the public changes a write makes (webhooks).
	Events events.Sink

	// AddImage puts an uploaded image through the newsroom's pipeline
	// (limits, metadata stripped, renditions, the library): the
	// newsroom's AddImage. Without it, uploads answer 503.
	AddImage func(ctx context.Context, r io.Reader, m content.Media) (content.Media, error)
}

// API is the /api/v1/ handler set.
type API struct {
	store   *store.Store
	site    *site.Site
	media   storage.Storage
	now     func() time.Time
	log     *slog.Logger
	changed func(ctx context.Context, articleID int64)
	events  events.Sink
	routes  []string // the patterns registered, for the OpenAPI check
	mux     *http.ServeMux

	addImage func(ctx context.Context, r io.Reader, m content.Media) (content.Media, error)
}

// New builds the API.
func New(o Options) *API {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Changed == nil {
		o.Changed = func(context.Context, int64) {}
	}
	a := &API{store: o.Store, site: o.Site, media: o.Media, now: o.Now, log: o.Log, changed: o.Changed, events: o.Events}
	a.addImage = o.AddImage
	a.register()
	return a
}

// Prefix is where the API lives.
const Prefix = "/api/v1/"

// ServeHTTP answers a request under Prefix. The API has a mux of its own:
// the site's patterns ("GET /{section}/{id}/{slug}") would clash with a
// catch-all under the prefix in one mux, and a path the API does not know
// must answer a problem, not the site's HTML 404.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mux.ServeHTTP(w, r)
}

func (a *API) register() {
	a.mux = http.NewServeMux()
	a.handle(a.mux, "GET /api/v1/openapi.json", a.openAPI)
	a.registerRead(a.mux)
	a.registerWrite(a.mux)
	a.mux.HandleFunc("/", a.notServed)
}

// notServed answers what no route takes: 405 with Allow when the path is
// served for other methods, else 404; both as problems.
func (a *API) notServed(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := a.mux.Handler(probe); pattern != "" && pattern != "/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeProblem(w, r, http.StatusMethodNotAllowed, ProblemMethod, "")
		return
	}
	writeProblem(w, r, http.StatusNotFound, ProblemNotFound, "")
}

// handle registers one route and remembers its pattern.
func (a *API) handle(mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	a.routes = append(a.routes, pattern)
	mux.HandleFunc(pattern, h)
}

// Routes lists the patterns registered ("GET /api/v1/articles"), in order.
func (a *API) Routes() []string { return append([]string(nil), a.routes...) }

// Unavailable answers while the database is out of reach and no cached
// answer exists.
func (a *API) Unavailable(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "30")
	writeProblem(w, r, http.StatusServiceUnavailable, ProblemUnavailable, "ڈیٹا بیس سے رابطہ نہیں ہو پا رہا؛ کچھ دیر بعد دوبارہ کوشش کریں۔")
}
