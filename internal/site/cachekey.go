package site

import (
	"net/url"
	"slices"
	"strconv"
)

// CanonicalQuery gives the page cache the key part of a public page's
// query string, or false when the request is not to be cached:
//
//   - ?page=N (a positive number, written plainly) is part of every
//     listing's key;
//   - /search also keys on q and section, as typed: a search page shows
//     the query in its box, so two spellings are two pages;
//   - an old WordPress permalink on the home page (/?p=12) is passed to
//     its handler uncached, which redirects it;
//   - every other parameter is left out: no public page reads one, and
//     links shared on social media carry utm_*, fbclid, gclid and the
//     like, which must not turn a cache hit into a render (nor let anyone
//     skip the cache by adding ?x=1);
//   - a parameter of the key given twice is passed on uncached.
func CanonicalQuery(path string, query url.Values) (string, bool) {
	keep := url.Values{}
	for k, vs := range query {
		switch {
		case k == "page":
			n, err := strconv.Atoi(vs[0])
			if len(vs) != 1 || err != nil || n < 1 || n > maxPage || strconv.Itoa(n) != vs[0] {
				return "", false
			}
		case path == "/search" && (k == "q" || k == "section"):
			if len(vs) != 1 {
				return "", false
			}
		case path == "/" && slices.Contains(oldQueryKeys, k):
			return "", false
		default:
			continue
		}
		keep[k] = vs
	}
	return keep.Encode(), true
}

// maxPage is the highest ?page=N any listing answers (pageNumber).
const maxPage = 100000
