package site

import (
	"context"
	"slices"
	"unicode/utf8"

	"akhbar/internal/search"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// "Did you mean" (issue 21, point 4): a search that finds nothing or very
// little offers the query with its unknown words replaced by the nearest
// words of the index (store.Vocabulary, urdu.SpellingDistance: a ی/ے or
// ہ/ھ slip costs least), as a link the reader may follow. It never
// replaces the reader's query: the results shown are always those of
// what was typed.

// suggestBelow is the result count under which a search offers a spelling.
const suggestBelow = 3

// maxSuggestionTries bounds the searches spent checking suggestions.
const maxSuggestionTries = 2

// maxSuggestedWords bounds the words looked up in the vocabulary: each
// lookup compares the word with every word of about its length (a few
// milliseconds for 10,000 words, docs/search.md).
const maxSuggestedWords = 6

// didYouMean returns a query near q that finds more published articles
// than have (find's filters kept), or "" when there is none.
func (s *Site) didYouMean(ctx context.Context, q search.Query, find store.SearchQuery, have int) (string, error) {
	v, err := s.store.Vocabulary(ctx)
	if err != nil {
		return "", err
	}
	// For each word of the query, its replacements, best first.
	type slot struct {
		term, word int
		alts       []string
	}
	var slots []slot
	looked := 0
	for i, t := range q.Terms {
		for j, w := range t.Words {
			docs := v.Docs(w)
			if docs > 2 || looked == maxSuggestedWords {
				continue
			}
			looked++
			limit := 2 * urdu.EditCost
			switch {
			case docs > 0:
				// A word some article holds gives way only to a slip of it
				// far more articles hold (پاکستاں → پاکستان).
				limit = urdu.SlipLimit
			case utf8.RuneCountInString(w) <= 3:
				limit = urdu.EditCost // a short word is one edit from many others
			}
			var alts []string
			for _, sug := range v.Near(w, limit, 3) {
				if docs == 0 || sug.Docs >= 10*docs {
					alts = append(alts, sug.Word)
				}
			}
			if len(alts) > 0 {
				slots = append(slots, slot{i, j, alts})
			}
		}
	}
	if len(slots) == 0 {
		return "", nil
	}
	// The best replacement for every word; then the second best for
	// one word at a time.
	// Written as Query.String writes a query, without its prefix mark:
	// the suggestion is read as the reader's text.
	write := func(alt map[int]int) string {
		terms := q.Whole().Terms
		for i := range terms {
			terms[i].Words = slices.Clone(terms[i].Words)
		}
		for k, sl := range slots {
			terms[sl.term].Words[sl.word] = sl.alts[min(alt[k], len(sl.alts)-1)]
		}
		return search.Query{Terms: terms}.String()
	}
	tries := []string{write(nil)}
	for k, sl := range slots {
		if len(sl.alts) > 1 && len(tries) < maxSuggestionTries {
			tries = append(tries, write(map[int]int{k: 1}))
		}
	}
	for _, text := range tries {
		sq := find
		sq.Query, sq.Page, sq.Per = search.Parse(text), 1, 1
		if sq.Query.Empty() || sq.Query.String() == q.String() {
			continue
		}
		_, total, err := s.store.Search(ctx, sq)
		if err != nil {
			return "", err
		}
		if total > have {
			return text, nil
		}
	}
	return "", nil
}
