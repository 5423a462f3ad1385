package site

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/search"
	"akhbar/internal/store"
)

// searchPerPage is the number of results on one search page.
const searchPerPage = 20

// searchPage is the data of /search.
type searchPage struct {
	*page
	Query     string // as typed, for the search box
	Sections  []content.Section
	SectionID int64
	Searched  bool // a query with words was given
	TooSlow   bool // the search ran out of time: nothing is shown, the reader may retry
	Total     int
	More      bool // more than Total matches: the store stopped counting there
	Results   []searchResult
	Mentions  []searchResult // stories on this page that name the query once in passing, listed apart (inPassing)
	Pager     pager
	Romans    []searchLink // Urdu readings of a Roman Urdu query that found results
	Suggest   *searchLink  // "did you mean": shown as a link, never searched in the reader's place
}

// searchResult is one found article with its query words marked.
type searchResult struct {
	content.Article
	Roman    string // found only through this Urdu reading of the query
	Headline []search.Fragment
	Snippet  []search.Fragment
}

// snippetWords is the length of a result's excerpt.
const snippetWords = 30

// readerSearchTime bounds one reader's search. A query of the commonest
// words over a large archive is the costliest thing a stranger can ask
// for; past this it is stopped and the reader asked to narrow it, so a
// flood of such queries cannot hold the database.
var readerSearchTime = 2 * time.Second // a variable for tests

// search answers /search?q=…&section=…&page=…: the published articles
// matching the query, best first (newest, with headline matches ahead).
// Whatever the query holds, the answer is a page, never an error.
func (s *Site) search(w http.ResponseWriter, r *http.Request) {
	p, err := s.newPage(r, "تلاش")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := r.URL.Query()
	typed := strings.ToValidUTF8(v.Get("q"), "")
	if len(typed) > search.MaxQueryBytes {
		typed = strings.ToValidUTF8(typed[:search.MaxQueryBytes], "")
	}
	data := searchPage{page: p, Query: typed, Sections: p.Sections}
	n, ok := pageNumber(r)
	if !ok {
		n = 1
	}
	q := search.Parse(typed)
	find := store.SearchQuery{Query: q, Status: content.StatusPublished, Page: n, Per: searchPerPage}
	if slug := v.Get("section"); slug != "" {
		for _, sec := range p.Sections {
			if sec.Slug == slug {
				find.SectionID, data.SectionID = sec.ID, sec.ID
			}
		}
	}
	p.NoIndex = true // result pages are not content for search engines
	p.Description = p.Site.SiteName + " کی تمام خبروں میں تلاش کریں: سرخی، متن، ٹیگ یا مقام کے کسی بھی لفظ سے۔"
	p.Canonical = s.absolute("/search")
	if typed != "" {
		p.Title = pageTitle("«"+strings.TrimSpace(typed)+"» کی تلاش", p.Site.SiteName)
	}
	var list []content.Article
	if !q.Empty() {
		data.Searched = true
		runs := searchRuns(typed, q)
		ctx, cancel := context.WithTimeout(r.Context(), readerSearchTime)
		res, err := s.findAll(ctx, find, runs)
		if err == nil && res.total < suggestBelow {
			text, serr := s.didYouMean(ctx, q, find, res.total)
			if serr != nil {
				s.log.Warn("search suggestion", "query", typed, "err", serr)
			} else if text != "" {
				data.Suggest = &searchLink{Text: text, URL: searchURL(text, v)}
			}
		}
		timedOut := ctx.Err() != nil
		cancel()
		if err != nil && timedOut {
			s.log.Warn("search stopped", "query", typed, "err", err)
			data.TooSlow = true
			body, err := s.render.Render("search", data)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			w.Header().Set("Retry-After", "5")
			w.Header().Set("X-Robots-Tag", "noindex")
			writeHTML(w, http.StatusServiceUnavailable, body, "no-store")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		// Words are marked, and the excerpt chosen, by whole words where
		// the story has them: the prefix matched only when no story holds
		// a word whole, so «کار» marks کار, not the کاروبار of the same
		// story.
		matchers := make([]search.Matcher, len(runs))
		wholes := make([]search.Matcher, len(runs))
		for i, run := range runs {
			matchers[i], wholes[i] = run.query.Matcher(), run.query.Whole().Matcher()
		}
		passing := inPassing(res.list, wholes)
		for i, a := range res.list {
			m := wholes[a.run]
			headline, snippet := m.Highlight(a.Headline), m.Snippet(a.BodyText, snippetWords)
			if !anyMatch(headline) && !anyMatch(snippet) {
				m = matchers[a.run]
				headline, snippet = m.Highlight(a.Headline), m.Snippet(a.BodyText, snippetWords)
			}
			list = append(list, a.Article)
			item := searchResult{Article: a.Article, Roman: runs[a.run].roman, Headline: headline, Snippet: snippet}
			if passing[i] {
				data.Mentions = append(data.Mentions, item)
			} else {
				data.Results = append(data.Results, item)
			}
		}
		for _, i := range res.used {
			data.Romans = append(data.Romans, searchLink{Text: runs[i].roman, URL: searchURL(runs[i].typed, v)})
		}
		data.Total, data.More = res.total, res.more
		pages := res.pages
		pageURL := func(k int) string {
			u := url.Values{"q": {typed}}
			if find.SectionID != 0 {
				u.Set("section", v.Get("section"))
			}
			if k > 1 {
				u.Set("page", strconv.Itoa(k))
			}
			return "/search?" + u.Encode()
		}
		data.Pager = pager{Page: min(n, pages), Pages: pages, PrevURL: pageURL(n - 1), NextURL: pageURL(n + 1)}
	}
	body, err := s.render.Render("search", data)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// A result page can change only when an article does: every change
	// to any article names DepSearch, so a kept page is never stale, and
	// a common query costs one search per change instead of one per
	// reader.
	s.keep(r, DepSearch)
	dependOnArticles(r, list)
	w.Header().Set("X-Robots-Tag", "noindex")
	writeHTML(w, http.StatusOK, body, "public, max-age=60")
}

// inPassing tells which of a page's results name the query only in
// passing: at most once in the body, never in the headline, strapline or
// dateline. When the page also holds stories about it (the words in the
// headline, strapline or dateline, where the story was filed, or at
// least twice in the body), those are the answer and the passing
// mentions are listed apart below them: «امریکہ» finds the stories about
// America first, not a remittances report that names it once among other
// countries. A page of only passing mentions, or of type-ahead matches
// (no whole word in any story), is left as it is. Words are counted as
// the whole-word matcher of each result's run sees them.
func inPassing(found []foundArticle, wholes []search.Matcher) []bool {
	passing := make([]bool, len(found))
	strong := false
	for i, a := range found {
		m := wholes[a.run]
		if m.Mentions(a.Headline, 1) > 0 || m.Mentions(a.Strapline, 1) > 0 || m.Mentions(a.DatelinePlace, 1) > 0 ||
			m.Mentions(a.BodyText, 2) >= 2 {
			strong = true
		} else {
			passing[i] = true
		}
	}
	if !strong {
		clear(passing)
	}
	return passing
}

// anyMatch reports whether a query word is marked among fs.
func anyMatch(fs []search.Fragment) bool {
	for _, f := range fs {
		if f.Match {
			return true
		}
	}
	return false
}

// marked renders fragments as HTML, query words in <mark>; all text is
// escaped.
func marked(fs []search.Fragment) template.HTML {
	var b strings.Builder
	for _, f := range fs {
		if f.Match {
			b.WriteString("<mark>" + template.HTMLEscapeString(f.Text) + "</mark>")
		} else {
			b.WriteString(template.HTMLEscapeString(f.Text))
		}
	}
	return template.HTML(b.String())
}
