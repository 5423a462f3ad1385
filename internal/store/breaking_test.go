package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestBreaking: one strip shows at a time, from raising until it expires
// or is taken down; bad strips are refused and change nothing; a linked
// story that is unpublished later stops being linked.
func TestBreaking(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
		story := publish(t, s, f.national, "زلزلہ", now.Add(-time.Hour), []int64{f.bilal}, nil)
		draft := content.Article{SectionID: f.national, Status: content.StatusDraft, Headline: "مسودہ",
			Slug: "draft", Language: "ur", BodyHTML: "<p>x</p>", BodyText: "x"}
		if err := s.SaveArticle(ctx, &draft, nil, nil, 0); err != nil {
			t.Fatal(err)
		}

		current := func(at time.Time) *content.Breaking {
			t.Helper()
			b, err := s.CurrentBreaking(ctx, at)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		if b := current(now); b != nil {
			t.Fatalf("a fresh site shows %+v", b)
		}

		for _, bad := range []content.Breaking{
			{Text: "  ", ExpiresAt: now.Add(time.Hour)},
			{Text: strings.Repeat("خ", content.BreakingTextMax+1), ExpiresAt: now.Add(time.Hour)},
			{Text: "ماضی", ExpiresAt: now.Add(-time.Minute)},
			{Text: "بہت دیر", ExpiresAt: now.Add(content.BreakingLongest + time.Hour)},
			{Text: "مسودہ", ArticleID: draft.ID, ExpiresAt: now.Add(time.Hour)},
			{Text: "غائب", ArticleID: 999999, ExpiresAt: now.Add(time.Hour)},
		} {
			if err := s.RaiseBreaking(ctx, &bad, now); !errors.Is(err, content.ErrInvalid) {
				t.Errorf("raising %q (article %d, expiry %s): err %v, want ErrInvalid", bad.Text, bad.ArticleID, bad.ExpiresAt, err)
			}
		}
		if list, err := s.RecentBreaking(ctx, 10); err != nil || len(list) != 0 {
			t.Fatalf("refused strips were stored: %v, %v", list, err)
		}

		first := content.Breaking{Text: " کراچی میں زلزلہ ", ArticleID: story.ID, RaisedBy: f.bilal, ExpiresAt: now.Add(time.Hour)}
		if err := s.RaiseBreaking(ctx, &first, now); err != nil {
			t.Fatal(err)
		}
		b := current(now.Add(time.Minute))
		if b == nil || b.ID != first.ID || b.Text != "کراچی میں زلزلہ" || b.Article == nil || b.Article.ID != story.ID {
			t.Fatalf("current = %+v, want the strip, trimmed, linking story %d", b, story.ID)
		}
		if b := current(now.Add(time.Hour)); b != nil {
			t.Errorf("the strip shows at its expiry")
		}

		// A second strip replaces the first, which stays ended in the record.
		second := content.Breaking{Text: "امدادی کارروائیاں جاری", ExpiresAt: now.Add(2 * time.Hour)}
		if err := s.RaiseBreaking(ctx, &second, now.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if b := current(now.Add(11 * time.Minute)); b == nil || b.ID != second.ID || b.Article != nil {
			t.Fatalf("current = %+v, want the second strip, unlinked", b)
		}
		list, err := s.RecentBreaking(ctx, 10)
		if err != nil || len(list) != 2 || list[0].ID != second.ID || list[1].EndedAt.IsZero() {
			t.Fatalf("record = %+v, %v; want the second, then the first ended", list, err)
		}

		// Taken down: nothing shows; ending it again is no error.
		if err := s.EndBreaking(ctx, second.ID, now.Add(20*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if b := current(now.Add(21 * time.Minute)); b != nil {
			t.Errorf("a strip taken down still shows: %+v", b)
		}
		if err := s.EndBreaking(ctx, second.ID, now.Add(22*time.Minute)); err != nil {
			t.Errorf("ending twice: %v", err)
		}
		if err := s.EndBreaking(ctx, 424242, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ending a strip that never was: %v, want ErrNotFound", err)
		}

		// A linked story unpublished after raising is no longer linked.
		third := content.Breaking{Text: "تازہ ترین", ArticleID: story.ID, ExpiresAt: now.Add(3 * time.Hour)}
		if err := s.RaiseBreaking(ctx, &third, now.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		story.Status = content.StatusUnpublished
		if err := s.SaveArticle(ctx, &story, []int64{f.bilal}, nil, 0); err != nil {
			t.Fatal(err)
		}
		if b := current(now.Add(31 * time.Minute)); b == nil || b.Article != nil {
			t.Errorf("current = %+v, want the strip without its unpublished story", b)
		}
	})
}
