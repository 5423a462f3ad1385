package pagecache

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestCanonicalQueryKey: with Options.Query, queries in any order are one
// cached page and a refused query is never kept; a request carrying
// Authorization is neither answered from the cache nor kept.
func TestCanonicalQueryKey(t *testing.T) {
	s := &site{}
	c := New(1<<20, nil)
	sorted := func(path string, q url.Values) (string, bool) {
		if q.Has("bad") {
			return "", false
		}
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range q {
				if !yield(k) {
					return
				}
			}
		})
		var parts []string
		for _, k := range keys {
			parts = append(parts, k+"="+url.QueryEscape(q.Get(k)))
		}
		return strings.Join(parts, "&"), true
	}
	h := HandlerWith(c, s, Options{Query: sorted})
	fetch(t, h, "/api/list?b=2&a=1")
	fetch(t, h, "/api/list?a=1&b=2")
	if n := s.renders.Load(); n != 1 {
		t.Errorf("one query in two orders rendered %d times", n)
	}
	fetch(t, h, "/api/list?a=1&b=3")
	if n := s.renders.Load(); n != 2 {
		t.Errorf("another query was not rendered: %d", n)
	}
	fetch(t, h, "/api/list?bad=1")
	fetch(t, h, "/api/list?bad=1")
	if n := s.renders.Load(); n != 4 {
		t.Errorf("a refused query was kept: %d renders", n)
	}
	fetch(t, h, "/api/list?a=%zz")
	if n := s.renders.Load(); n != 5 {
		t.Errorf("a malformed query was answered from the cache")
	}

	fetch(t, h, "/home")
	before := s.renders.Load()
	rec := fetch(t, h, "/home", "Authorization", "Bearer x")
	if s.renders.Load() != before+1 || rec.Header().Get("ETag") != "" {
		t.Errorf("a request with Authorization was served from the cache")
	}
	fetch(t, h, "/private", "Authorization", "Bearer x")
	fetch(t, h, "/private")
	if s.renders.Load() != before+3 {
		t.Errorf("a page rendered for a request with Authorization was kept")
	}
	// Without Options.Query, only ?page=N is kept, as before.
	plain := HandlerWith(c, s, Options{})
	before = s.renders.Load()
	fetch(t, plain, "/x?b=1")
	fetch(t, plain, "/x?b=1")
	if s.renders.Load() != before+2 {
		t.Errorf("an arbitrary query was kept without Options.Query")
	}
}
