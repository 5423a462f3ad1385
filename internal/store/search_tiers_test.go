package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestPrefixOnlyWhenNothingWhole proves issue 21, point 5, on both
// engines: a word typed open matches as the start of longer words only
// while no article holds it whole (a reader still typing), every page
// agreeing on the count; once one article holds it whole, that article is
// the answer on every page size, however many newer articles hold a
// longer word it starts, and a word typed with a space after it never
// matches as a prefix.
func TestPrefixOnlyWhenNothingWhole(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var prefixOnly []string
		for i := range 10 {
			a := publish(t, s, f.national, fmt.Sprintf("شہری خبردار رہیں %d", i), old.AddDate(0, 6, i), nil, nil)
			prefixOnly = append(prefixOnly, a.Headline)
		}
		slices.Reverse(prefixOnly) // newest first
		pages := func(q string, per int) (got []string, total int) {
			for page := 1; ; page++ {
				sq := published(q)
				sq.Page, sq.Per = page, per
				list, n := searchHeadlines(t, s, sq)
				if page == 1 {
					total = n
				} else if n != total {
					t.Fatalf("%q per %d page %d: total %d, page 1 said %d", q, per, page, n, total)
				}
				if len(list) == 0 {
					return got, total
				}
				got = append(got, list...)
			}
		}
		// Nothing whole: type-ahead, on every page size.
		for _, per := range []int{1, 2, 5, 20} {
			if got, total := pages("خبر", per); total != len(prefixOnly) || !slices.Equal(got, prefixOnly) {
				t.Errorf("per %d, nothing whole: got %q (total %d), want %q", per, got, total, prefixOnly)
			}
		}
		// Typed with a space after it, the word matches whole only.
		if _, n := searchHeadlines(t, s, published("خبر ")); n != 0 {
			t.Errorf("closed word: %d results, want none", n)
		}
		// One older story with the whole word: it alone is the answer.
		a := publish(t, s, f.national, "ایک اور خبر", old.AddDate(0, 0, -1), nil, nil)
		whole := []string{a.Headline}
		for _, per := range []int{1, 2, 20} {
			if got, total := pages("خبر", per); total != len(whole) || !slices.Equal(got, whole) {
				t.Errorf("per %d with one whole: got %q (total %d), want %q", per, got, total, whole)
			}
		}
		// Still typing: nothing whole, the prefix gives type-ahead.
		if got, total := pages("خبرد", 20); total != len(prefixOnly) || !slices.Equal(got, prefixOnly) {
			t.Errorf("«خبرد»: got %q (total %d), want %q", got, total, prefixOnly)
		}
	})
}

// TestExactAboveEquivalent proves issue 21, points 2 and 6: a stem or a
// spelling variant finds more articles, always below the exact word, even
// when the others are newer and hold the word in their headline.
func TestExactAboveEquivalent(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		exact := publish(t, s, f.national, "ملک میں بارش", old, nil, nil)
		plural := publish(t, s, f.national, "کئی ملکوں میں بارش", old.AddDate(0, 1, 0), nil, nil)
		broken := publish(t, s, f.national, "ترقی پذیر ممالک میں بارش", old.AddDate(0, 2, 0), nil, nil)
		// ملکہ (queen) is a different word: it must not come at all.
		publish(t, s, f.national, "ملکہ کا دورہ", old.AddDate(0, 3, 0), nil, nil)
		for _, per := range []int{1, 20} {
			var got []string
			for page := 1; page <= 3; page++ {
				sq := published("ملک ")
				sq.Page, sq.Per = page, per
				list, total := searchHeadlines(t, s, sq)
				if total != 3 {
					t.Fatalf("per %d: total %d, want 3", per, total)
				}
				got = append(got, list...)
			}
			got = got[:min(len(got), 3)]
			if got[0] != exact.Headline || !slices.Contains(got, plural.Headline) || !slices.Contains(got, broken.Headline) {
				t.Errorf("per %d: %q, want the exact «ملک» first, then ملکوں and ممالک", per, got)
			}
		}
		// The variant: امریکا and امریکہ find each other, the exact one first.
		a := publish(t, s, f.national, "امریکہ کا بیان", old, nil, nil)
		b := publish(t, s, f.national, "امریکا کا نیا بیان", old.AddDate(0, 1, 0), nil, nil)
		for _, c := range []struct{ q, first, second string }{
			{"امریکہ ", a.Headline, b.Headline},
			{"امریکا ", b.Headline, a.Headline},
		} {
			got, n := searchHeadlines(t, s, published(c.q))
			if n != 2 || got[0] != c.first || got[1] != c.second {
				t.Errorf("%q: %q (%d), want %q then %q", c.q, got, n, c.first, c.second)
			}
		}
	})
}

// TestCompoundsBothWays proves issue 21, point 1 on the store: a compound
// written joined, split or with ZWNJ is found by any of the three, and a
// query of the two words as a phrase finds the joined form too.
func TestCompoundsBothWays(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		groups := []struct{ forms []string }{
			{[]string{"کیلئے", "کے لیے", "کے لئے", "کیلیے"}},
			{[]string{"وزیراعظم", "وزیر اعظم"}},
			{[]string{"اسلامآباد", "اسلام آباد", "اسلام اباد"}},
			{[]string{"ہیٹویو", "ہیٹ ویو", "ہیٹ\u200cویو"}},
		}
		for gi, g := range groups {
			for i, form := range g.forms {
				publish(t, s, f.national, fmt.Sprintf("نمونہ%d %s خبر%d", gi, form, i), at.AddDate(0, 0, gi*10+i), nil, nil)
			}
		}
		for _, g := range groups {
			for _, form := range g.forms {
				q := form + " " // alone: کے and لیے are stop words, dropped beside another word
				if _, n := searchHeadlines(t, s, published(q)); n != len(g.forms) {
					t.Errorf("%q: %d results, want %d", q, n, len(g.forms))
				}
				// As a quoted phrase, every form is found too.
				sp := `"` + form + `"`
				if _, n := searchHeadlines(t, s, published(sp)); n != len(g.forms) {
					t.Errorf("%q: %d results, want %d", sp, n, len(g.forms))
				}
			}
		}
	})
}
