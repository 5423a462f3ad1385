// Package app wires configuration, store, services and HTTP server
// together: the one place that builds everything.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"akhbar/internal/api"
	"akhbar/internal/auth"
	"akhbar/internal/changes"
	"akhbar/internal/compress"
	"akhbar/internal/config"
	"akhbar/internal/demo"
	"akhbar/internal/edge"
	"akhbar/internal/media/storage"
	"akhbar/internal/newsroom"
	"akhbar/internal/pagecache"
	"akhbar/internal/popular"
	"akhbar/internal/realip"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/webhooks"
	"akhbar/web"
)

// App is a running Akhbar: its store, its services and its HTTP handler.
type App struct {
	Config   config.Config
	Store    *store.Store
	Site     *site.Site
	Newsroom *newsroom.Newsroom
	API      *api.API // the content API, /api/v1/
	Views    *popular.Counter
	Pages    *pagecache.Cache
	Changes  changes.Bus // what changed, to and from every node
	// Webhooks queues the newsroom's, the API's and the scheduler's
	// events for subscribers; its worker delivers them (on every node).
	Webhooks *webhooks.Hooks
	Media    storage.Storage // where uploaded images are kept
	Handler  http.Handler
	Log      *slog.Logger
	Now      func() time.Time

	health     dbHealth
	apiLimit   *api.Limiter    // requests per client to /api/; nil: no limit
	inflight   *edge.Inflight  // the pages being sent, with an edge cache in front
	background context.Context // lives until Close: the change listener
	stop       context.CancelFunc
	ops        ops // metrics and the access log (metrics.go)
}

// Open connects to the database, migrates it, loads the demo if asked and
// builds the handlers. Close releases what it opened.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, now func() time.Time) (*App, error) {
	if now == nil {
		now = time.Now
	}
	s, err := store.OpenWith(ctx, cfg.Database, store.Options{MaxConns: cfg.DBMaxConns})
	if err != nil {
		return nil, err
	}
	s.SetNode(cfg.Node)
	a := &App{Config: cfg, Store: s, Log: log, Now: now}
	a.background, a.stop = context.WithCancel(context.Background())
	if err := a.prepareDatabase(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if a.Changes, err = a.openChanges(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.Views = popular.NewCounter(s, now, log)
	assets, err := web.LoadStatic()
	if err != nil {
		a.Close()
		return nil, err
	}
	files, err := openMedia(ctx, cfg.Media)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.Media = files
	if s.Engine() == store.Postgres && !strings.HasPrefix(cfg.Media, "s3://") {
		log.Warn("media are kept on this machine's disk, but PostgreSQL lets several nodes share the site: "+
			"images uploaded on one node will be missing (404) on the others; use --media s3://… (docs/scaling.md)", "media", cfg.Media)
	}
	a.Pages = pagecache.New(int64(cfg.PageCacheMB)<<20, now)
	a.Site, err = site.New(ctx, site.Options{Store: s, Assets: assets, BaseURL: cfg.BaseURL, Now: now, Log: log,
		Views: a.Views, Media: files, Cache: a.Pages, Changes: a.Changes})
	if err != nil {
		a.Close()
		return nil, err
	}
	// The edge is purged after this node dropped its own pages (the site
	// subscribed first), on every node: see edge.Purger.Changed.
	if cfg.PurgeURL != "" {
		purger := edge.NewPurger(cfg.PurgeURL, log)
		purger.Inflight = &edge.Inflight{}
		a.Changes.Subscribe(purger.Changed)
		a.inflight = purger.Inflight
	}
	a.Webhooks = webhooks.New(webhooks.Options{Store: s, BaseURL: cfg.BaseURL, Node: cfg.Node, Log: log, Now: now,
		AllowPrivate: cfg.WebhooksAllowPrivate})
	a.Newsroom, err = newsroom.New(newsroom.Options{
		Store: s, Site: a.Site, Assets: assets, Now: now, Log: log,
		Sessions: &auth.Sessions{Store: s, Now: now, TTL: sessionTTL, SecureCookies: strings.HasPrefix(cfg.BaseURL, "https://")},
		Changed:  a.articleChanged,
		Media:    files,
		Events:   a.Webhooks.Sink(),
		Webhooks: a.Webhooks,
	})
	if err != nil {
		a.Close()
		return nil, err
	}
	a.API = api.New(api.Options{Store: s, Site: a.Site, Media: files, Now: now, Log: log, Changed: a.articleChanged,
		AddImage: a.Newsroom.AddImage, Events: a.Webhooks.Sink()})
	a.apiLimit = api.NewLimiter(cfg.APIRate, now)
	// Catch up on articles that fell due while the server was down.
	if err := a.publishDue(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if err := a.openOps(); err != nil {
		a.Close()
		return nil, err
	}
	a.Handler = a.routes()
	// Deliveries queued before a restart, or by other nodes, go out from here too.
	a.Webhooks.Start(a.background)
	return a, nil
}

// prepareDatabase migrates the database and loads the demo if asked,
// each under a database-wide lock: of several nodes starting together,
// one does the work while the others wait, then find it done.
func (a *App) prepareDatabase(ctx context.Context) error {
	n, err := a.Store.Migrate(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		a.Log.Info("database migrated", "migrations", n, "engine", a.Store.Engine())
	}
	if !a.Config.Demo {
		return nil
	}
	return a.Store.Exclusive(ctx, "demo", func() error {
		loaded, err := demo.Load(ctx, a.Store, a.Now())
		if err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
		if loaded {
			a.Log.Info("demo site loaded")
		}
		return nil
	})
}

// openChanges opens the change channel: LISTEN/NOTIFY between the nodes
// sharing a PostgreSQL database, in-process with SQLite. It listens
// before anything is cached, so no change made after Open is missed.
func (a *App) openChanges(ctx context.Context) (changes.Bus, error) {
	if a.Store.Engine() != store.Postgres {
		return changes.NewLocal(a.Config.Node), nil
	}
	schema, err := a.Store.Schema(ctx)
	if err != nil {
		return nil, err
	}
	bus := changes.NewPostgres(a.Config.Database, changes.Channel(schema), a.Config.Node, a.Store, a.Log)
	if err := bus.Start(a.background); err != nil {
		return nil, err
	}
	return bus, nil
}

func (a *App) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	a.Site.Register(mux)
	a.Newsroom.Register(mux)
	// Cached pages are stored compressed; only what the cache does not
	// keep goes through the compressing middleware (renders for the cache
	// carry no Accept-Encoding, so it leaves them alone).
	compressed := compress.Handler(mux)
	unavailable := compress.Handler(http.HandlerFunc(a.Site.Unavailable))
	// Only what is rendered (a miss, or a page the cache does not keep)
	// waits on the database, so only that gets a deadline: a cache hit
	// arms no timer.
	gate := newRenderGate(a.Config.RenderSlots)
	a.ops.gate = gate
	pages := pagecache.HandlerWith(a.Pages, a.cacheMisses(withDeadline(gate.Handler(compressed), a.Config.DBTimeout)), pagecache.Options{
		OnHit: a.pageHit, Down: a.health.Down, Unavailable: unavailable, Query: site.CanonicalQuery})
	// The API's public answers are kept like pages (writes, and requests
	// with a token, pass through), keyed by their canonical query. Every
	// request is counted against its client's rate limit first, cache
	// hits included, and every read may be made from any origin.
	apiPages := pagecache.HandlerWith(a.Pages, a.cacheMisses(withDeadline(gate.Handler(compress.Handler(a.API)), a.Config.DBTimeout)), pagecache.Options{
		OnHit: a.cacheHit, Down: a.health.Down, Unavailable: http.HandlerFunc(a.API.Unavailable), Query: api.CanonicalQuery})
	apiFront := a.apiLimit.Handler(api.CORS(apiPages))
	// A token's answers (drafts, writes) are its owner's alone: they never
	// pass through the page cache, which would also join concurrent
	// requests for one path into one render. They count against the
	// client's rate limit too.
	apiPrivate := a.apiLimit.Handler(compress.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.health.Down() {
			a.API.Unavailable(w, r)
			return
		}
		// Writes may carry an image to process, as newsroom uploads do.
		d := a.Config.DBTimeout
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			d = max(d, newsroomTimeout)
		}
		withDeadline(a.API, d).ServeHTTP(w, r)
	})))
	newsroom := withDeadline(compressed, max(a.Config.DBTimeout, newsroomTimeout))
	var edgePages http.Handler = pages
	if a.inflight != nil {
		edgePages = a.inflight.Handler(pages)
	}
	// A site whose address is https is only ever reached over TLS: browsers
	// are told to keep to it (a year), so no later visit starts in clear.
	hsts := strings.HasPrefix(a.Config.BaseURL, "https://")
	// realip first, so that the access log names the reader behind a proxy.
	return realip.Handler(a.Config.TrustedProxies, a.observe(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hsts {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		switch {
		case strings.HasPrefix(r.URL.Path, api.Prefix) && r.Header.Get("Authorization") != "":
			apiPrivate.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, api.Prefix):
			apiFront.ServeHTTP(w, r)
		case cachedPath(r.URL.Path):
			if r.URL.RawPath != "" && ownSpelling(r.URL.Path) && respell(w, r) {
				return
			}
			edgePages.ServeHTTP(w, r)
		case needsNoDatabase(r.URL.Path):
			compressed.ServeHTTP(w, r)
		case a.health.Down():
			unavailable.ServeHTTP(w, r)
		default:
			// The newsroom's uploads and saves may take as long as the
			// server lets a response take.
			newsroom.ServeHTTP(w, r)
		}
	})))
}

// respell answers a public page asked for in another spelling than the
// one every page, feed and sitemap writes (lower-case escapes, such as
// html/template's, or needless ones) with a 301 to that spelling, so an
// edge cache and a search engine see one address per page. Go sets
// RawPath only when the request's escaping is not its own upper-case
// one, so the usual request costs a comparison with "".
func respell(w http.ResponseWriter, r *http.Request) bool {
	want := site.EscapePath(r.URL.Path)
	if want == r.URL.EscapedPath() || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	if r.URL.RawQuery != "" {
		want += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, want, http.StatusMovedPermanently)
	return true
}

// ownSpelling reports whether a path is one of the site's own addresses
// that can hold letters beyond ASCII: a tag's or an author's pages (as
// /tag/{slug} and its feeds, never with a final slash). Others, such as an
// old WordPress permalink with its lower-case escapes, go to their handler
// as they are, which redirects them in one step to where they now live.
func ownSpelling(p string) bool {
	return (strings.HasPrefix(p, "/tag/") || strings.HasPrefix(p, "/author/")) && !strings.HasSuffix(p, "/")
}

// newsroomTimeout bounds newsroom requests (uploads, imports of images);
// it matches the server's write timeout.
const newsroomTimeout = 60 * time.Second

// withDeadline bounds how long h may wait on the database, so a database
// connection that hangs rather than fails cannot hold readers forever (pgx
// gives up on a query when its context ends). The timer stops when h
// returns.
func withDeadline(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// needsNoDatabase is what a node serves whether or not the database
// answers: static files, images and the health check (which says so).
func needsNoDatabase(p string) bool {
	// Live streams send what the node holds in memory (a live article's
	// stream reads its missed updates when it opens, under its own
	// deadline, and answers 503 if it cannot).
	for _, prefix := range []string{"/static/", "/media/", "/healthz", "/favicon.ico", "/live/"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// cachedPath reports whether a path is a public page the page cache may
// hold. The newsroom is per user, static files and media have their own
// caching, and live streams never end. Search pages are kept per query
// (site.CanonicalQuery).
func cachedPath(p string) bool {
	for _, prefix := range []string{"/newsroom/", "/static/", "/media/", "/healthz", "/live/"} {
		if strings.HasPrefix(p, prefix) {
			return false
		}
	}
	return true
}

// countHit counts a view for every reader served a cached article page
// (the render itself counted the first).
func (a *App) countHit(r *http.Request, p *pagecache.Page) {
	if p.Views != 0 && p.Status == http.StatusOK && !popular.IsBot(r.UserAgent()) {
		a.Views.Add(p.Views)
	}
}

// healthz answers 200 when the database answers, for load balancers; a
// node without its database still serves its cached pages, but the
// balancer should prefer the others.
func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := a.checkDatabase(r.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "database unavailable")
		return
	}
	fmt.Fprintln(w, "ok")
}

// Close stops listening for changes and delivering webhooks (an attempt
// under way is cut short and retried later, by any node), and releases
// the store.
func (a *App) Close() error {
	a.stop()
	if a.Webhooks != nil {
		a.Webhooks.Wait()
	}
	if a.Site != nil { // nil when Open failed before building the site
		a.Site.Close()
	}
	return a.Store.Close()
}

// Serve listens on the configured address until ctx ends, then stops
// taking requests, lets those in flight finish, and flushes counted views.
func (a *App) Serve(ctx context.Context, ready func(addr net.Addr)) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	stopMetrics, err := a.serveMetrics()
	if err != nil {
		ln.Close()
		return err
	}
	defer stopMetrics()
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	viewsCtx, stopViews := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { a.Views.Run(viewsCtx, 5*time.Second) })
	wg.Go(func() { a.runScheduler(viewsCtx, schedulerInterval) })
	wg.Go(func() { a.watchDatabase(viewsCtx) })

	// Shutdown waits for requests to end, and live streams never do by
	// themselves: end them, and their browsers reconnect to another node.
	srv.RegisterOnShutdown(a.Site.CloseStreams)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.Log.Info("serving", "addr", ln.Addr().String(), "url", a.Config.BaseURL, "engine", a.Store.Engine())
	if ready != nil {
		ready(ln.Addr())
	}
	select {
	case err = <-errc:
	case <-ctx.Done():
		a.Log.Info("shutting down")
		shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		err = srv.Shutdown(shutCtx)
		cancel()
	}
	stopViews()
	wg.Wait() // the counter's last flush
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// openMedia opens image storage: S3-compatible for an s3:// URL (several
// app nodes share it), else a folder on this machine.
func openMedia(ctx context.Context, where string) (storage.Storage, error) {
	if strings.HasPrefix(where, "s3://") {
		cfg, err := storage.ParseS3URL(where)
		if err != nil {
			return nil, fmt.Errorf("media storage: %w", err)
		}
		return storage.NewS3(ctx, cfg)
	}
	return storage.NewDisk(where)
}

// NewLogger builds the structured logger the configuration asks for.
func NewLogger(cfg config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
