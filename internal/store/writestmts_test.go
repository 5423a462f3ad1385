package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/search"
)

// TestArticleImporterPrepares: the first batch prepares the statements
// it met, later batches run them prepared and write the same rows, and a
// batch refused for a conflict leaves nothing behind, prepared or not.
func TestArticleImporterPrepares(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "bulk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	sec, err := s.CreateSection(ctx, content.Section{Slug: "news", Name: "خبریں"})
	if err != nil {
		t.Fatal(err)
	}
	im := s.ArticleImporter()
	defer im.Close()
	when := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	batch := func(from int) []ArticleImport {
		var out []ArticleImport
		for i := from; i < from+3; i++ {
			out = append(out, ArticleImport{Article: &content.Article{SectionID: sec, Status: content.StatusPublished,
				Headline: fmt.Sprintf("خبر نمبر %d", i), Slug: fmt.Sprintf("khabar-%d", i), Language: "ur",
				BodyHTML: "<p>بارش کا امکان</p>", BodyText: "بارش کا امکان", PublishedAt: when, UpdatedAt: when},
				Key:      ImportKey{Source: "https://example.pk", Kind: "post", ID: fmt.Sprint(i)},
				OldPaths: []string{fmt.Sprintf("/?p=%d", i)}})
		}
		return out
	}
	var all []ArticleImport
	for b := range 3 {
		next := batch(b * 3)
		if err := im.ImportArticles(ctx, next); err != nil {
			t.Fatalf("batch %d: %v", b, err)
		}
		all = append(all, next...)
		if prepared := len(im.stmts.m); b == 0 && prepared < 10 {
			t.Fatalf("after the first batch %d statements are prepared, want the article's dozen", prepared)
		}
		// The first batch meets its statements; the next ones run them.
		if ran := im.stmts.ran.Load(); b == 0 && ran != 0 || b > 0 && ran < int64(30*b) {
			t.Fatalf("after batch %d, %d statements ran prepared", b, ran)
		}
	}
	for i, a := range all {
		rec, ok, err := s.Imported(ctx, a.Key)
		if err != nil || !ok || rec.LocalID != a.Article.ID || rec.Version != 1 {
			t.Errorf("post %d: import record %+v %v %v, article %d", i, rec, ok, err, a.Article.ID)
		}
		if id, _, err := s.Redirect(ctx, fmt.Sprintf("/?p=%d", i)); err != nil || id != a.Article.ID {
			t.Errorf("post %d: redirect to %d (%v), want %d", i, id, err, a.Article.ID)
		}
	}
	found, n, err := s.Search(ctx, SearchQuery{Query: search.Parse("بارش"), Per: 20})
	if err != nil || n != len(all) || len(found) != len(all) {
		t.Errorf("search found %d of %d (%v)", n, len(all), err)
	}

	// A stale version in the middle of a batch: nothing of it is written.
	stale := batch(100)
	old := *all[0].Article
	stale[1] = ArticleImport{Article: &old, Key: all[0].Key}
	if err := s.SaveArticle(ctx, all[0].Article, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	if err := im.ImportArticles(ctx, stale); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("stale batch: %v, want a conflict", err)
	}
	if _, ok, _ := s.Imported(ctx, stale[0].Key); ok {
		t.Error("the refused batch's first article was recorded")
	}
	if n, err := s.CountArticles(ctx, AllArticles()); err != nil || n != len(all) {
		t.Errorf("%d articles after the refused batch (%v), want %d", n, err, len(all))
	}
}
