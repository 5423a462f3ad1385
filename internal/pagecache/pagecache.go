// Package pagecache keeps rendered public pages in memory, already
// compressed, so a page is built once and then served as fast as a static
// file until something it shows changes.
//
// Each page carries the dependencies it was built from ("article:12",
// "section:3", "mostread", …). Invalidate drops exactly the pages that
// name a dependency. Concurrent misses for one page render it once. Pages
// also expire at a time the renderer chooses (the next local midnight, so
// no page shows yesterday's date), and the cache holds at most a set
// number of bytes, dropping the least recently used pages first.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// Page is one rendered response; Compress adds its compressed forms.
type Page struct {
	Status   int
	Header   http.Header // Content-Type, Cache-Control…; never lengths or encodings
	Body     []byte      // identity
	ETag     string      // strong, of Body, quoted; empty for a page not kept
	Modified time.Time
	Expires  time.Time // zero: until invalidated
	Deps     []string
	Views    int64 // an article page: the article whose view each hit counts
	// Superseded marks a render that something changed under: it is
	// served to the requests that waited for it, but not kept, and told
	// to edge caches as good for a second only (a purge may already have
	// passed them by).
	Superseded bool

	// Each encoding (identity, gzip, brotli) with its header values, built
	// once by Compress so that a hit allocates nothing.
	wire     [3]encoded
	modified []string
}

// encoded is one encoding of a page, ready to write.
type encoded struct {
	body                   []byte
	etag, length, encoding []string
}

// The indexes of Page.wire.
const (
	identity = iota
	gzipped
	brotlied
)

// size is what the page costs the cache, roughly.
func (p *Page) size() int64 {
	return int64(len(p.Body)+len(p.wire[gzipped].body)+len(p.wire[brotlied].body)) + 512
}

// Compress fills in ETag and the gzip and brotli forms of Body, with the
// header values Serve writes (set Modified first). Brotli at level 6 and gzip at
// its best level cost a few milliseconds once, and save bytes on every one
// of the following thousands of requests.
func (p *Page) Compress() {
	sum := sha256.Sum256(p.Body)
	tag := hex.EncodeToString(sum[:12])
	p.ETag = `"` + tag + `"`
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(p.Body)
	zw.Close()
	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, 6)
	bw.Write(p.Body)
	bw.Close()

	p.wire[identity] = encoded{body: p.Body, etag: []string{p.ETag}}
	p.wire[gzipped] = encoded{body: gz.Bytes(), etag: []string{`"` + tag + `-gz"`}, encoding: []string{"gzip"}}
	p.wire[brotlied] = encoded{body: br.Bytes(), etag: []string{`"` + tag + `-br"`}, encoding: []string{"br"}}
	for i := range p.wire {
		p.wire[i].length = []string{strconv.Itoa(len(p.wire[i].body))}
	}
	if !p.Modified.IsZero() {
		p.modified = []string{p.Modified.UTC().Format(http.TimeFormat)}
	}
}

type entry struct {
	key  string
	page *Page
	elem *list.Element
}

// call is a render in flight that other requests for the key wait on.
type call struct {
	done chan struct{}
	page *Page
	err  error
}

// Cache is safe for concurrent use.
type Cache struct {
	max int64
	now func() time.Time

	mu      sync.Mutex
	size    int64
	lru     *list.List // front: most recently used
	entries map[string]*entry
	deps    map[string]map[string]struct{} // dependency → keys
	flight  map[string]*call
	gen     uint64 // bumped by every invalidation
}

// New returns a cache of at most maxBytes; maxBytes <= 0 caches nothing.
func New(maxBytes int64, now func() time.Time) *Cache {
	if now == nil {
		now = time.Now
	}
	return &Cache{max: maxBytes, now: now, lru: list.New(), entries: map[string]*entry{},
		deps: map[string]map[string]struct{}{}, flight: map[string]*call{}}
}

// Enabled reports whether the cache keeps anything.
func (c *Cache) Enabled() bool { return c.max > 0 }

// Get returns a fresh cached page. An expired page stays in the cache
// (until it is replaced, invalidated or evicted) as a stale copy to serve
// when no fresh one can be made (Stale).
func (c *Cache) Get(key string) (*Page, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	if !e.page.Expires.IsZero() && !c.now().Before(e.page.Expires) {
		return nil, false
	}
	c.lru.MoveToFront(e.elem)
	return e.page, true
}

// Stale returns the cached page for key however old it is: what readers
// get while the database cannot be reached. An invalidated page is never
// among them: invalidation removes it.
func (c *Cache) Stale(key string) (*Page, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	return e.page, true
}

// Do returns the cached page for key, or renders it with render, once
// however many requests ask at the same time, and caches it if render
// says so (keep). A page that changed while it was being rendered (an
// invalidation happened meanwhile) is served but not kept. shared is true
// when the page was rendered for another request (a cache hit, or a
// render this request waited for).
func (c *Cache) Do(key string, render func() (p *Page, keep bool, err error)) (page *Page, shared bool, err error) {
	if p, ok := c.Get(key); ok {
		return p, true, nil
	}
	c.mu.Lock()
	if cl, ok := c.flight[key]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.page, true, cl.err
	}
	cl := &call{done: make(chan struct{})}
	c.flight[key] = cl
	gen := c.gen
	c.mu.Unlock()

	p, keep, err := render()
	cl.page, cl.err = p, err

	c.mu.Lock()
	delete(c.flight, key)
	if err == nil && keep && c.gen != gen {
		p.Superseded = true
	} else if err == nil && keep && c.max > 0 {
		c.put(key, p)
	}
	c.mu.Unlock()
	close(cl.done)
	return p, false, err
}

// put stores p under key, evicting least recently used pages to fit.
func (c *Cache) put(key string, p *Page) {
	if old, ok := c.entries[key]; ok {
		c.remove(old)
	}
	if p.size() > c.max {
		return
	}
	e := &entry{key: key, page: p}
	e.elem = c.lru.PushFront(e)
	c.entries[key] = e
	c.size += p.size()
	for _, d := range p.Deps {
		keys := c.deps[d]
		if keys == nil {
			keys = map[string]struct{}{}
			c.deps[d] = keys
		}
		keys[key] = struct{}{}
	}
	for c.size > c.max {
		c.remove(c.lru.Back().Value.(*entry))
	}
}

func (c *Cache) remove(e *entry) {
	c.lru.Remove(e.elem)
	delete(c.entries, e.key)
	c.size -= e.page.size()
	for _, d := range e.page.Deps {
		if keys := c.deps[d]; keys != nil {
			delete(keys, e.key)
			if len(keys) == 0 {
				delete(c.deps, d)
			}
		}
	}
}

// Invalidate drops every page that depends on any of deps and returns how
// many it dropped. Renders in flight are not cached afterwards.
func (c *Cache) Invalidate(deps ...string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	n := 0
	for _, d := range deps {
		for key := range c.deps[d] {
			if e, ok := c.entries[key]; ok {
				c.remove(e)
				n++
			}
		}
	}
	return n
}

// Purge drops every page.
func (c *Cache) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.lru.Init()
	c.entries = map[string]*entry{}
	c.deps = map[string]map[string]struct{}{}
	c.size = 0
}

// Stats reports the number of pages and bytes held.
func (c *Cache) Stats() (pages int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.size
}
