// Package site serves the public website: home, sections, articles, tags
// and authors, server-rendered in Urdu, right to left.
package site

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/media/storage"
	"akhbar/internal/popular"
	"akhbar/internal/store"
	"akhbar/web"
)

// Options are what the site needs from the application.
type Options struct {
	Store   *store.Store
	Assets  *web.Assets
	BaseURL string
	Now     func() time.Time // the clock; tests fix it
	Log     *slog.Logger
	Views   *popular.Counter
	Media   storage.Storage // nil: no /media/ route
}

// Site is the public website.
type Site struct {
	store   *store.Store
	baseURL string
	now     func() time.Time
	log     *slog.Logger
	views   *popular.Counter
	media   storage.Storage

	settings atomic.Pointer[Settings]
	assets   *web.Assets
	render   *web.Renderer

	sitemaps sitemapCache

	mostReadMu sync.Mutex
	mostRead   []content.Article
	mostReadAt time.Time
}

// mostReadTTL is how long the most-read list is reused before it is ranked again.
const mostReadTTL = time.Minute

// New builds the site and checks its templates and static files.
func New(ctx context.Context, o Options) (*Site, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	s := &Site{store: o.Store, baseURL: o.BaseURL, now: o.Now, log: o.Log, views: o.Views, media: o.Media}
	if err := s.ReloadSettings(ctx); err != nil {
		s.log.Warn("site settings", "err", err)
	}
	s.assets = o.Assets
	var err error
	if s.render, err = web.NewRenderer("site", pages, templateFuncs(s.assets, s.Settings, s.now)); err != nil {
		return nil, err
	}
	return s, nil
}

// Settings returns the current site settings.
func (s *Site) Settings() Settings { return *s.settings.Load() }

// ReloadSettings reads the settings from the store again. Unreadable
// values keep their defaults and are reported in the error.
func (s *Site) ReloadSettings(ctx context.Context) error {
	st, err := loadSettings(ctx, s.store)
	s.settings.Store(&st)
	return err
}

// Register adds the public routes to mux.
func (s *Site) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /{section}/{$}", s.section)
	mux.HandleFunc("GET /{section}/{id}/{slug}", s.article)
	mux.HandleFunc("GET /{section}/{id}/{$}", s.article)
	mux.HandleFunc("GET /{section}/{id}", s.article)
	mux.HandleFunc("GET /tag/{slug}", s.tag)
	mux.HandleFunc("GET /author/{slug}", s.author)
	mux.HandleFunc("GET /search", s.search)
	s.registerFeeds(mux)
	s.registerSitemaps(mux)
	mux.Handle("GET /static/{file}", s.assets)
	if s.media != nil {
		mux.Handle("GET /media/{a}/{b}/{file}", mediaFiles{storage: s.media, site: s})
	}
	mux.HandleFunc("GET /favicon.ico", s.favicon)
	mux.HandleFunc("GET /", s.fallback)
}

// serverError logs the cause and shows the reader a calm Urdu page.
func (s *Site) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("page failed", "path", r.URL.Path, "err", err)
	s.errorPage(w, r, http.StatusInternalServerError, "معذرت، کچھ خرابی ہو گئی", "یہ صفحہ اس وقت نہیں کھل سکا۔ براہِ کرم تھوڑی دیر بعد دوبارہ کوشش کریں۔")
}

// notFound answers 404 with the Urdu not-found page.
func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "یہ صفحہ نہیں ملا", "آپ جس صفحے کی تلاش میں ہیں وہ موجود نہیں، یا ہٹا دیا گیا ہے۔")
}

func (s *Site) errorPage(w http.ResponseWriter, r *http.Request, code int, heading, intro string) {
	p, err := s.newPage(r, heading)
	p.NoIndex = true
	if err != nil { // the page still renders without sections and most-read
		s.log.Warn("error page data", "err", err)
	}
	body, err := s.render.Render("notfound", struct {
		*page
		Heading, Intro string
	}{p, heading, intro})
	if err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, heading, code)
		return
	}
	writeHTML(w, code, body, "no-store")
}

// handle maps a handler's error to a response.
func (s *Site) handle(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, content.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	s.serverError(w, r, err)
}

func writeHTML(w http.ResponseWriter, code int, body []byte, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", cacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'")
	w.WriteHeader(code)
	w.Write(body)
}

// publicCache lets browsers and CDNs keep a page briefly; the page cache
// (issue 9) sharpens this with exact invalidation.
const publicCache = "public, max-age=60"

func (s *Site) favicon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.NotFound(w, r)
}

// fallback answers paths no route knows: an old URL kept in the redirects
// table goes where it moved, anything else is a 404.
func (s *Site) fallback(w http.ResponseWriter, r *http.Request) {
	id, target, err := s.store.Redirect(r.Context(), r.URL.Path)
	if err != nil {
		if !errors.Is(err, content.ErrNotFound) {
			s.serverError(w, r, err)
			return
		}
		s.notFound(w, r)
		return
	}
	if id != 0 {
		a, err := s.store.Article(r.Context(), id)
		if err != nil || a.Status != content.StatusPublished {
			s.notFound(w, r)
			return
		}
		target = a.Path()
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

func (s *Site) absolute(path string) string { return s.baseURL + path }

func pageTitle(parts ...string) string {
	t := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if t != "" {
			t += " | "
		}
		t += p
	}
	return t
}
