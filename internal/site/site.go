// Package site serves the public website: home, sections, articles, tags
// and authors, server-rendered in Urdu, right to left.
package site

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"akhbar/internal/changes"
	"akhbar/internal/content"
	"akhbar/internal/live"
	"akhbar/internal/media/storage"
	"akhbar/internal/pagecache"
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
	Media   storage.Storage  // nil: no /media/ route
	Cache   *pagecache.Cache // nil: pages are not cached
	// Changes carries what changed to every node, this one included
	// (nil: an in-process channel, for one node).
	Changes changes.Bus
}

// Site is the public website.
type Site struct {
	store   *store.Store
	baseURL string
	now     func() time.Time
	log     *slog.Logger
	views   *popular.Counter
	media   storage.Storage
	cache   *pagecache.Cache
	changes changes.Bus

	settings atomic.Pointer[Settings]
	assets   *web.Assets
	render   *web.Renderer

	mostReadMu   sync.Mutex
	mostRead     []content.Article
	mostReadHTML template.HTML
	mostReadAt   time.Time
	// mostReadStale asks for the list to be ranked at the next page.
	mostReadStale atomic.Bool
	// mostReadDeps are the dependency names of the listed articles, read
	// without the list's lock by changed.
	mostReadDeps atomic.Pointer[map[string]bool]

	sectionList sectionList
	// relatedLists keeps each section's newest stories for article pages.
	relatedLists relatedLists

	breaking       atomic.Pointer[content.Breaking] // nil: no strip
	breakingExpiry changeTimer                      // takes the strip down at its expiry
	pinExpiry      changeTimer                      // drops the home page when its first pin passes
	live           *live.Hub
	liveSent       liveSent
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
	if o.Changes == nil {
		o.Changes = changes.NewLocal("")
	}
	s := &Site{store: o.Store, baseURL: o.BaseURL, now: o.Now, log: o.Log, views: o.Views, media: o.Media, cache: o.Cache, changes: o.Changes}
	s.live = live.NewHub()
	s.changes.Subscribe(s.changed)
	if err := s.ReloadSettings(ctx); err != nil {
		s.log.Warn("site settings", "err", err)
	}
	s.reloadBreaking(ctx)
	s.assets = o.Assets
	var err error
	if s.render, err = web.NewRenderer("site", pages, templateFuncs(s.assets, s.Settings, s.now)); err != nil {
		return nil, err
	}
	return s, nil
}

// Close stops the timers (the strip's expiry, the home page's first pin)
// and ends the live streams: the store is about to close.
func (s *Site) Close() {
	s.breakingExpiry.stop()
	s.pinExpiry.stop()
	s.CloseStreams()
}

// CloseStreams ends every open live stream and refuses new ones, so a
// server shutting down need not wait for readers to leave.
func (s *Site) CloseStreams() { s.live.Close() }

// Settings returns the current site settings.
func (s *Site) Settings() Settings { return *s.settings.Load() }

// SettingsChanged tells every node, this one first, that the settings
// were changed, so each reads them again and drops its pages.
func (s *Site) SettingsChanged(ctx context.Context) error {
	return s.changes.Publish(ctx, changes.Change{Settings: true})
}

// changed applies a change from this node or another to what the site
// holds: its settings, its cached pages, its most-read ranking.
func (s *Site) changed(c changes.Change) {
	// An article in this node's most-read list changed: every page shows
	// it there (a withdrawn story must leave the list at once).
	if !c.All && !c.Settings && s.inMostRead(c.Deps) {
		c.Deps = append(slices.Clip(c.Deps), DepMostRead)
		s.mostReadStale.Store(true)
	}
	if c.All || c.Settings {
		s.sectionList.drop() // sections changed, or this node cannot tell
	}
	s.relatedLists.drop(c.All || c.Settings, c.Deps)
	if c.Breaking {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		s.reloadBreaking(ctx)
		cancel()
	}
	switch {
	case c.Settings:
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.ReloadSettings(ctx); err != nil {
			s.log.Warn("site settings", "err", err)
		}
	case c.All:
		if s.cache != nil {
			s.cache.Purge()
		}
	case s.cache != nil:
		s.cache.Invalidate(c.Deps...)
	}
	// After the pages went: a reader who reloads on an update sees it.
	if len(c.Live) > 0 || c.All {
		s.liveChanged(c)
	}
	// Another node ranked the most-read list anew (or this node may have
	// missed that): rank it again here too, so every node shows one list.
	// (A flag, not the list's lock: a render holding that lock may be
	// publishing, and so waiting on this delivery.)
	if c.Remote && (c.All || c.Settings || slices.Contains(c.Deps, DepMostRead)) {
		s.mostReadStale.Store(true)
	}
}

// inMostRead reports whether any of deps names an article of the
// most-read list.
func (s *Site) inMostRead(deps []string) bool {
	listed := s.mostReadDeps.Load()
	if listed == nil {
		return false
	}
	for _, d := range deps {
		if (*listed)[d] {
			return true
		}
	}
	return false
}

// ReloadSettings reads the settings from the store again and drops every
// cached page. Unreadable values keep their defaults and are reported in
// the error.
func (s *Site) ReloadSettings(ctx context.Context) error {
	st, err := loadSettings(ctx, s.store)
	s.settings.Store(&st)
	if s.cache != nil {
		s.cache.Purge() // every page shows the settings
	}
	return err
}

// Register adds the public routes to mux.
func (s *Site) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /{section}/{$}", s.section)
	mux.HandleFunc("GET /{section}", s.sectionWithoutSlash)
	mux.HandleFunc("GET /{section}/{id}/{slug}", s.article)
	mux.HandleFunc("GET /{section}/{id}/{$}", s.article)
	mux.HandleFunc("GET /{section}/{id}", s.article)
	mux.HandleFunc("GET /tag/{slug}", s.tag)
	mux.HandleFunc("GET /author/{slug}", s.author)
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("GET /live/breaking", s.liveBreaking)
	mux.HandleFunc("GET /live/article/{id}", s.liveArticle)
	s.registerFeeds(mux)
	s.registerSitemaps(mux)
	mux.Handle("GET /static/{file}", s.assets)
	if s.media != nil {
		mux.Handle("GET /media/{a}/{b}/{file}", mediaFiles{storage: s.media, site: s})
	}
	mux.Handle("GET /favicon.ico", s.assets.Fixed("favicon.ico"))
	mux.Handle("GET /apple-touch-icon.png", s.assets.Fixed("apple-touch-icon.png"))
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

// Unavailable answers 503 with an Urdu page asking the reader to come
// back shortly, without touching the database: it is what a node serves,
// beside its cached pages, while the database cannot be reached.
func (s *Site) Unavailable(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
	s.renderError(w, r, s.basePage(r, unavailableHeading), http.StatusServiceUnavailable, unavailableHeading,
		"ہمارا نظام اس وقت جواب نہیں دے رہا، اس لیے یہ صفحہ نہیں کھل سکا۔ براہِ کرم چند لمحوں بعد دوبارہ کوشش کریں۔")
}

// RetryAfterSeconds is the Retry-After of the unavailable page.
const RetryAfterSeconds = 30

const unavailableHeading = "ویب سائٹ عارضی طور پر دستیاب نہیں"

func (s *Site) errorPage(w http.ResponseWriter, r *http.Request, code int, heading, intro string) {
	p, err := s.newPage(r, heading)
	if err != nil { // the page still renders without sections and most-read
		s.log.Warn("error page data", "err", err)
	}
	s.renderError(w, r, p, code, heading, intro)
}

func (s *Site) renderError(w http.ResponseWriter, r *http.Request, p *page, code int, heading, intro string) {
	p.NoIndex = true
	p.Canonical = "" // an error has no address of its own to name
	p.Description = intro
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
	writePage(w, code, body, cacheControl, nil)
}

// writePage is writeHTML for a page whose embeds may frame players from
// frames (origins). The page cache keeps the headers with the page.
func writePage(w http.ResponseWriter, code int, body []byte, cacheControl string, frames []string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", cacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Content-Security-Policy", contentSecurityPolicy(frames))
	w.WriteHeader(code)
	w.Write(body)
}

// publicCache lets browsers keep a page for a minute and a CDN for a
// minute more, serving it stale while it fetches a fresh one; the page
// cache behind it is exact, dropping a page as soon as it changes.
const publicCache = "public, max-age=60, s-maxage=60, stale-while-revalidate=300"

// sectionWithoutSlash answers /{slug}: a section's address without its
// slash moves there with a 301 (not the router's 307), and anything else,
// such as an old /%postname% permalink, goes to fallback.
func (s *Site) sectionWithoutSlash(w http.ResponseWriter, r *http.Request) {
	sec, err := s.requestedSection(r)
	switch {
	case err != nil:
		s.serverError(w, r, err)
	case sec == nil:
		s.fallback(w, r)
	default:
		http.Redirect(w, r, sec.Path(), http.StatusMovedPermanently)
	}
}

// requestedSection is the section the route's {section} names, or nil.
func (s *Site) requestedSection(r *http.Request) (*content.Section, error) {
	secs, err := s.sections(r.Context())
	if err != nil {
		return nil, err
	}
	return findSection(secs, r.PathValue("section")), nil
}

// findSection returns the section with this slug, or nil.
func findSection(secs []content.Section, slug string) *content.Section {
	for i := range secs {
		if secs[i].Slug == slug {
			return &secs[i]
		}
	}
	return nil
}

// fallback answers paths no route knows: an old URL kept in the redirects
// table goes where it moved, anything else is a 404.
func (s *Site) fallback(w http.ResponseWriter, r *http.Request) {
	found, err := s.redirectOld(w, r, r.URL.Path)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !found {
		s.notFound(w, r)
	}
}

// redirectOld answers an old path (or /?p=N) kept in the redirects table
// with a 301 to where it moved, and reports whether it did: not when the
// path is unknown or its article is not published.
func (s *Site) redirectOld(w http.ResponseWriter, r *http.Request, old string) (bool, error) {
	id, target, err := s.store.Redirect(r.Context(), old)
	if errors.Is(err, content.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if id != 0 {
		a, err := s.store.Article(r.Context(), id)
		if errors.Is(err, content.ErrNotFound) || (err == nil && a.Status != content.StatusPublished) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		target = a.Path()
	}
	if strings.HasPrefix(target, "/") {
		target = EscapePath(target)
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
	return true, nil
}

func (s *Site) absolute(path string) string { return s.baseURL + EscapePath(path) }

// EscapePath is a site path (and query) as every page, feed, sitemap and
// API answer writes it: percent-encoded with upper-case hex, the form
// RFC 3986 calls normal and browsers send, so a tag's Urdu slug has one
// spelling everywhere (/tag/%D8%B1%D9%88%D8%B3), never the raw letters in
// one place and html/template's lower-case escapes in another. An
// escaped path passes through unchanged; a query after ? is kept as it is.
func EscapePath(p string) string {
	path, query, hasQuery := strings.Cut(p, "?")
	if isPlainPath(path) {
		return p
	}
	if unescaped, err := url.PathUnescape(path); err == nil {
		path = unescaped
	}
	out := (&url.URL{Path: path}).EscapedPath()
	if hasQuery {
		out += "?" + query
	}
	return out
}

// isPlainPath reports whether p needs no escaping: most paths (Latin slugs
// and numbers), checked without allocating.
func isPlainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("/-._~", c) >= 0) {
			return false
		}
	}
	return true
}

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

// pageTTL bounds how long a cached page lives even if nothing it shows
// changes: its "5 minutes ago" times and the most-read list stay fresh.
const pageTTL = time.Minute

// keep marks the page being rendered as cacheable, depending on deps, and
// on the most-read list, the date and the breaking strip every page
// shows: it expires at the next midnight in the site's zone, when the
// strip does, or after pageTTL.
func (s *Site) keep(r *http.Request, deps ...string) { s.keepUntil(r, time.Time{}, deps...) }

// keepUntil is keep for a page that must also go at until (zero: no such
// time), such as the home page when a pinned story's pin passes.
func (s *Site) keepUntil(r *http.Request, until time.Time, deps ...string) {
	now := s.now()
	local := now.In(s.Settings().Location)
	midnight := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, local.Location())
	expires := now.Add(pageTTL)
	if midnight.Before(expires) {
		expires = midnight
	}
	if !until.IsZero() && until.Before(expires) {
		expires = until
	}
	// A page showing the breaking strip goes when the strip does, even if
	// the node's timer is late.
	if b := s.currentBreaking(now); b != nil && b.ExpiresAt.Before(expires) {
		expires = b.ExpiresAt
	}
	pagecache.Keep(r, expires, append(deps, DepMostRead)...)
}

// Dependency names of cached pages, shared with the content API.
const (
	DepMostRead = "mostread" // the most-read list
	DepFeeds    = "feeds"    // the feeds: named by every change to any article
	DepSearch   = "search"   // search result pages: named by every change to any article
)

// dependOnArticles makes the page being rendered depend on each article it
// lists, so that an article leaving the list's scope (another section, a
// tag removed) drops the page, though the article no longer names it.
func dependOnArticles(r *http.Request, list []content.Article) {
	for _, a := range list {
		pagecache.DependOn(r, DepArticle(a.ID))
	}
}

// DepArticle names one article: its page and every list showing it;
// DepSection, DepTag and DepAuthor name their listings.
func DepArticle(id int64) string { return "article:" + strconv.FormatInt(id, 10) }
func DepSection(id int64) string { return "section:" + strconv.FormatInt(id, 10) }
func DepTag(id int64) string     { return "tag:" + strconv.FormatInt(id, 10) }
func DepAuthor(id int64) string  { return "author:" + strconv.FormatInt(id, 10) }

// ArticleChanged drops every cached page that shows the article or where
// it may now appear: its own page, the pages that listed it (they depend
// on it), its section's pages and articles (their related lists), its
// tags' and authors' pages, the home page, feeds and sitemaps.
func (s *Site) ArticleChanged(ctx context.Context, ids ...int64) {
	deps, err := ArticleDeps(ctx, s.store, ids...)
	c := changes.Change{Deps: deps}
	if err != nil {
		s.log.Error("page cache: article changed", "articles", ids, "err", err)
		c = changes.Change{All: true} // cannot tell which pages: drop them all
	}
	if err := s.changes.Publish(ctx, c); err != nil {
		s.log.Error("tell other nodes", "articles", ids, "err", err)
	}
}

// SectionsChanged drops every page on every node: each shows the
// sections in its navigation.
func (s *Site) SectionsChanged(ctx context.Context) {
	if err := s.changes.Publish(ctx, changes.Change{All: true}); err != nil {
		s.log.Error("tell other nodes: sections", "err", err)
	}
}

// tagChangeLimit is how many articles a tag change names one by one
// before it drops every page instead (a query per article).
const tagChangeLimit = 500

// TagsChanged drops the pages of the tags tagIDs (renamed, merged) and
// every page showing the articles articleIDs, which name them.
func (s *Site) TagsChanged(ctx context.Context, tagIDs, articleIDs []int64) {
	c := changes.Change{All: true}
	if len(articleIDs) <= tagChangeLimit {
		deps, err := ArticleDeps(ctx, s.store, articleIDs...)
		if err != nil {
			s.log.Error("page cache: tags changed", "tags", tagIDs, "err", err)
		} else {
			for _, id := range tagIDs {
				deps = append(deps, DepTag(id))
			}
			c = changes.Change{Deps: deps}
		}
	}
	if err := s.changes.Publish(ctx, c); err != nil {
		s.log.Error("tell other nodes: tags", "tags", tagIDs, "err", err)
	}
}

// ArticleDeps are the page dependencies a change to the articles ids
// touches (see ArticleChanged). Commands that change articles outside
// a server, such as an import, publish them on the change channel.
func ArticleDeps(ctx context.Context, st *store.Store, ids ...int64) ([]string, error) {
	deps := []string{"home", DepFeeds, DepSearch, "sitemaps"}
	seen := map[string]bool{}
	add := func(d string) {
		if !seen[d] {
			seen[d] = true
			deps = append(deps, d)
		}
	}
	for _, id := range ids {
		add(DepArticle(id))
		a, err := st.Article(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted: the pages that listed it depend on it
		}
		if err != nil {
			return nil, err
		}
		add(DepSection(a.SectionID))
		for _, t := range a.Tags {
			add(DepTag(t.ID))
		}
		for _, u := range a.Authors {
			add(DepAuthor(u.ID))
		}
	}
	return deps, nil
}
