package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/search"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// relevanceFixture is testdata/relevance.json: a small corpus written with
// deliberate spelling variants, and queries with the articles they must
// find. Its "rule" fields name the folding rule each case proves.
type relevanceFixture struct {
	Articles []struct {
		Key, Section, Status, Headline, Strapline, Body string
		Published                                       time.Time
		Tags                                            []string
	}
	Cases []struct {
		Query, Section, Rule, Note string
		Expect                     []string
		Order                      bool
	}
}

var fixtureSections = []content.Section{
	{Slug: "pakistan", Name: "پاکستان"},
	{Slug: "international", Name: "بین الاقوامی"},
	{Slug: "sports", Name: "کھیل"},
	{Slug: "business", Name: "کاروبار"},
	{Slug: "science", Name: "سائنس و ٹیکنالوجی"},
}

// TestRelevance runs every case of the fixture on each engine: both must
// return exactly the expected articles (in order, where the case says so).
func TestRelevance(t *testing.T) {
	raw, err := os.ReadFile("testdata/relevance.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx relevanceFixture
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Cases) < 40 {
		t.Fatalf("only %d cases; the fixture must hold at least 40", len(fx.Cases))
	}
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sections := map[string]int64{}
		for i, sec := range fixtureSections {
			sec.Position = i
			id, err := s.CreateSection(ctx, sec)
			if err != nil {
				t.Fatal(err)
			}
			sections[sec.Slug] = id
		}
		keyOf := map[int64]string{}
		tags := map[string]int64{}
		for i, fa := range fx.Articles {
			var tagIDs []int64
			for _, name := range fa.Tags {
				if tags[name] == 0 {
					id, err := s.EnsureTag(ctx, content.Tag{Slug: fmt.Sprintf("tag-%d", len(tags)+1), Name: name})
					if err != nil {
						t.Fatal(err)
					}
					tags[name] = id
				}
				tagIDs = append(tagIDs, tags[name])
			}
			var body strings.Builder
			for p := range strings.SplitSeq(fa.Body, "\n\n") {
				body.WriteString("<p>" + html.EscapeString(p) + "</p>")
			}
			a := content.Article{SectionID: sections[fa.Section], Status: content.Status(fa.Status),
				Headline: fa.Headline, Strapline: fa.Strapline, BodyHTML: body.String(), BodyText: fa.Body,
				Slug: fa.Key, Language: "ur", PublishedAt: fa.Published, UpdatedAt: fa.Published}
			if a.SectionID == 0 {
				t.Fatalf("article %d (%s): unknown section %q", i, fa.Key, fa.Section)
			}
			if err := s.SaveArticle(ctx, &a, nil, tagIDs, 0); err != nil {
				t.Fatalf("article %d (%s): %v", i, fa.Key, err)
			}
			keyOf[a.ID] = fa.Key
		}
		for i, c := range fx.Cases {
			find := store.SearchQuery{Query: search.Parse(c.Query), Status: content.StatusPublished,
				SectionID: sections[c.Section], Per: 100}
			list, total, err := s.Search(ctx, find)
			if err != nil {
				t.Errorf("case %d %q: %v", i, c.Query, err)
				continue
			}
			var got []string
			for _, a := range list {
				got = append(got, keyOf[a.ID])
			}
			want := slices.Clone(c.Expect)
			if !c.Order {
				slices.Sort(got)
				slices.Sort(want)
			}
			if !slices.Equal(got, want) || total != len(want) {
				t.Errorf("case %d, %s\n query %q (parsed %s), section %q\n got  %v (total %d)\n want %v",
					i, c.Rule, c.Query, find.Query, c.Section, got, total, want)
			}
		}
	})
}
