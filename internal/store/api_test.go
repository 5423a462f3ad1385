package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// walkAPI reads q page by page of size n, each page starting after the
// last article of the one before, as the API's cursors do.
func walkAPI(t *testing.T, s *store.Store, q store.APIArticleQuery, n int) []int64 {
	t.Helper()
	var out []int64
	q.Limit = n
	for range 100 {
		list, err := s.APIArticles(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			out = append(out, a.ID)
		}
		if len(list) < n {
			return out
		}
		last := list[len(list)-1]
		q.After = store.Position{Time: last.PublishedAt, ID: last.ID}
		if !q.UpdatedSince.IsZero() {
			q.After.Time = store.ChangedAt(last)
		}
	}
	t.Fatal("no end")
	return nil
}

// TestAPIArticles: keyset pages hold every published article once, in
// order, with each filter and in the sync order; tags and authors of
// unpublished stories only are not public.
func TestAPIArticles(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		t0 := time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC)
		var all []content.Article
		// Several at the same second, so the id breaks ties across pages.
		for i := range 9 {
			sec, authors, tags := f.national, []int64{f.ayesha}, []int64{f.budget}
			if i%3 == 0 {
				sec, authors, tags = f.sports, []int64{f.bilal}, []int64{f.cricket}
			}
			all = append(all, publish(t, s, sec, "خبر", t0.Add(time.Duration(i/2)*time.Minute), authors, tags))
		}
		// A scheduled story saved before (updated_at) it goes live
		// (published_at): the sync order places it at its publication.
		late := content.Article{SectionID: f.national, Status: content.StatusPublished, Headline: "مقررہ وقت پر", Slug: "late",
			Language: "ur", BodyHTML: "<p>م</p>", PublishedAt: t0.Add(time.Hour), UpdatedAt: t0.Add(-time.Hour)}
		if err := s.SaveArticle(ctx, &late, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		all = append(all, late)
		draftOnly, err := s.EnsureTag(ctx, content.Tag{Slug: "مسودہ", Name: "مسودہ"})
		if err != nil {
			t.Fatal(err)
		}
		writer, err := s.CreateUser(ctx, content.User{Email: "w@example.pk", Name: "نئی لکھاری", Slug: "nayi", Role: content.RoleContributor})
		if err != nil {
			t.Fatal(err)
		}
		draft := content.Article{SectionID: f.national, Status: content.StatusDraft, Headline: "مسودہ", Slug: "draft", Language: "ur",
			UpdatedAt: t0.Add(2 * time.Hour)}
		if err := s.SaveArticle(ctx, &draft, []int64{writer}, []int64{draftOnly}, 0); err != nil {
			t.Fatal(err)
		}

		want := func(keep func(content.Article) bool, sync bool) []int64 {
			var l []content.Article
			for _, a := range all {
				if keep(a) {
					l = append(l, a)
				}
			}
			slices.SortFunc(l, func(x, y content.Article) int {
				if sync {
					if c := store.ChangedAt(x).Compare(store.ChangedAt(y)); c != 0 {
						return c
					}
					return int(x.ID - y.ID)
				}
				if c := y.PublishedAt.Compare(x.PublishedAt); c != 0 {
					return c
				}
				return int(y.ID - x.ID)
			})
			var ids []int64
			for _, a := range l {
				ids = append(ids, a.ID)
			}
			return ids
		}
		everything := func(content.Article) bool { return true }
		inSports := func(a content.Article) bool { return a.SectionID == f.sports }
		for _, c := range []struct {
			name string
			q    store.APIArticleQuery
			want []int64
		}{
			{"all", store.APIArticleQuery{}, want(everything, false)},
			{"section", store.APIArticleQuery{SectionID: f.sports}, want(inSports, false)},
			{"tag", store.APIArticleQuery{TagID: f.cricket}, want(inSports, false)},
			{"author", store.APIArticleQuery{AuthorID: f.bilal}, want(inSports, false)},
			{"section and tag", store.APIArticleQuery{SectionID: f.sports, TagID: f.cricket}, want(inSports, false)},
			{"tag and author", store.APIArticleQuery{TagID: f.budget, AuthorID: f.bilal}, nil},
			{"sync", store.APIArticleQuery{UpdatedSince: t0.Add(2 * time.Minute)},
				want(func(a content.Article) bool { return !store.ChangedAt(a).Before(t0.Add(2 * time.Minute)) }, true)},
			{"sync by tag", store.APIArticleQuery{UpdatedSince: t0, TagID: f.cricket}, want(inSports, true)},
		} {
			for _, n := range []int{1, 2, 4, 100} {
				if got := walkAPI(t, s, c.q, n); !slices.Equal(got, c.want) {
					t.Errorf("%s, pages of %d: %v, want %v", c.name, n, got, c.want)
				}
			}
		}
		if got := walkAPI(t, s, store.APIArticleQuery{UpdatedSince: t0.Add(30 * time.Minute)}, 5); !slices.Equal(got, []int64{late.ID}) {
			t.Errorf("sync after the others: %v, want the scheduled story %d by its publication", got, late.ID)
		}
		list, err := s.APIArticles(ctx, store.APIArticleQuery{Limit: 1, SectionID: f.sports})
		if err != nil || len(list) != 1 || len(list[0].Tags) != 1 || len(list[0].Authors) != 1 || list[0].Section.Slug != "sports" {
			t.Errorf("an API article lacks its tags, bylines or section: %+v %v", list, err)
		}

		tags, err := s.PublicTags(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(tags) != 2 || tags[0].ID > tags[1].ID || slices.ContainsFunc(tags, func(tg content.Tag) bool { return tg.ID == draftOnly }) {
			t.Errorf("public tags: %+v", tags)
		}
		if more, _ := s.PublicTags(ctx, tags[0].ID, 10); len(more) != 1 || more[0].ID != tags[1].ID {
			t.Errorf("public tags after %d: %+v", tags[0].ID, more)
		}
		authors, err := s.PublicAuthors(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(authors) != 2 || slices.ContainsFunc(authors, func(u content.User) bool { return u.ID == writer || u.Email != "" }) {
			t.Errorf("public authors: %+v", authors)
		}

		byID, err := s.PublishedByIDs(ctx, []int64{all[3].ID, draft.ID, all[1].ID})
		if err != nil || len(byID) != 2 || byID[0].ID != all[3].ID || byID[1].ID != all[1].ID || len(byID[0].Tags) != 1 {
			t.Errorf("PublishedByIDs: %+v %v", byID, err)
		}
	})
}
