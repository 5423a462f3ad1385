package search

import (
	"slices"
	"strings"
	"testing"
)

// TestTSPairs: a document's pairs are its adjacent words within a field
// that hold a stop word, and a phrase the document holds has every one of
// its pairs there.
func TestTSPairs(t *testing.T) {
	key := func(a, b string) string {
		k, ok := pairKey(a, b)
		if !ok {
			t.Fatalf("no key for %s %s", a, b)
		}
		return k
	}
	d := Document{Headline: "وزیر اعظم", Strapline: "اعظم نے کہا", Body: "وزیرِ اعظم نے کہا کہ"}
	pairs := strings.Fields(d.TSPairs())
	// «وزیر اعظم» holds no stop word: no key; «نے کہا», «کہا کہ» do.
	want := []string{key("اعظم", "نے"), key("نے", "کہا"), key("کہا", "کہ")}
	if !slices.Equal(pairs, want) {
		t.Errorf("pairs %q, want %q (each once, diacritics folded, none across fields)", pairs, want)
	}
	if _, ok := pairKey("وزیر", "اعظم"); ok {
		t.Errorf("a pair of two words that are not stop words has a key")
	}
	for _, c := range []struct {
		query string
		keys  []string
	}{
		{`"اعظم نے" کراچی`, []string{key("اعظم", "نے")}},
		{`"اعظم نے کہا"`, []string{key("اعظم", "نے"), key("نے", "کہا")}},
		{`"وزیر اعظم"`, nil},
		{`وزیر اعظم`, nil},
	} {
		q := Parse(c.query)
		got := q.TSPairs()
		var keys []string
		if got != "" {
			keys = strings.Split(got, " & ")
		}
		if !slices.Equal(keys, c.keys) {
			t.Errorf("%s: TSPairs = %q, want %q", c.query, got, c.keys)
		}
		for _, k := range keys {
			if !slices.Contains(pairs, k) {
				t.Errorf("%s: pair %s of the query is not in the document", c.query, k)
			}
		}
	}
}
