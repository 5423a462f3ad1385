package pagecache

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// tracker collects, while a handler renders, whether and how its page may
// be kept.
type tracker struct {
	mu      sync.Mutex
	keep    bool
	deps    []string
	expires time.Time
	views   int64
}

type trackerKey struct{}

// Keep marks the page being rendered for r as cacheable until expires
// (zero: until invalidated) or until one of deps is invalidated. Handlers
// call it; without it nothing is kept.
func Keep(r *http.Request, expires time.Time, deps ...string) {
	if t, ok := r.Context().Value(trackerKey{}).(*tracker); ok {
		t.mu.Lock()
		t.keep = true
		t.expires = expires
		t.deps = append(t.deps, deps...)
		t.mu.Unlock()
	}
}

// DependOn adds dependencies to the page being rendered for r, for parts
// rendered by shared code (the most-read list, a listing's articles).
func DependOn(r *http.Request, deps ...string) {
	if t, ok := r.Context().Value(trackerKey{}).(*tracker); ok {
		t.mu.Lock()
		t.deps = append(t.deps, deps...)
		t.mu.Unlock()
	}
}

// CountView records that every later hit on this page is a view of an
// article, to be counted as the render itself was.
func CountView(r *http.Request, articleID int64) {
	if t, ok := r.Context().Value(trackerKey{}).(*tracker); ok {
		t.mu.Lock()
		t.views = articleID
		t.mu.Unlock()
	}
}

// Options tune Handler.
type Options struct {
	// OnHit is told of every request answered with a page rendered for
	// another request, so views can be counted.
	OnHit func(*http.Request, *Page)
	// Down reports that pages cannot be rendered now (the database is
	// unreachable): requests are then answered from the cache however
	// old its copy, and the rest by Unavailable, without trying a render.
	Down        func() bool
	Unavailable http.Handler
	// Query gives the canonical form of a request's query string for the
	// cache key (parameters validated, sorted, each once), or false when
	// the request is not to be cached. Nil: only ?page=N is cached. The
	// content API's lists and filters use it, so that ?a=1&b=2 and
	// ?b=2&a=1 are one cached answer and a malformed query none.
	Query func(path string, query url.Values) (string, bool)
}

// Handler serves GET and HEAD requests from c, rendering misses with
// next. onHit (optional) is told of every request answered with a page
// rendered for another request, so views can be counted. Requests with a
// query other than ?page=N go straight to next: arbitrary queries would
// only fill the cache with copies.
func Handler(c *Cache, next http.Handler, onHit func(*http.Request, *Page)) http.Handler {
	return HandlerWith(c, next, Options{OnHit: onHit})
}

// HandlerWith is Handler with options. A render that fails (status 500
// or above) is replaced by the stale copy of the page when there is one.
func HandlerWith(c *Cache, next http.Handler, o Options) http.Handler {
	onHit := o.OnHit
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := cacheKey(r, o.Query)
		if !ok || !c.Enabled() {
			if o.Down != nil && o.Down() && o.Unavailable != nil {
				o.Unavailable.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		if o.Down != nil && o.Down() {
			if p, ok := c.Stale(key); ok {
				p.Serve(w, r)
			} else if o.Unavailable != nil {
				o.Unavailable.ServeHTTP(w, r)
			} else {
				next.ServeHTTP(w, r)
			}
			return
		}
		p, shared, err := c.Do(key, func() (*Page, bool, error) {
			t := &tracker{}
			// The render outlives no request, but must not be cancelled by
			// the first requester leaving while others wait on it; it
			// keeps the request's deadline (the database timeout).
			ctx := context.WithoutCancel(r.Context())
			if d, ok := r.Context().Deadline(); ok {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, d)
				defer cancel()
			}
			rr := r.WithContext(context.WithValue(ctx, trackerKey{}, t))
			// Render the full page, whatever this requester already has:
			// conditions and encodings are applied per request by Serve.
			rr.Header = r.Header.Clone()
			for _, h := range []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range", "Accept-Encoding"} {
				rr.Header.Del(h)
			}
			rec := &recorder{header: http.Header{}, status: http.StatusOK}
			next.ServeHTTP(rec, rr)
			p := &Page{Status: rec.status, Header: rec.header, Body: rec.body.Bytes()}
			p.Header.Del("Content-Length")
			t.mu.Lock()
			keep := t.keep && rec.status == http.StatusOK && p.Header.Get("Content-Encoding") == "" &&
				!strings.Contains(p.Header.Get("Cache-Control"), "no-store") && p.Header.Get("Set-Cookie") == ""
			p.Deps, p.Expires, p.Views = t.deps, t.expires, t.views
			t.mu.Unlock()
			if keep {
				if lm, err := http.ParseTime(p.Header.Get("Last-Modified")); err == nil {
					p.Modified = lm
				}
				p.Header.Del("Last-Modified")
				p.Header.Del("ETag")
				p.Header["Surrogate-Key"] = []string{surrogateKeys(p.Deps)}
				p.Compress()
			}
			return p, keep, nil
		})
		if err != nil {
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		if p.Status >= http.StatusInternalServerError {
			if old, ok := c.Stale(key); ok {
				p, shared = old, true
			}
		}
		if shared && onHit != nil {
			onHit(r, p)
		}
		p.Serve(w, r)
	})
}

// KeyAll is the surrogate key every kept page carries, so that an edge
// cache can drop all of them at once.
const KeyAll = "all"

// surrogateKeys lists a page's dependencies once each, for edge caches
// in front of the node (Varnish's xkey, a CDN's Surrogate-Key).
func surrogateKeys(deps []string) string {
	var b strings.Builder
	b.WriteString(KeyAll)
	seen := make(map[string]bool, len(deps))
	for _, d := range deps {
		if d == "" || seen[d] || strings.ContainsAny(d, " \t\r\n") {
			continue
		}
		seen[d] = true
		b.WriteByte(' ')
		b.WriteString(d)
	}
	return b.String()
}

// cacheKey is the path, plus ?page=N when that is the whole query, or
// plus the query as canonical (a non-nil canonical decides). A request
// carrying Authorization is never cached: its answer may be for its
// token's eyes only (the content API's authenticated reads).
func cacheKey(r *http.Request, canonical func(string, url.Values) (string, bool)) (string, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return "", false
	}
	if _, ok := r.Header["Authorization"]; ok {
		return "", false
	}
	q := r.URL.RawQuery
	if q == "" {
		return r.URL.Path, true
	}
	if canonical != nil {
		values, err := url.ParseQuery(q)
		if err != nil {
			return "", false
		}
		c, ok := canonical(r.URL.Path, values)
		if !ok {
			return "", false
		}
		if c == "" {
			return r.URL.Path, true
		}
		return r.URL.Path + "?" + c, true
	}
	n, ok := strings.CutPrefix(q, "page=")
	if !ok {
		return "", false
	}
	if v, err := strconv.Atoi(n); err != nil || v < 1 || strconv.Itoa(v) != n {
		return "", false
	}
	return r.URL.Path + "?page=" + n, true
}

// briefly is the Cache-Control of a superseded render: an edge cache may
// share it for a second, no longer.
var briefly = []string{"public, max-age=0, s-maxage=1"}

// vary is shared by every cached response; net/http only reads it.
var vary = []string{"Accept-Encoding"}

// Serve writes the page in the best encoding the client accepts, with
// validators, answering conditional requests with 304. A cache hit only
// assigns prepared header values: it runs for every reader of a storm.
func (p *Page) Serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range p.Header {
		h[k] = v
	}
	if p.Superseded {
		h["Cache-Control"] = briefly
	}
	if p.ETag == "" { // an uncached response, passed on as rendered
		w.WriteHeader(p.Status)
		if r.Method != http.MethodHead {
			w.Write(p.Body)
		}
		return
	}
	h["Vary"] = vary
	enc := &p.wire[pickEncoding(r.Header["Accept-Encoding"])]
	h["Etag"] = enc.etag
	if p.modified != nil {
		h["Last-Modified"] = p.modified
	}
	if p.notModified(r) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if enc.encoding != nil {
		h["Content-Encoding"] = enc.encoding
	}
	h["Content-Length"] = enc.length
	w.WriteHeader(p.Status)
	if r.Method != http.MethodHead {
		w.Write(enc.body)
	}
}

// notModified applies If-None-Match (any encoding's ETag of this page
// matches) or, without it, If-Modified-Since.
func (p *Page) notModified(r *http.Request) bool {
	if inm := r.Header["If-None-Match"]; len(inm) > 0 {
		for _, line := range inm {
			for tag := range strings.SplitSeq(line, ",") {
				tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
				if tag == "*" {
					return true
				}
				for i := range p.wire {
					if tag == p.wire[i].etag[0] {
						return true
					}
				}
			}
		}
		return false
	}
	if ims := r.Header["If-Modified-Since"]; len(ims) > 0 && !p.Modified.IsZero() {
		if t, err := http.ParseTime(ims[0]); err == nil {
			return !p.Modified.Truncate(time.Second).After(t)
		}
	}
	return false
}

// pickEncoding returns the index in Page.wire of the best encoding the
// Accept-Encoding lines allow: brotli, then gzip, honouring q=0 refusals.
// It allocates nothing: it runs on every cache hit.
func pickEncoding(accept []string) int {
	br, gz := false, false
	for _, line := range accept {
		for part := range strings.SplitSeq(line, ",") {
			name, params, _ := strings.Cut(part, ";")
			switch name = strings.TrimSpace(name); {
			case strings.EqualFold(name, "br"):
				br = !refused(params)
			case strings.EqualFold(name, "gzip"):
				gz = !refused(params)
			}
		}
	}
	switch {
	case br:
		return brotlied
	case gz:
		return gzipped
	}
	return identity
}

// refused reports whether Accept-Encoding parameters give q=0 (q=0,
// q=0.0, q=0.000).
func refused(params string) bool {
	v, ok := strings.CutPrefix(strings.TrimSpace(params), "q=")
	if !ok {
		return false
	}
	v = strings.TrimSpace(v)
	if v == "" || v[0] != '0' {
		return false
	}
	return strings.Trim(v[1:], ".0") == ""
}

// recorder captures a handler's response.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}
