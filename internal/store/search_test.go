package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/search"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

func searchHeadlines(t *testing.T, s *store.Store, sq store.SearchQuery) ([]string, int) {
	t.Helper()
	list, total, err := s.Search(context.Background(), sq)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range list {
		out = append(out, a.Headline)
	}
	return out, total
}

func published(q string) store.SearchQuery {
	return store.SearchQuery{Query: search.Parse(q), Status: content.StatusPublished}
}

// TestSearchFollowsArticles proves the index changes with the articles, in
// the same transaction: publish, edit, unpublish, schedule, delete.
func TestSearchFollowsArticles(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
		a := publish(t, s, f.national, "بجٹ اجلاس میں ہنگامہ", base, []int64{f.ayesha}, []int64{f.budget})

		if got, n := searchHeadlines(t, s, published("ہنگامہ")); n != 1 || got[0] != a.Headline {
			t.Fatalf("after publish: %v (%d)", got, n)
		}
		// Tags, section name and dateline are searchable.
		for _, q := range []string{"قومی ہنگامہ", "کراچی", "بجٹ"} {
			if _, n := searchHeadlines(t, s, published(q)); n != 1 {
				t.Errorf("%q: %d results, want 1", q, n)
			}
		}
		// Edit: the old word goes, the new one comes.
		a.Headline, a.BodyText = "بجٹ اجلاس ملتوی", "اجلاس ملتوی کر دیا گیا"
		if err := s.SaveArticle(ctx, &a, []int64{f.ayesha}, nil, 0); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, published("ہنگامہ")); n != 0 {
			t.Errorf("old headline word still found after edit")
		}
		if _, n := searchHeadlines(t, s, published("ملتوی")); n != 1 {
			t.Errorf("new headline word not found after edit")
		}
		// The removed tag is gone from the index too.
		if _, n := searchHeadlines(t, s, published("بجٹ اجلاس")); n != 1 {
			t.Errorf("headline word lost")
		}
		// Unpublished: readers no longer find it; the newsroom does.
		a.Status = content.StatusUnpublished
		if err := s.SaveArticle(ctx, &a, []int64{f.ayesha}, nil, 0); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, published("ملتوی")); n != 0 {
			t.Errorf("unpublished article found by readers' search")
		}
		if _, n := searchHeadlines(t, s, store.SearchQuery{Query: search.Parse("ملتوی")}); n != 1 {
			t.Errorf("newsroom search lost the unpublished article")
		}
		// Scheduled, then published by PublishDue.
		sched := content.Article{SectionID: f.sports, Status: content.StatusScheduled, Headline: "ٹیسٹ سیریز کا اعلان",
			BodyText: "سیریز", Slug: "series", Language: "ur", PublishedAt: base.Add(time.Hour)}
		if err := s.SaveArticle(ctx, &sched, []int64{f.bilal}, nil, 0); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, published("سیریز")); n != 0 {
			t.Errorf("scheduled article found before its time")
		}
		if _, err := s.PublishDue(ctx, base.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, published("سیریز")); n != 1 {
			t.Errorf("article published by the scheduler not found")
		}
		// Deleted: gone everywhere.
		if err := s.DeleteArticle(ctx, sched.ID); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, store.SearchQuery{Query: search.Parse("سیریز")}); n != 0 {
			t.Errorf("deleted article still found")
		}
	})
}

// TestSearchRankingAndFilters: newest first, a headline match counts as a
// week newer, filters narrow, pages split, and both engines agree.
func TestSearchRankingAndFilters(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		day := 24 * time.Hour
		base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
		mk := func(section int64, headline, body string, at time.Time, authors []int64) {
			a := content.Article{SectionID: section, Status: content.StatusPublished, Headline: headline,
				BodyText: body, Slug: "x", Language: "ur", PublishedAt: at, UpdatedAt: at}
			if err := s.SaveArticle(ctx, &a, authors, nil, 0); err != nil {
				t.Fatal(err)
			}
		}
		mk(f.national, "سیلاب سے تباہی", "دریا میں طغیانی", base, []int64{f.ayesha})                       // headline match, day 0
		mk(f.national, "حکومت کا امدادی پیکج", "سیلاب زدگان کے لیے", base.Add(3*day), []int64{f.bilal})    // body match, day 3
		mk(f.sports, "کرکٹ میچ ملتوی", "سیلاب کے باعث میچ نہ ہو سکا", base.Add(10*day), []int64{f.ayesha}) // body, day 10
		mk(f.national, "سیلاب کی نئی لہر", "مزید بارشیں", base.Add(-5*day), []int64{f.bilal})              // headline, day -5

		got, n := searchHeadlines(t, s, published("سیلاب"))
		want := []string{"کرکٹ میچ ملتوی", "سیلاب سے تباہی", "حکومت کا امدادی پیکج", "سیلاب کی نئی لہر"}
		if n != 4 || !slices.Equal(got, want) {
			t.Errorf("ranking:\n got %q (%d)\nwant %q", got, n, want)
		}
		sq := published("سیلاب")
		sq.SectionID = f.sports
		if got, n := searchHeadlines(t, s, sq); n != 1 || got[0] != "کرکٹ میچ ملتوی" {
			t.Errorf("section filter: %q (%d)", got, n)
		}
		sq = store.SearchQuery{Query: search.Parse("سیلاب"), AuthorID: f.bilal}
		if _, n := searchHeadlines(t, s, sq); n != 2 {
			t.Errorf("author filter: %d, want 2", n)
		}
		sq = store.SearchQuery{Query: search.Parse("سیلاب"), OwnedBy: f.ayesha}
		if _, n := searchHeadlines(t, s, sq); n != 2 {
			t.Errorf("owner filter: %d, want 2", n)
		}
		// Pages: 3 per page → 3 + 1, same order.
		sq = published("سیلاب")
		sq.Per, sq.Page = 3, 2
		if got, n := searchHeadlines(t, s, sq); n != 4 || !slices.Equal(got, want[3:]) {
			t.Errorf("page 2: %q (%d)", got, n)
		}
		sq.Page = 9
		if got, n := searchHeadlines(t, s, sq); n != 4 || len(got) != 0 {
			t.Errorf("page past the end: %q (%d)", got, n)
		}
		// Prefix and phrase.
		if _, n := searchHeadlines(t, s, published("سیلا")); n != 4 {
			t.Errorf("prefix: %d, want 4", n)
		}
		if got, _ := searchHeadlines(t, s, published(`"نئی لہر"`)); len(got) != 1 {
			t.Errorf("phrase: %q", got)
		}
		if got, _ := searchHeadlines(t, s, published(`"لہر نئی"`)); len(got) != 0 {
			t.Errorf("reversed phrase matched: %q", got)
		}
	})
}

// TestMigrateRebuildsOldIndexVersion proves that an index built by older
// rules (issue 21: ZWNJ, compounds, variants and stems changed what is
// indexed) is rebuilt when the server starts (Migrate), although every
// article has an entry, and that the new version is recorded.
func TestMigrateRebuildsOldIndexVersion(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		for i := range 3 {
			publish(t, s, f.national, "امریکا میں انتخابات", time.Date(2026, 9, 1+i, 0, 0, 0, 0, time.UTC), nil, nil)
		}
		if v, err := s.SearchIndexVersion(ctx); err != nil || v != search.IndexVersion {
			t.Fatalf("fresh index version %d (%v), want %d", v, err, search.IndexVersion)
		}
		if err := s.StaleSearchIndexForTest(ctx); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, published("قدیم")); n != 3 {
			t.Fatalf("stale index not in place: %d", n)
		}
		// `akhbar reindex` migrates without the rebuild, then rebuilds once.
		if _, err := s.MigrateForReindex(ctx); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.SearchIndexVersion(ctx); v != 0 {
			t.Errorf("MigrateForReindex rebuilt the index (version %d)", v)
		}
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, published("قدیم")); n != 0 {
			t.Errorf("old entries survived Migrate: %d", n)
		}
		// The rebuilt index holds the new forms: امریکہ finds امریکا.
		if _, n := searchHeadlines(t, s, published("امریکہ")); n != 3 {
			t.Errorf("امریکہ after the rebuild: %d results, want 3", n)
		}
		if v, err := s.SearchIndexVersion(ctx); err != nil || v != search.IndexVersion {
			t.Errorf("index version after the rebuild %d (%v), want %d", v, err, search.IndexVersion)
		}
	})
}

// TestReindexRebuilds proves Reindex restores a damaged index and that
// Migrate fills an index that is missing entries.
func TestReindexRebuilds(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		for i := range 7 {
			publish(t, s, f.national, "زلزلہ رپورٹ", time.Date(2026, 9, 1+i, 0, 0, 0, 0, time.UTC), nil, nil)
		}
		if err := s.DropSearchEntriesForTest(ctx); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, published("زلزلہ")); n != 0 {
			t.Fatalf("index not emptied: %d", n)
		}
		var calls, last int
		if err := s.Reindex(ctx, func(done, total int) { calls++; last = done }); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, published("زلزلہ")); n != 7 || calls == 0 || last != 7 {
			t.Fatalf("after reindex: %d results, %d progress calls, last %d", n, calls, last)
		}
		// Twice changes nothing.
		if err := s.Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, published("زلزلہ")); n != 7 {
			t.Fatalf("after second reindex: %d", n)
		}
		if err := s.DropSearchEntriesForTest(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, n := searchHeadlines(t, s, published("زلزلہ")); n != 7 {
			t.Fatalf("Migrate did not refill the index: %d", n)
		}
	})
}

// TestSearchMalformedQueries: nothing a reader types makes the engines fail.
func TestSearchMalformedQueries(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		publish(t, s, f.national, "انتخابات NEAR AND OR", time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), nil, nil)
		long := ""
		for len(long) < 10000 {
			long += "انتخابات "
		}
		for _, q := range []string{`"انتخابات`, `انتخابات"`, `* : ( ) - + ^`, `انتخابات*`, `NEAR(انتخابات)`,
			`انتخابات AND`, `OR`, `'\`, "\xff\xfe", `{headline}: x`, long, `'انتخابات':*A`, `!`, `""`, `"" ""`} {
			if _, _, err := s.Search(context.Background(), published(q)); err != nil {
				t.Errorf("query %.40q: %v", q, err)
			}
		}
		if _, n := searchHeadlines(t, s, published("near and or")); n != 1 {
			t.Errorf("FTS operator words as text: %d results, want 1", n)
		}
	})
}
