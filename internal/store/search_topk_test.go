package store_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/search"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestSearchPagesEqualFullRanking checks the searches that stop early
// (walking the newest articles, or taking the newest from the index)
// against ranking every match: for common, rarer and absent words, a
// phrase, two words, a section, unpublished articles, every page, with
// limits lowered so that 45 articles take every path 100,000 do. Counts
// stop at the limit: a total of limit + 1 means "more".
func TestSearchPagesEqualFullRanking(t *testing.T) {
	restore := store.SetSearchLimitsForTest(9, 12)
	defer restore()
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		base := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
		type doc struct {
			id       int64
			headline string
			words    []string // headline and body, in order
			at       time.Time
			section  int64
			status   content.Status
		}
		var docs []doc
		for i := range 45 {
			// One article a day. "عام" is in every body, "کبھی" in every
			// fifth, the phrases «نیلا آسمان» and «آسمان کا» (with a stop
			// word, so found through word pairs on PostgreSQL) in every
			// third (reversed in every fourth), and "عام" in the headline of every seventh,
			// so that a headline match is lifted over up to seven newer
			// articles.
			head := []string{"خبر", fmt.Sprintf("نمبر%d", i)}
			if i%7 == 3 {
				head = append(head, "عام")
			}
			body := []string{"متن", "عام"}
			if i%5 == 1 {
				body = append(body, "کبھی")
			}
			if i%3 == 0 {
				body = append(body, "نیلا", "آسمان", "کا", "رنگ")
			}
			if i%4 == 0 {
				body = append(body, "آسمان", "نیلا", "کا", "آسمان")
			}
			st := content.StatusPublished
			if i%11 == 5 {
				st = content.StatusUnpublished
			}
			sec := f.national
			if i%2 == 1 {
				sec = f.sports
			}
			at := base.Add(time.Duration(i) * 24 * time.Hour)
			a := content.Article{SectionID: sec, Status: st, Headline: strings.Join(head, " "),
				BodyText: strings.Join(body, " "), BodyHTML: "<p>" + strings.Join(body, " ") + "</p>",
				Slug: "x", Language: "ur", PublishedAt: at, UpdatedAt: at}
			if err := s.SaveArticle(ctx, &a, nil, nil, 0); err != nil {
				t.Fatal(err)
			}
			docs = append(docs, doc{a.ID, a.Headline, append(head, body...), at, sec, st})
		}
		// has reports whether words holds the query's terms.
		has := func(words []string, q search.Query) bool {
			for _, term := range q.Terms {
				found := false
				for i := 0; i+len(term.Words) <= len(words) && !found; i++ {
					found = slices.Equal(words[i:i+len(term.Words)], term.Words)
				}
				if !found {
					return false
				}
			}
			return true
		}
		const bonus = 7 * 24 * time.Hour
		for _, text := range []string{"عام ", "کبھی ", `"نیلا آسمان"`, `"آسمان کا"`, `"آسمان کا رنگ" عام`, "عام کبھی ", "غائب ", "عام نیلا "} {
			q := search.Parse(text)
			for _, filter := range []struct {
				name    string
				status  content.Status
				section int64
			}{{"published", content.StatusPublished, 0}, {"any state", "", 0}, {"sports", content.StatusPublished, f.sports}} {
				// The full ranking: every match, newest first, a headline
				// match as if a week newer.
				var want []doc
				for _, d := range docs {
					if has(d.words, q) && (filter.status == "" || d.status == filter.status) &&
						(filter.section == 0 || d.section == filter.section) {
						want = append(want, d)
					}
				}
				score := func(d doc) time.Time {
					if has(strings.Fields(d.headline), q) {
						return d.at.Add(bonus)
					}
					return d.at
				}
				slices.SortFunc(want, func(a, b doc) int {
					return cmp.Or(score(b).Compare(score(a)), b.at.Compare(a.at), cmp.Compare(b.id, a.id))
				})
				for _, per := range []int{3, 5} {
					for page := 1; page <= len(want)/per+2; page++ {
						sq := store.SearchQuery{Query: q, Status: filter.status, SectionID: filter.section, Page: page, Per: per}
						list, total, err := s.Search(ctx, sq)
						if err != nil {
							t.Fatal(err)
						}
						var got, exp []string
						for _, a := range list {
							got = append(got, a.Headline)
						}
						from := min((page-1)*per, len(want))
						for _, d := range want[from:min(from+per, len(want))] {
							exp = append(exp, d.headline)
						}
						wantTotal := min(len(want), sq.CountLimit()+1)
						if !slices.Equal(got, exp) || total != wantTotal {
							t.Errorf("%q, %s, %d per page, page %d:\n got  %q (total %d)\n want %q (total %d)",
								text, filter.name, per, page, got, total, exp, wantTotal)
						}
					}
				}
			}
		}
	})
}
