package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestVocabularySuggests: the vocabulary holds the index's words with
// their article counts, on both engines, and Near finds the index's word
// for a reader's slip: ے for ی and ھ for ہ cost least, an ordinary typo
// more, and numbers and section tokens are not words.
func TestVocabularySuggests(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		secID, err := s.CreateSection(ctx, content.Section{Slug: "national", Name: "قومی"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC)
		for i, h := range []string{"کراچی میں شدید بارش", "کراچی کے سیلاب زدگان", "لاہور میں بارش 2026", "وزیراعظم نے کہا"} {
			a := content.Article{SectionID: secID, Status: content.StatusPublished, Headline: h, Slug: "x",
				Language: "ur", BodyHTML: "<p>" + h + "</p>", BodyText: h, PublishedAt: now.Add(-time.Duration(i) * time.Hour)}
			if err := s.SaveArticle(ctx, &a, nil, nil, 0); err != nil {
				t.Fatal(err)
			}
		}
		v, err := s.Vocabulary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Engine() == store.SQLite {
			if ok, err := s.ReadersQueryOnlyForTest(ctx); err != nil || !ok {
				t.Errorf("a read connection accepts writes after the vocabulary loaded (%v)", err)
			}
		}
		if v.Docs("کراچی") != 2 || v.Docs("بارش") != 2 || v.Docs("سیلاب") != 1 {
			t.Errorf("docs: کراچی %d, بارش %d, سیلاب %d; want 2, 2, 1", v.Docs("کراچی"), v.Docs("بارش"), v.Docs("سیلاب"))
		}
		if v.Docs("2026") != 0 || v.Docs("stpublished") != 0 || v.Len() == 0 {
			t.Errorf("numbers or state tokens in the vocabulary (%d words)", v.Len())
		}
		// The index's derived forms (search keys after a tatweel) are no
		// words a reader could be offered.
		for _, w := range v.Words() {
			if strings.HasPrefix(w, "ـ") {
				t.Errorf("derived form %q in the vocabulary", w)
			}
		}
		for word, want := range map[string]string{
			"کراچے":   "کراچی", // ی typed as ے
			"کھا":     "کہا",   // ہ typed as ھ
			"براش":    "بارش",  // two letters swapped
			"سلاب":    "سیلاب", // a letter missing
			"وزیراعظ": "وزیراعظم",
		} {
			got := v.Near(word, 20, 3)
			if len(got) == 0 || got[0].Word != want {
				t.Errorf("Near(%q) = %v, want %q first", word, got, want)
			}
		}
		if got := v.Near("کراچے", 20, 1); len(got) != 1 || got[0].Distance != 3 {
			t.Errorf("ی/ے slip: %v, want distance 3", got)
		}
		if got := v.Near("کراچی", 5, 3); len(got) != 0 {
			t.Errorf("a known word near itself: %v", got)
		}
	})
}

// TestVocabularyRefreshes: a vocabulary older than its age serves while a
// fresh one loads, and the next call sees a word saved since.
func TestVocabularyRefreshes(t *testing.T) {
	s := storetest.OpenSQLite(t)
	ctx := context.Background()
	secID, err := s.CreateSection(ctx, content.Section{Slug: "national", Name: "قومی"})
	if err != nil {
		t.Fatal(err)
	}
	save := func(h string) {
		a := content.Article{SectionID: secID, Status: content.StatusPublished, Headline: h, Slug: "x",
			Language: "ur", BodyHTML: "<p>" + h + "</p>", BodyText: h, PublishedAt: time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC)}
		if err := s.SaveArticle(ctx, &a, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
	}
	save("کراچی میں بارش")
	if v, err := s.Vocabulary(ctx); err != nil || v.Docs("سیلاب") != 0 {
		t.Fatalf("first load: %v", err)
	}
	save("سیلاب کی تباہی")
	defer store.SetVocabularyMaxAgeForTest(0)()
	for range 100 {
		v, err := s.Vocabulary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v.Docs("سیلاب") == 1 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Error("the vocabulary never learned a word saved after it loaded")
}
