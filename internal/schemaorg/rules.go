package schemaorg

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// schema.org itself requires no property anywhere. What a page must carry to
// be understood (and shown as a rich result) comes from Google Search
// Central's structured-data documentation; Akhbar's pages are held to it,
// and in places to more, so that tests fail before a search console does.

// requirement names the properties a node of Type, or of any of its
// subtypes, must carry. Each inner list holds alternatives: one suffices.
type requirement struct {
	Type   string
	Props  [][]string
	Source string // the page the requirement comes from
}

var requirements = []requirement{
	// Google lists headline, image, datePublished, dateModified and author as
	// "recommended" for Article, NewsArticle and BlogPosting, and describes
	// publisher and mainEntityOfPage; a news site that leaves any of them out
	// shows worse in Top stories and Discover, so Akhbar treats all as required.
	{Type: "Article", Props: each("headline", "image", "datePublished", "dateModified", "author", "publisher", "mainEntityOfPage"),
		Source: "https://developers.google.com/search/docs/appearance/structured-data/article"},
	// Google: a BreadcrumbList needs itemListElement, at least one ListItem
	// (the ListItem rules are in checkBreadcrumbs).
	{Type: "BreadcrumbList", Props: each("itemListElement"),
		Source: "https://developers.google.com/search/docs/appearance/structured-data/breadcrumb"},
	// Google's site names: WebSite requires name and url (the home page's).
	{Type: "WebSite", Props: each("name", "url"),
		Source: "https://developers.google.com/search/docs/appearance/site-names"},
	// An ImageObject is nothing without the image's address: Google's image
	// metadata needs contentUrl, its logo and article images read url.
	{Type: "ImageObject", Props: [][]string{{"url", "contentUrl"}},
		Source: "https://developers.google.com/search/docs/appearance/structured-data/image-license-metadata"},
	// Google's author markup best practices: a Person author carries name
	// (only the name, no job title or honorific).
	{Type: "Person", Props: each("name"),
		Source: "https://developers.google.com/search/docs/appearance/structured-data/article#author-bp"},
	// Google's Organization markup: name is the first thing it reads.
	{Type: "Organization", Props: each("name"),
		Source: "https://developers.google.com/search/docs/appearance/structured-data/organization"},
	// Google's profile pages: the person or organization the page is about.
	{Type: "ProfilePage", Props: each("mainEntity"),
		Source: "https://developers.google.com/search/docs/appearance/structured-data/profile-page"},
}

// checks are requirements too involved for the table; each applies to
// nodes of Type and its subtypes.
var checks = []struct {
	Type  string
	check func(c *checker, n *value, path string)
}{
	{"Article", (*checker).checkArticle},
	{"BreadcrumbList", (*checker).checkBreadcrumbs},
	{"WebSite", (*checker).checkWebSite},
}

// maxHeadline is Google's limit on Article headlines, in characters: the
// limit of its AMP article requirements, which it still truncates at.
// Source: https://developers.google.com/search/docs/appearance/structured-data/article
const maxHeadline = 110

func each(props ...string) [][]string {
	out := make([][]string, len(props))
	for i, p := range props {
		out[i] = []string{p}
	}
	return out
}

// requirements applies the table and the checks to a node with types.
func (c *checker) requirements(n *value, path string, types []string) {
	for _, r := range requirements {
		if !c.v.anyIsA(types, []string{r.Type}) {
			continue
		}
		for _, alts := range r.Props {
			if !slices.ContainsFunc(alts, func(p string) bool { return present(n.get(p)) }) {
				c.report(path, "missing %s, required for %s", strings.Join(alts, " or "), r.Type)
			}
		}
	}
	for _, k := range checks {
		if c.v.anyIsA(types, []string{k.Type}) {
			k.check(c, n, path)
		}
	}
}

// present reports whether a property has a usable value: not absent, null,
// blank text or an empty list.
func present(v *value) bool {
	if v == nil {
		return false
	}
	switch v.kind {
	case kNull:
		return false
	case kString:
		return strings.TrimSpace(v.s) != ""
	case kArray:
		return slices.ContainsFunc(v.arr, present)
	}
	return true
}

// at returns the path of the i-th value of a property holding v.
func at(path string, v *value, i int) string {
	if v.kind == kArray {
		return path + "[" + strconv.Itoa(i) + "]"
	}
	return path
}

// checkArticle holds Article to Google's finer points: a short headline, a
// publisher Google can show (an Organization with a logo), authors that are
// people or organisations, and a modification date not before publication.
func (c *checker) checkArticle(n *value, path string) {
	for i, h := range n.get("headline").items() {
		if h.kind == kString {
			if l := utf8.RuneCountInString(h.s); l > maxHeadline {
				c.report(at(path+".headline", n.get("headline"), i), "headline is %d characters long; Google's limit is %d", l, maxHeadline)
			}
		}
	}

	pubs := n.get("publisher")
	for i, pv := range pubs.items() {
		p := at(path+".publisher", pubs, i)
		org := c.resolve(pv)
		if org == nil {
			if misfit(pv) {
				continue // the range check has said so
			}
			c.report(p, "the publisher must be an Organization with name and logo described in this document")
			continue
		}
		if ts := typeNames(org); len(ts) > 0 && !c.v.anyIsA(ts, []string{"Organization"}) {
			c.report(p, "the publisher must be an Organization, not %s", strings.Join(ts, ", "))
		}
		logos := org.get("logo")
		if !present(logos) {
			c.report(p, "missing logo: the publisher needs one, an ImageObject with url")
			continue
		}
		for j, lv := range logos.items() {
			lp := at(p+".logo", logos, j)
			img := c.resolve(lv)
			if img == nil || !c.v.anyIsA(typeNames(img), []string{"ImageObject"}) {
				c.report(lp, "the publisher's logo must be an ImageObject with url")
				continue
			}
			if !present(img.get("url")) {
				c.report(lp, "missing url: the publisher's logo needs one")
			}
		}
	}

	authors := n.get("author")
	for i, av := range authors.items() {
		if c.resolve(av) == nil && !misfit(av) {
			c.report(at(path+".author", authors, i), "each author must be a Person or Organization with a name described in this document")
		}
	}

	pub, okP := parseDateOrDateTime(first(n.get("datePublished")))
	mod, okM := parseDateOrDateTime(first(n.get("dateModified")))
	if okP && okM && mod.Before(pub) {
		c.report(path+".dateModified", "dateModified is before datePublished")
	}
}

// misfit reports whether the range check has already refused a value that
// should be a node: a null, a number or boolean, or text that is not a URL.
// A URL or an @id reference passes that check but still names no node here.
func misfit(v *value) bool {
	switch v.kind {
	case kObject:
		return false
	case kString:
		return !isAbsoluteURL(v.s)
	}
	return true
}

func first(v *value) *value {
	if items := v.items(); len(items) > 0 {
		return items[0]
	}
	return nil
}

// checkBreadcrumbs applies Google's breadcrumb rules: every element is a
// ListItem with a position and a name; positions run 1, 2, 3, ...; every
// crumb links to its page (item, a URL) except the last, the page itself.
// Source: https://developers.google.com/search/docs/appearance/structured-data/breadcrumb
func (c *checker) checkBreadcrumbs(n *value, path string) {
	elems := n.get("itemListElement")
	if !present(elems) {
		return // reported as missing
	}
	type crumb struct {
		pos     int
		path    string
		hasItem bool
	}
	var crumbs []crumb
	positionsOK := true
	for i, e := range elems.items() {
		p := at(path+".itemListElement", elems, i)
		li := c.resolve(e)
		if li == nil || !c.v.anyIsA(typeNames(li), []string{"ListItem"}) {
			c.report(p, "each breadcrumb must be a ListItem")
			positionsOK = false
			continue
		}
		pos, ok := wholeNumber(li.get("position"))
		switch {
		case li.get("position") == nil:
			c.report(p, "missing position, required for a breadcrumb")
			positionsOK = false
		case !ok:
			c.report(p+".position", "a breadcrumb's position must be a whole number")
			positionsOK = false
		}
		item := li.get("item")
		itemNode := c.resolve(item)
		if !present(li.get("name")) && (itemNode == nil || !present(itemNode.get("name"))) {
			c.report(p, "missing name, required for a breadcrumb")
		}
		if present(item) && item.kind == kObject && !hasURL(item) && (itemNode == nil || !hasURL(itemNode)) {
			c.report(p+".item", "a breadcrumb's item must be its page's URL, or a node whose @id is that URL")
		}
		crumbs = append(crumbs, crumb{pos: pos, path: p, hasItem: present(item)})
	}
	if len(crumbs) == 0 {
		return
	}
	last := 0
	for i, cr := range crumbs {
		if cr.pos > crumbs[last].pos {
			last = i
		}
	}
	for i, cr := range crumbs {
		if !cr.hasItem && i != last {
			c.report(cr.path, "missing item (the page's URL): only the last breadcrumb may leave it out")
		}
	}
	if positionsOK {
		got := make([]int, len(crumbs))
		for i, cr := range crumbs {
			got[i] = cr.pos
		}
		slices.Sort(got)
		for i, p := range got {
			if p != i+1 {
				c.report(path+".itemListElement", "breadcrumb positions must be consecutive whole numbers from 1, got %s", joinInts(got))
				break
			}
		}
	}
}

// hasURL reports whether a node names a page: an absolute @id or url.
func hasURL(n *value) bool {
	for _, k := range []string{"@id", "url"} {
		if v := n.get(k); v != nil && v.kind == kString && isAbsoluteURL(v.s) {
			return true
		}
	}
	return false
}

func wholeNumber(v *value) (int, bool) {
	if v == nil || (v.kind != kNumber && v.kind != kString) || !isInteger(v.s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v.s), 64)
	if err != nil || f < -1e9 || f > 1e9 {
		return 0, false
	}
	return int(f), true
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// searchTermName is the placeholder Google's documentation uses; any name
// works as long as query-input and the URL template agree.
const searchTermName = "search_term_string"

// checkWebSite checks a WebSite's SearchAction the way Google's sitelinks
// search box read it: a target URL template with a {placeholder}, and a
// query-input "required name=placeholder" naming the same placeholder.
// Google retired the search box itself in November 2024, but the markup is
// still how a site tells machines where its search is.
// Source: https://developers.google.com/search/docs/appearance/structured-data/sitelinks-searchbox
func (c *checker) checkWebSite(n *value, path string) {
	actions := n.get("potentialAction")
	for i, av := range actions.items() {
		act := c.resolve(av)
		if act == nil || !c.v.anyIsA(typeNames(act), []string{"SearchAction"}) {
			continue
		}
		c.checkSearchAction(act, at(path+".potentialAction", actions, i))
	}
}

func (c *checker) checkSearchAction(act *value, path string) {
	name := ""
	qi := act.get("query-input")
	switch {
	case !present(qi):
		c.report(path, "missing query-input: use \"required name=%s\"", searchTermName)
	default:
		for i, q := range qi.items() {
			p := at(path+".query-input", qi, i)
			if n, ok := c.queryInput(q); ok {
				name = n
			} else {
				c.report(p, "query-input must be \"required name=%s\" or a PropertyValueSpecification with valueRequired and valueName", searchTermName)
			}
		}
	}
	want := name
	if want == "" {
		want = searchTermName
	}

	targets := act.get("target")
	if !present(targets) {
		c.report(path, "missing target: an EntryPoint whose urlTemplate contains {%s}", want)
		return
	}
	for i, tv := range targets.items() {
		p := at(path+".target", targets, i)
		var tmpl string
		switch {
		case tv.kind == kString:
			tmpl = tv.s
		case c.resolve(tv) != nil && c.v.anyIsA(typeNames(c.resolve(tv)), []string{"EntryPoint"}):
			u := first(c.resolve(tv).get("urlTemplate"))
			if u == nil || u.kind != kString {
				c.report(p, "missing urlTemplate: the EntryPoint needs one containing {%s}", want)
				continue
			}
			tmpl, p = u.s, p+".urlTemplate"
		default:
			c.report(p, "target must be an EntryPoint with urlTemplate, or a URL template")
			continue
		}
		if !strings.Contains(tmpl, "{"+want+"}") {
			c.report(p, "the URL template %q has no {%s} placeholder", tmpl, want)
			continue
		}
		if !isAbsoluteURL(strings.ReplaceAll(tmpl, "{"+want+"}", "q")) {
			c.report(p, "the URL template %q is not an absolute http(s) URL", tmpl)
		}
	}
}

// queryInput reads a query-input annotation and returns the placeholder it
// names; it must mark the input required.
func (c *checker) queryInput(q *value) (string, bool) {
	switch q.kind {
	case kString:
		// schema.org's short form: space-separated "required", "name=x", ...
		required, name := false, ""
		for _, f := range strings.Fields(q.s) {
			if f == "required" {
				required = true
			} else if v, ok := strings.CutPrefix(f, "name="); ok {
				name = v
			}
		}
		return name, required && name != ""
	case kObject:
		spec := c.resolve(q)
		if spec == nil || !c.v.anyIsA(typeNames(spec), []string{"PropertyValueSpecification"}) {
			return "", false
		}
		req := spec.get("valueRequired")
		name := first(spec.get("valueName"))
		required := req != nil && (req.kind == kBool && req.b || req.kind == kString && (req.s == "true" || req.s == "True"))
		if !required || name == nil || name.kind != kString || name.s == "" {
			return "", false
		}
		return name.s, true
	}
	return "", false
}
