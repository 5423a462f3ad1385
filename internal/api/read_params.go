package api

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"akhbar/internal/search"
)

// Query parameters of the read routes. Every route accepts exactly the
// parameters listed for its path, each at most once; anything else is a
// 400 problem naming the parameter. The page cache keys answers by the
// canonical form of the query (CanonicalQuery), so a client's parameter
// order does not matter and a malformed query is never kept.

// Limits of the lists.
const (
	DefaultLimit = 20  // items in a page of articles or search results when limit is not given
	MaxLimit     = 100 // the most a client may ask for
	// DefaultIndexLimit is the page size of /tags and /authors.
	DefaultIndexLimit = 100
)

// paramsOf lists the parameters each path with parameters accepts.
var paramsOf = map[string][]string{
	Prefix + "articles": {"section", "tag", "author", "updated_since", "limit", "cursor"},
	Prefix + "tags":     {"limit", "cursor"},
	Prefix + "authors":  {"limit", "cursor"},
	Prefix + "search":   {"q", "section", "limit", "cursor"},
}

// params are a read request's parsed query.
type params struct {
	section, tag, author string
	updatedSince         time.Time // zero: not given
	limit                int
	cursor               cursor // kind 0: none
	q                    string
}

// paramError is a refused parameter: its name and, in Urdu, what is wrong.
type paramError struct {
	name, detail string
}

// parseParams reads and checks the query of a request to path.
func parseParams(path string, v url.Values) (params, *paramError) {
	p := params{limit: DefaultLimit}
	if path == Prefix+"tags" || path == Prefix+"authors" {
		p.limit = DefaultIndexLimit
	}
	allowed := paramsOf[path]
	names := make([]string, 0, len(v))
	for name := range v {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(allowed, name) {
			return p, &paramError{name, "نامعلوم پیرامیٹر «" + shown(name) + "»؛ اس راستے کے پیرامیٹر: " + orNone(allowed)}
		}
		if len(v[name]) != 1 {
			return p, &paramError{name, "پیرامیٹر «" + name + "» ایک ہی بار دیں۔"}
		}
	}
	get := func(name string) string { return v.Get(name) }
	for _, name := range []string{"section", "tag", "author"} {
		val := get(name)
		if _, given := v[name]; given && (val == "" || len(val) > 200 || !utf8.ValidString(val)) {
			return p, &paramError{name, "«" + name + "» میں کسی " + filterOblique[name] + " کا سلگ دیں۔"}
		}
	}
	p.section, p.tag, p.author = get("section"), get("tag"), get("author")
	if _, given := v["updated_since"]; given {
		t, err := time.Parse(time.RFC3339, get("updated_since"))
		if err != nil {
			return p, &paramError{"updated_since", "«updated_since» میں وقت RFC 3339 میں دیں، مثلاً 2026-01-31T09:00:00Z (پلس کا نشان %2B لکھیں)۔"}
		}
		p.updatedSince = t.UTC()
		if p.updatedSince.IsZero() {
			p.updatedSince = time.Unix(0, 0).UTC()
		}
	}
	if _, given := v["limit"]; given {
		n, err := strconv.Atoi(get("limit"))
		if err != nil || n < 1 || n > MaxLimit || strconv.Itoa(n) != get("limit") {
			return p, &paramError{"limit", "«limit» 1 سے " + strconv.Itoa(MaxLimit) + " تک کا کوئی عدد ہونا چاہیے۔"}
		}
		p.limit = n
	}
	if _, given := v["q"]; given {
		p.q = get("q")
		if !utf8.ValidString(p.q) || len(p.q) > search.MaxQueryBytes {
			return p, &paramError{"q", "«q» میں تلاش کے الفاظ دیں، زیادہ سے زیادہ " + strconv.Itoa(search.MaxQueryBytes) + " بائٹ۔"}
		}
	}
	if _, given := v["cursor"]; given {
		c, ok := parseCursor(get("cursor"))
		if !ok || !cursorFits(path, c, p) {
			return p, &paramError{"cursor", "«cursor» درست نہیں: پچھلے جواب کا next_cursor جوں کا توں اور انہی پیرامیٹروں کے ساتھ بھیجیں۔"}
		}
		p.cursor = c
	}
	return p, nil
}

// What each filter names, in Urdu: as a subject, and in the oblique case.
var (
	filterNoun    = map[string]string{"section": "حصہ", "tag": "ٹیگ", "author": "مصنف"}
	filterOblique = map[string]string{"section": "حصے", "tag": "ٹیگ", "author": "مصنف"}
)

// shown is a parameter name fit to quote back: valid UTF-8, not too long.
func shown(s string) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) > 40 {
		s = strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "کوئی نہیں"
	}
	return strings.Join(list, "، ")
}

// CanonicalQuery is the canonical form of a read request's query for the
// page cache's key (pagecache.Options.Query): the parameters sorted, each
// value in one spelling, or false when the query would be refused, or
// the path is none of the API's.
func CanonicalQuery(path string, v url.Values) (string, bool) {
	if !strings.HasPrefix(path, Prefix) {
		return "", false
	}
	p, bad := parseParams(path, v)
	if bad != nil {
		return "", false
	}
	var parts []string
	add := func(name, val string) { parts = append(parts, name+"="+url.QueryEscape(val)) }
	if p.author != "" {
		add("author", p.author)
	}
	if p.cursor.kind != 0 {
		add("cursor", p.cursor.String())
	}
	if _, given := v["limit"]; given {
		add("limit", strconv.Itoa(p.limit))
	}
	if _, given := v["q"]; given {
		add("q", p.q)
	}
	if p.section != "" {
		add("section", p.section)
	}
	if p.tag != "" {
		add("tag", p.tag)
	}
	if !p.updatedSince.IsZero() {
		add("updated_since", p.updatedSince.Format(time.RFC3339Nano))
	}
	return strings.Join(parts, "&"), true
}

// cursor is where the next page starts, opaque to clients: base64url of
// "kind:fields". Kinds: 'p' newest first (publication time, id), 'u' the
// sync order (change time, id), 'i' an index by id, 's' a search page.
type cursor struct {
	kind byte
	unix int64 // p, u: the last item's sort time
	id   int64 // p, u, i: the last item's id
	page int   // s: the page to read
}

func (c cursor) String() string {
	var s string
	switch c.kind {
	case 'p', 'u':
		s = string(c.kind) + ":" + strconv.FormatInt(c.unix, 10) + ":" + strconv.FormatInt(c.id, 10)
	case 'i':
		s = "i:" + strconv.FormatInt(c.id, 10)
	case 's':
		s = "s:" + strconv.Itoa(c.page)
	default:
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

// parseCursor reads a cursor; only the exact spelling String gives is
// accepted, so one position has one cache key.
func parseCursor(s string) (cursor, bool) {
	if s == "" || len(s) > 100 {
		return cursor{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, false
	}
	fields := strings.Split(string(b), ":")
	num := func(f string) (int64, bool) {
		n, err := strconv.ParseInt(f, 10, 64)
		return n, err == nil && n >= 0 && strconv.FormatInt(n, 10) == f
	}
	var c cursor
	ok := false
	switch {
	case len(fields) == 3 && (fields[0] == "p" || fields[0] == "u"):
		c.kind = fields[0][0]
		var ok1, ok2 bool
		c.unix, ok1 = num(fields[1])
		c.id, ok2 = num(fields[2])
		ok = ok1 && ok2 && c.id > 0
	case len(fields) == 2 && fields[0] == "i":
		c.kind = 'i'
		c.id, ok = num(fields[1])
		ok = ok && c.id > 0
	case len(fields) == 2 && fields[0] == "s":
		c.kind = 's'
		var n int64
		n, ok = num(fields[1])
		ok = ok && n >= 2 && n <= 100000
		c.page = int(n)
	}
	if !ok || c.String() != s {
		return cursor{}, false
	}
	return c, true
}

// cursorFits reports whether a cursor belongs to this path and order: a
// newest-first cursor sent with updated_since, say, would start the page
// at a position of another order.
func cursorFits(path string, c cursor, p params) bool {
	switch path {
	case Prefix + "articles":
		if p.updatedSince.IsZero() {
			return c.kind == 'p'
		}
		return c.kind == 'u' && c.unix >= p.updatedSince.Unix()
	case Prefix + "tags", Prefix + "authors":
		return c.kind == 'i'
	case Prefix + "search":
		return c.kind == 's'
	}
	return false
}
