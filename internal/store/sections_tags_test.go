package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/search"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/internal/urdu"
)

func searchCount(t *testing.T, s *store.Store, q string) int {
	t.Helper()
	_, n, err := s.Search(context.Background(), store.SearchQuery{Query: search.Parse(q), Status: content.StatusPublished})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSectionLifecycle: a section is renamed, moved under another and
// given a new slug (its old address redirects, search follows the new
// name), and deleted only when empty.
func TestSectionLifecycle(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		if _, err := s.CreateNewSection(ctx, content.Section{Slug: "sports", Name: "کھیل دوبارہ"}); !errors.Is(err, store.ErrSlugTaken) {
			t.Errorf("duplicate slug: %v", err)
		}
		a := publish(t, s, f.sports, "میچ کا نتیجہ", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), nil, nil)
		sec, err := s.Section(ctx, f.sports)
		if err != nil {
			t.Fatal(err)
		}
		sec.Name, sec.Slug, sec.ParentID = "کھیلوں کی دنیا", "khel", f.national
		if err := s.UpdateSection(ctx, sec); err != nil {
			t.Fatal(err)
		}
		if _, target, err := s.Redirect(ctx, "/sports/"); err != nil || target != "/khel/" {
			t.Errorf("old section address: %q, %v", target, err)
		}
		if n := searchCount(t, s, "دنیا"); n != 1 {
			t.Errorf("search for the new section name finds %d", n)
		}
		got, _ := s.Section(ctx, f.sports)
		if got.ParentID != f.national || got.Slug != "khel" {
			t.Errorf("section after update: %+v", got)
		}
		// Renamed back: no redirect loop, the page is there again.
		got.Slug = "sports"
		if err := s.UpdateSection(ctx, got); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Redirect(ctx, "/sports/"); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("a redirect shadows the section's own address: %v", err)
		}
		if _, target, _ := s.Redirect(ctx, "/khel"); target != "/sports/" {
			t.Errorf("/khel leads to %q", target)
		}
		got.Slug = "national"
		if err := s.UpdateSection(ctx, got); !errors.Is(err, store.ErrSlugTaken) {
			t.Errorf("taking another section's slug: %v", err)
		}

		var inUse *store.SectionInUseError
		if err := s.DeleteSection(ctx, f.sports); !errors.As(err, &inUse) || inUse.Articles != 1 {
			t.Errorf("deleting a section with a story: %v", err)
		}
		if err := s.DeleteSection(ctx, f.national); !errors.As(err, &inUse) || inUse.Children != 1 {
			t.Errorf("deleting a section with a child: %v", err)
		}
		if err := s.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteSection(ctx, f.sports); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Section(ctx, f.sports); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("deleted section: %v", err)
		}
		if _, _, err := s.Redirect(ctx, "/khel"); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("redirect to a deleted section stays: %v", err)
		}

		id, err := s.CreateNewSection(ctx, content.Section{Slug: "business", Name: "کاروبار"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ReorderSections(ctx, []int64{id, f.national}); err != nil {
			t.Fatal(err)
		}
		secs, _ := s.Sections(ctx)
		if len(secs) != 2 || secs[0].ID != id {
			t.Errorf("order after reorder: %+v", secs)
		}
	})
}

// TestTagRenameAndMerge: renamed and merged tags keep their old
// addresses as redirects, search follows, and typing an old name later
// finds the tag it became. EnsureTag finds a tag by name whatever its
// slug.
func TestTagRenameAndMerge(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		at := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		a := publish(t, s, f.sports, "پہلی خبر", at, nil, []int64{f.cricket})
		b := publish(t, s, f.sports, "دوسری خبر", at.Add(time.Hour), nil, []int64{f.cricket, f.budget})

		// The bug: a tag with this name under another slug.
		imported, err := s.EnsureTag(ctx, content.Tag{Slug: "pakistan-cricket", Name: "قومی ٹیم"})
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.EnsureTag(ctx, content.Tag{Slug: "قومی-ٹیم", Name: "قومی ٹیم"})
		if err != nil || again != imported {
			t.Fatalf("EnsureTag by name: %d, %v (want %d)", again, err, imported)
		}

		if err := s.RenameTag(ctx, f.cricket, "قومی ٹیم", "x"); !errors.Is(err, store.ErrSlugTaken) {
			t.Errorf("rename to a taken name: %v", err)
		}
		if err := s.RenameTag(ctx, f.cricket, "کرکٹ ورلڈ کپ", "کرکٹ-ورلڈ-کپ"); err != nil {
			t.Fatal(err)
		}
		if _, target, err := s.Redirect(ctx, "/tag/کرکٹ"); err != nil || target != "/tag/کرکٹ-ورلڈ-کپ" {
			t.Errorf("old tag address: %q, %v", target, err)
		}
		if n := searchCount(t, s, "ورلڈ"); n != 2 {
			t.Errorf("search for the new tag name finds %d", n)
		}
		if id, _ := s.EnsureTag(ctx, content.Tag{Slug: "کرکٹ", Name: "کرکٹ"}); id != f.cricket {
			t.Errorf("typing the old name gives tag %d, want the renamed %d", id, f.cricket)
		}

		if err := s.MergeTags(ctx, f.budget, f.cricket); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TagByID(ctx, f.budget); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("merged tag still there: %v", err)
		}
		if _, target, _ := s.Redirect(ctx, "/tag/بجٹ"); target != "/tag/کرکٹ-ورلڈ-کپ" {
			t.Errorf("merged tag's address leads to %q", target)
		}
		for _, id := range []int64{a.ID, b.ID} {
			got, _ := s.Article(ctx, id)
			if len(got.Tags) != 1 || got.Tags[0].ID != f.cricket {
				t.Errorf("article %d tags after merge: %+v", id, got.Tags)
			}
		}
		if n, _ := s.CountArticles(ctx, store.PublishedArticles().WithTag(f.cricket)); n != 2 {
			t.Errorf("merged tag lists %d articles", n)
		}
		// A second rename moves the older redirects along: no chains.
		if err := s.RenameTag(ctx, f.cricket, "کرکٹ ورلڈ کپ", "world-cup"); err != nil {
			t.Fatal(err)
		}
		for _, old := range []string{"/tag/بجٹ", "/tag/کرکٹ", "/tag/کرکٹ-ورلڈ-کپ"} {
			if _, target, _ := s.Redirect(ctx, old); target != "/tag/world-cup" {
				t.Errorf("%s leads to %q", old, target)
			}
		}
		list, err := s.TagList(ctx, "ورلڈ", 10, 0)
		if err != nil || len(list) != 1 || list[0].Articles != 2 {
			t.Errorf("tag list: %+v, %v", list, err)
		}
		if err := s.MergeTags(ctx, f.cricket, f.cricket); err == nil {
			t.Error("merging a tag into itself")
		}
	})
}

// TestTagsSharingASlug: two names that spell one slug («C#» and «C++» are
// both c) are two tags, the newer at c-2; names that differ only in case
// or spelling variants are one tag.
func TestTagsSharingASlug(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ensure := func(name string) int64 {
			t.Helper()
			id, err := s.EnsureTag(ctx, content.Tag{Slug: urdu.UrduSlug(name), Name: name})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		cs, cpp := ensure("C#"), ensure("C++")
		if cs == cpp {
			t.Fatal("«C#» and «C++» became one tag")
		}
		if tg, err := s.TagByID(ctx, cpp); err != nil || tg.Name != "C++" || tg.Slug != urdu.UrduSlug("C++")+"-2" {
			t.Errorf("the second tag: %+v %v, want «C++» at %s-2", tg, err, urdu.UrduSlug("C++"))
		}
		if ensure("C++") != cpp || ensure("C#") != cs {
			t.Error("typing a tag again did not find it")
		}
		if ensure("Pakistan") != ensure("pakistan") {
			t.Error("«Pakistan» and «pakistan» are two tags")
		}
	})
}
