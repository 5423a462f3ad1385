package main

import (
	"cmp"
	"fmt"
	"slices"
	"unicode/utf8"

	"akhbar/bench/corpus"
	"akhbar/internal/search"
	"akhbar/internal/urdu"
)

// searchQuery is one search the harness measures.
type searchQuery struct {
	kind  string
	text  string  // as a reader types it into the search box
	share float64 // of the sampled articles holding every word
}

// The kinds of search the harness measures (issue 15's three).
const (
	searchWord   = "search, one word"
	searchWords  = "search, two words"
	searchPhrase = "search, phrase"
)

// searchQueries picks, from a sample of the first n corpus articles, the
// searches that cost most when a search counts or sorts every match: the
// word found in the most articles, the next two most common words
// together, and the two-word phrase found in the most articles. Words
// have three letters or more and are not stop words (which a search
// drops when other words remain). They are typed as a reader would,
// without a final space, so the last word of the first two also matches
// as a prefix, as in the search box; the phrase is quoted.
func searchQueries(n int) []searchQuery {
	g := corpus.Generator{Seed: 1}
	sample := min(n, 2000)
	df, pairs := map[string]int{}, map[string]int{}
	for i := range sample {
		a := g.Article(i * n / sample)
		doc := search.Document{Headline: a.Headline, Strapline: a.Strapline, Body: a.BodyText}
		seen := map[string]bool{}
		for _, f := range doc.Words()[:3] {
			words := urdu.Tokens(f)
			for j, w := range words {
				if !queryWord(w) {
					continue
				}
				if !seen[w] {
					seen[w] = true
					df[w]++
				}
				if j+1 < len(words) && queryWord(words[j+1]) {
					if p := `"` + w + " " + words[j+1] + `"`; !seen[p] {
						seen[p] = true
						pairs[p]++
					}
				}
			}
		}
	}
	words := ranked(df)
	phrases := ranked(pairs)
	if len(words) < 3 || len(phrases) == 0 {
		return nil
	}
	share := func(k int) float64 { return float64(k) / float64(sample) }
	both := 0
	for i := range sample {
		a := g.Article(i * n / sample)
		doc := search.Document{Headline: a.Headline, Strapline: a.Strapline, Body: a.BodyText}
		has := map[string]bool{}
		for _, f := range doc.Words()[:3] {
			for _, w := range urdu.Tokens(f) {
				has[w] = true
			}
		}
		if has[words[1]] && has[words[2]] {
			both++
		}
	}
	return []searchQuery{
		{searchWord, words[0], share(df[words[0]])},
		{searchWords, words[1] + " " + words[2], share(both)},
		{searchPhrase, phrases[0], share(pairs[phrases[0]])},
	}
}

// queryWord reports whether w is a word worth searching for.
func queryWord(w string) bool {
	return utf8.RuneCountInString(w) >= 3 && !urdu.IsStopWord(w)
}

// ranked returns the keys of count, most frequent first.
func ranked(count map[string]int) []string {
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(a, b)) })
	return keys
}

// describe is a query for the report: the text and its share.
func (q searchQuery) describe() string {
	return fmt.Sprintf("`%s` (whole words in %.0f%% of the articles)", q.text, q.share*100)
}
