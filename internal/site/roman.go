package site

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strings"

	"akhbar/internal/content"
	"akhbar/internal/search"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// Roman Urdu (issue 21, point 3). Most readers type Urdu in Latin letters
// on their phones; the articles are in Urdu script. A Latin query is read
// as Roman Urdu (urdu.ReadRoman) into at most maxRomanReadings Urdu
// queries, which are searched beside the query as typed (so "BBC" and
// "T20" still find the Latin text), and the results are merged. A result
// found only through a reading says so on the page («آپ کی تلاش: کوریا»).

// maxRomanReadings bounds the extra searches one query may cost.
const maxRomanReadings = 2

// maxMergedPages bounds how deep merged results go: merging page n needs
// the first n pages of every search, so a query answered by several
// searches shows at most this many pages.
const maxMergedPages = 5

// searchRun is one search behind a reader's query: the query as typed, or
// an Urdu reading of its Roman Urdu words.
type searchRun struct {
	query search.Query
	roman string // the reading as shown to the reader; "" for the query as typed
	typed string // the reading as a query a reader could type (phrases quoted)
}

// searchRuns returns the searches for what the reader typed: q itself,
// then its Urdu readings that differ from it.
func searchRuns(typed string, q search.Query) []searchRun {
	runs := []searchRun{{query: q}}
	seen := map[string]bool{q.String(): true}
	for _, reading := range urdu.ReadRoman(typed, maxRomanReadings) {
		text := romanQueryText(reading)
		rq := search.Parse(text)
		if rq.Empty() || seen[rq.String()] {
			continue
		}
		seen[rq.String()] = true
		runs = append(runs, searchRun{query: rq, typed: text,
			roman: strings.Join(strings.Fields(strings.NewReplacer(`"`, "").Replace(text)), " ")})
	}
	return runs
}

// romanQueryText writes a reading as a query: an Urdu phrase that stood
// for one Latin word or name (islamabad → اسلام آباد) is quoted, unless
// the reader's own quotes already hold it.
func romanQueryText(reading []urdu.RomanSpan) string {
	var b strings.Builder
	quoted := false
	for _, sp := range reading {
		if sp.Urdu {
			if !quoted && strings.Contains(sp.Text, " ") {
				b.WriteString(`"` + sp.Text + `"`)
			} else {
				b.WriteString(sp.Text)
			}
			continue
		}
		for _, r := range sp.Text {
			if strings.ContainsRune(`"«»“”„`, r) {
				quoted = !quoted
			}
		}
		b.WriteString(sp.Text)
	}
	return b.String()
}

// foundArticle is a result and the search that found it first.
type foundArticle struct {
	content.Article
	run int // index into the runs; 0 is the query as typed
}

// found is one page of a reader's search, over all its runs.
type found struct {
	list  []foundArticle
	total int  // matches, up to the count limit (+1 when more)
	more  bool // the count stopped at the limit
	pages int
	used  []int // runs other than the first that found anything
}

// findAll runs every search of a query for page find.Page. When only one
// of them finds anything, its page is the answer, exactly as a single
// search gives it. When several do, their first pages up to find.Page are
// merged in the store's order (newest first, headline matches a week
// ahead), each article once.
func (s *Site) findAll(ctx context.Context, find store.SearchQuery, runs []searchRun) (found, error) {
	per, n := find.Per, find.Page
	limit := find.CountLimit()
	// A merged page n needs every search's first n pages; a single
	// search's page n is the last of them. Up to maxMergedPages, each
	// search is asked once for all of them (the store walks that deep for
	// page n anyway); beyond, only a single search can answer.
	deep := len(runs) > 1 && n > 1 && n <= maxMergedPages
	lists := make([][]content.Article, len(runs))
	totals := make([]int, len(runs))
	var hits []int
	for i, run := range runs {
		sq := find
		sq.Query = run.query
		if deep {
			sq.Page, sq.Per = 1, n*per
		}
		list, total, err := s.store.Search(ctx, sq)
		if err != nil {
			return found{}, err
		}
		lists[i], totals[i] = list, total
		if total > 0 {
			hits = append(hits, i)
		}
	}
	var f found
	for _, i := range hits {
		if i > 0 {
			f.used = append(f.used, i)
		}
	}
	if len(hits) <= 1 {
		k := 0
		if len(hits) == 1 {
			k = hits[0]
		}
		list := lists[k]
		if deep {
			list = list[min(len(list), (n-1)*per):]
		}
		for _, a := range list {
			f.list = append(f.list, foundArticle{Article: a, run: k})
		}
		f.total = totals[k]
		if f.total > limit {
			f.total, f.more = limit, true
		}
		f.pages = max(1, (f.total+per-1)/per)
		return f, nil
	}

	// Several searches found something: merge their first pages.
	depth := min(n, maxMergedPages) * per
	type ranked struct {
		foundArticle
		score int64
	}
	best := map[int64]ranked{}
	rest := 0 // matches beyond the merged depth, which may repeat merged ones
	for _, i := range hits {
		list := lists[i]
		if n > maxMergedPages { // past the merged pages: counted, not shown
			sq := find
			sq.Query, sq.Page, sq.Per = runs[i].query, 1, depth
			var err error
			if list, totals[i], err = s.store.Search(ctx, sq); err != nil {
				return found{}, err
			}
		}
		if totals[i] > limit {
			f.more = true
		}
		rest += max(0, min(totals[i], limit)-len(list))
		for _, a := range list {
			score := a.PublishedAt.Unix()
			if headlineHolds(runs[i].query, a.Headline) {
				score += store.HeadlineBonus
			}
			if b, ok := best[a.ID]; !ok || score > b.score {
				run := i
				if ok {
					run = min(run, b.run)
				}
				best[a.ID] = ranked{foundArticle{a, run}, score}
			}
		}
	}
	all := make([]ranked, 0, len(best))
	for _, r := range best {
		all = append(all, r)
	}
	slices.SortFunc(all, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.ID, a.ID))
	})
	f.total = min(len(all)+rest, limit)
	if len(all)+rest > limit {
		f.more = true
	}
	f.pages = min(max(1, (f.total+per-1)/per), maxMergedPages)
	if from := (n - 1) * per; n <= maxMergedPages && from < len(all) {
		for _, r := range all[from:min(from+per, len(all))] {
			f.list = append(f.list, r.foundArticle)
		}
	}
	return f, nil
}

// headlineHolds reports whether every word of q is in the headline, as the
// store's headline bonus asks.
func headlineHolds(q search.Query, headline string) bool {
	words := urdu.Tokens(headline)
	for _, t := range q.Terms {
		m := search.Query{Terms: []search.Term{t}}.Matcher()
		if !slices.ContainsFunc(words, m.Match) {
			return false
		}
	}
	return true
}

// searchLink is a query the page offers, with the address that searches it.
type searchLink struct {
	Text, URL string
}

// searchURL is the address of a search for q, in the section of v if any.
func searchURL(q string, v url.Values) string {
	u := url.Values{"q": {q}}
	if sec := v.Get("section"); sec != "" {
		u.Set("section", sec)
	}
	return "/search?" + u.Encode()
}
