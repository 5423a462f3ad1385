package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// fixture is a small newsroom: two sections, two authors, two tags.
type fixture struct {
	national, sports int64
	ayesha, bilal    int64
	cricket, budget  int64
}

func newFixture(t *testing.T, s *store.Store) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	var err error
	must := func(id int64, err error) int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	f.national = must(s.CreateSection(ctx, content.Section{Slug: "national", Name: "قومی", Position: 1}))
	f.sports = must(s.CreateSection(ctx, content.Section{Slug: "sports", Name: "کھیل", Position: 2}))
	f.ayesha = must(s.CreateUser(ctx, content.User{Email: "ayesha@example.pk", Name: "عائشہ صدیقی", Slug: "ayesha-siddiqui", Role: content.RoleReporter}))
	f.bilal = must(s.CreateUser(ctx, content.User{Email: "bilal@example.pk", Name: "بلال احمد", Slug: "bilal-ahmed", Role: content.RoleEditor}))
	f.cricket = must(s.EnsureTag(ctx, content.Tag{Slug: "کرکٹ", Name: "کرکٹ"}))
	f.budget, err = s.EnsureTag(ctx, content.Tag{Slug: "بجٹ", Name: "بجٹ"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func publish(t *testing.T, s *store.Store, section int64, headline string, at time.Time, authors, tags []int64) content.Article {
	t.Helper()
	a := content.Article{
		SectionID: section, Status: content.StatusPublished, Headline: headline,
		Strapline: "ذیلی سرخی", DatelineSource: "نیوز ڈیسک", DatelinePlace: "کراچی",
		BodyHTML: "<p>" + headline + "</p>", BodyText: headline, Slug: "khabar", Language: "ur",
		PublishedAt: at, UpdatedAt: at,
	}
	if err := s.SaveArticle(context.Background(), &a, authors, tags, 0); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		n, err := s.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second Migrate applied %d, err %v; want 0, nil", n, err)
		}
		if err := s.CheckSchema(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSettings(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, v := range []string{"دانشگاه", "اخبار"} {
			if err := s.SetSetting(ctx, "site_name", v); err != nil {
				t.Fatal(err)
			}
		}
		m, err := s.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if m["site_name"] != "اخبار" {
			t.Errorf("site_name = %q, want the last value written", m["site_name"])
		}
	})
}

func TestUsers(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		u, err := s.UserBySlug(ctx, "ayesha-siddiqui")
		if err != nil || u.ID != f.ayesha || u.Name != "عائشہ صدیقی" || u.Role != content.RoleReporter {
			t.Fatalf("UserBySlug = %+v, %v", u, err)
		}
		if err := s.SetPassword(ctx, f.ayesha, "hash"); err != nil {
			t.Fatal(err)
		}
		if u, _ := s.UserByEmail(ctx, "ayesha@example.pk"); u.PasswordHash != "hash" {
			t.Errorf("password hash not stored: %q", u.PasswordHash)
		}
		if _, err := s.UserBySlug(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown user: err = %v, want ErrNotFound", err)
		}
		if _, err := s.CreateUser(ctx, content.User{Email: "ayesha@example.pk", Name: "x", Slug: "x", Role: content.RoleAdmin}); err == nil {
			t.Error("a second user with the same email was accepted")
		}
		if _, err := s.CreateUser(ctx, content.User{Email: "z@example.pk", Name: "z", Slug: "z", Role: "king"}); !errors.Is(err, content.ErrInvalid) {
			t.Errorf("unknown role: err = %v, want ErrInvalid", err)
		}
	})
}

func TestArticleRoundTripAndConflict(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		at := time.Date(2026, 2, 18, 5, 0, 0, 0, time.UTC)
		a := publish(t, s, f.national, "روس شمالی کوریا دفاعی شراکت کو وسعت دینے پر آمادہ", at, []int64{f.bilal, f.ayesha}, []int64{f.budget, f.cricket})
		got, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Headline != a.Headline || got.Section.Slug != "national" || !got.PublishedAt.Equal(at) || got.Version != 1 {
			t.Fatalf("read back %+v", got)
		}
		if len(got.Authors) != 2 || got.Authors[0].ID != f.bilal || got.Authors[1].ID != f.ayesha {
			t.Errorf("authors in byline order: got %+v", got.Authors)
		}
		if got.Authors[0].PasswordHash != "" {
			t.Error("byline carries a password hash")
		}
		if len(got.Tags) != 2 {
			t.Errorf("tags: got %+v", got.Tags)
		}
		if got.Path() != fmt.Sprintf("/national/%d/khabar", a.ID) {
			t.Errorf("Path = %q", got.Path())
		}

		// Two editors read version 1; the first save wins, the second is refused.
		first, second := got, got
		first.Headline = "پہلے مدیر کی سرخی"
		if err := s.SaveArticle(ctx, &first, []int64{f.bilal}, nil, f.bilal); err != nil {
			t.Fatal(err)
		}
		second.Headline = "دوسرے مدیر کی سرخی"
		if err := s.SaveArticle(ctx, &second, []int64{f.ayesha}, nil, f.ayesha); !errors.Is(err, content.ErrConflict) {
			t.Fatalf("second save: err = %v, want ErrConflict", err)
		}
		now, _ := s.Article(ctx, a.ID)
		if now.Headline != "پہلے مدیر کی سرخی" || now.Version != 2 || len(now.Authors) != 1 || len(now.Tags) != 0 {
			t.Errorf("after conflict: %q v%d authors %d tags %d", now.Headline, now.Version, len(now.Authors), len(now.Tags))
		}
		// Both versions are kept: the winner in the article, the refused edit as a revision.
		revs, err := s.Revisions(ctx, a.ID)
		if err != nil || len(revs) != 3 {
			t.Fatalf("revisions = %+v, %v", revs, err)
		}
		if revs[0].Note != "conflict" || revs[0].Headline != "دوسرے مدیر کی سرخی" || revs[0].EditorID != f.ayesha {
			t.Errorf("refused edit not kept: %+v", revs[0])
		}
		if revs[1].Version != 2 || revs[1].Headline != "پہلے مدیر کی سرخی" || revs[2].Headline != a.Headline {
			t.Errorf("revisions = %+v", revs)
		}

		missing := content.Article{ID: 999999, SectionID: f.national, Status: content.StatusDraft, Headline: "x", Slug: "x", Version: 1}
		if err := s.SaveArticle(ctx, &missing, nil, nil, 0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update of a missing article: err = %v, want ErrNotFound", err)
		}
		if _, err := s.Article(ctx, 424242); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing article: err = %v", err)
		}
		invalid := content.Article{SectionID: f.national, Status: content.StatusDraft, Slug: "x"}
		if err := s.SaveArticle(ctx, &invalid, nil, nil, 0); !errors.Is(err, content.ErrInvalid) {
			t.Errorf("article without headline: err = %v, want ErrInvalid", err)
		}
	})
}

func TestListingFilters(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		base := time.Date(2026, 2, 18, 0, 0, 0, 0, time.UTC)
		var ids []int64
		for i := range 25 {
			sec, tags := f.national, []int64{f.budget}
			if i%5 == 0 {
				sec, tags = f.sports, []int64{f.cricket}
			}
			a := publish(t, s, sec, fmt.Sprintf("خبر نمبر %d", i), base.Add(time.Duration(i)*time.Hour), []int64{f.ayesha}, tags)
			ids = append(ids, a.ID)
		}
		draft := content.Article{SectionID: f.national, Status: content.StatusDraft, Headline: "مسودہ", Slug: "draft"}
		if err := s.SaveArticle(ctx, &draft, []int64{f.ayesha}, []int64{f.budget}, 0); err != nil {
			t.Fatal(err)
		}
		sched := content.Article{SectionID: f.national, Status: content.StatusScheduled, Headline: "طے شدہ", Slug: "later", PublishedAt: base.Add(1000 * time.Hour)}
		if err := s.SaveArticle(ctx, &sched, []int64{f.ayesha}, []int64{f.budget}, 0); err != nil {
			t.Fatal(err)
		}

		cases := []struct {
			name  string
			q     func() *store.ArticleQuery
			count int
			first int64
		}{
			{"all published", func() *store.ArticleQuery { return store.PublishedArticles() }, 25, ids[24]},
			{"section", func() *store.ArticleQuery { return store.PublishedArticles().InSection(f.sports) }, 5, ids[20]},
			{"tag", func() *store.ArticleQuery { return store.PublishedArticles().WithTag(f.budget) }, 20, ids[24]},
			{"author", func() *store.ArticleQuery { return store.PublishedArticles().ByAuthor(f.ayesha) }, 25, ids[24]},
			{"other author", func() *store.ArticleQuery { return store.PublishedArticles().ByAuthor(f.bilal) }, 0, 0},
			{"except", func() *store.ArticleQuery { return store.PublishedArticles().InSection(f.sports).Except(ids[20]) }, 4, ids[15]},
			{"drafts", func() *store.ArticleQuery { return store.AllArticles().InState(content.StatusDraft) }, 1, draft.ID},
			{"tag in section", func() *store.ArticleQuery { return store.PublishedArticles().WithTag(f.budget).InSection(f.sports) }, 0, 0},
			{"tag and author", func() *store.ArticleQuery { return store.PublishedArticles().WithTag(f.cricket).ByAuthor(f.ayesha) }, 5, ids[20]},
		}
		for _, c := range cases {
			n, err := s.CountArticles(ctx, c.q())
			if err != nil || n != c.count {
				t.Errorf("%s: count = %d, %v; want %d", c.name, n, err, c.count)
			}
			list, err := s.ListArticles(ctx, c.q().Limit(100))
			if err != nil || len(list) != c.count {
				t.Errorf("%s: listed %d, %v; want %d", c.name, len(list), err, c.count)
				continue
			}
			if c.count > 0 && list[0].ID != c.first {
				t.Errorf("%s: first = %d, want %d (newest first)", c.name, list[0].ID, c.first)
			}
		}

		page2, err := s.ListArticles(ctx, store.PublishedArticles().Page(2, 10))
		if err != nil || len(page2) != 10 || page2[0].ID != ids[14] {
			t.Fatalf("page 2: %d articles, first %v, err %v", len(page2), page2, err)
		}
		for _, a := range page2 {
			if len(a.Authors) != 1 || a.Section.Slug == "" || a.BodyHTML != "" {
				t.Fatalf("listed article %d: authors %d section %q body %d bytes", a.ID, len(a.Authors), a.Section.Slug, len(a.BodyHTML))
			}
		}
		cards, err := s.ListArticles(ctx, store.PublishedArticles().Limit(3).WithoutBylines())
		if err != nil || len(cards) != 3 || len(cards[0].Authors) != 0 || cards[0].Section.Slug == "" {
			t.Errorf("WithoutBylines: %d articles, %v", len(cards), err)
		}
		withBody, _ := s.ListArticles(ctx, store.PublishedArticles().Limit(1).WithBody())
		if len(withBody) != 1 || withBody[0].BodyHTML == "" {
			t.Error("WithBody did not load the body")
		}

		// Tag and author listings follow every change of state and tags:
		// unpublishing drops the article, a scheduled one appears when due,
		// retagging moves it.
		tagged := func(tag int64) (int, int64) {
			t.Helper()
			n, err := s.CountArticles(ctx, store.PublishedArticles().WithTag(tag))
			list, err2 := s.ListArticles(ctx, store.PublishedArticles().WithTag(tag).Limit(1))
			if err != nil || err2 != nil || (n > 0) != (len(list) > 0) {
				t.Fatalf("tag %d: count %d (%v), listed %d (%v)", tag, n, err, len(list), err2)
			}
			if n == 0 {
				return 0, 0
			}
			return n, list[0].ID
		}
		newest, err := s.Article(ctx, ids[24])
		if err != nil {
			t.Fatal(err)
		}
		newest.Status = content.StatusUnpublished
		if err := s.SaveArticle(ctx, &newest, []int64{f.ayesha}, []int64{f.budget}, 0); err != nil {
			t.Fatal(err)
		}
		if n, first := tagged(f.budget); n != 19 || first != ids[23] {
			t.Errorf("after unpublishing: tag count %d first %d, want 19, %d", n, first, ids[23])
		}
		if n, _ := s.CountArticles(ctx, store.PublishedArticles().ByAuthor(f.ayesha)); n != 24 {
			t.Errorf("after unpublishing: author count %d, want 24", n)
		}
		if _, err := s.PublishDue(ctx, base.Add(2000*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if n, first := tagged(f.budget); n != 20 || first != sched.ID {
			t.Errorf("after the scheduled one fell due: tag count %d first %d, want 20, %d", n, first, sched.ID)
		}
		newest.Status = content.StatusPublished
		if err := s.SaveArticle(ctx, &newest, []int64{f.ayesha}, []int64{f.cricket}, 0); err != nil {
			t.Fatal(err)
		}
		if n, _ := tagged(f.budget); n != 20 {
			t.Errorf("after retagging: budget count %d, want 20", n)
		}
		if n, first := tagged(f.cricket); n != 6 || first != ids[24] {
			t.Errorf("after retagging: cricket count %d first %d, want 6, %d", n, first, ids[24])
		}
	})
}

func TestMostReadAndRedirects(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		now := time.Date(2026, 2, 18, 12, 0, 0, 0, time.UTC)
		a := publish(t, s, f.national, "پرانی مقبول خبر", now.Add(-100*time.Hour), nil, nil)
		b := publish(t, s, f.national, "تازہ خبر", now.Add(-2*time.Hour), nil, nil)
		c := publish(t, s, f.sports, "کھیل کی خبر", now.Add(-1*time.Hour), nil, nil)
		h := store.Hour(now)
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(s.AddViews(ctx, h-90, map[int64]int64{a.ID: 10000})) // outside a 48-hour window
		must(s.AddViews(ctx, h-1, map[int64]int64{a.ID: 5, b.ID: 40, c.ID: 30}))
		must(s.AddViews(ctx, h, map[int64]int64{b.ID: 2, c.ID: 20}))
		must(s.AddViews(ctx, h, map[int64]int64{c.ID: 1})) // adds to the same bucket

		top, err := s.MostRead(ctx, h-48, h, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != 3 || top[0].ID != c.ID || top[0].Views != 51 || top[1].ID != b.ID || top[2].ID != a.ID || top[2].Views != 5 {
			t.Fatalf("most read = %v", top)
		}
		if total, _ := s.TotalViews(ctx, a.ID); total != 10005 {
			t.Errorf("total views of a = %d, want 10005", total)
		}

		must(s.AddRedirect(ctx, "/2026/02/purani-khabar/", b.ID, ""))
		must(s.AddRedirect(ctx, "/category/sports/", 0, "/sports/"))
		if id, _, err := s.Redirect(ctx, "/2026/02/purani-khabar/"); err != nil || id != b.ID {
			t.Errorf("redirect to article: %d, %v", id, err)
		}
		if _, target, err := s.Redirect(ctx, "/category/sports/"); err != nil || target != "/sports/" {
			t.Errorf("redirect to path: %q, %v", target, err)
		}
		if _, _, err := s.Redirect(ctx, "/nowhere"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown redirect: %v", err)
		}
	})
}
