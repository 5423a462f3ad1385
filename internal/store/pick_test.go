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

// TestMediaSearchFolds: the library and the editor's image picker find an
// image by any word of its caption, credit, alt text or file name, however
// the reporter types it.
func TestMediaSearchFolds(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		now := time.Date(2026, 2, 18, 6, 0, 0, 0, time.UTC)
		add := func(filename, caption, credit, alt string, age time.Duration) int64 {
			t.Helper()
			m := content.Media{Format: "jpeg", Width: 1600, Height: 1000, Bytes: 1000, Filename: filename, Caption: caption,
				Credit: credit, Alt: alt, CreatedBy: f.ayesha, CreatedAt: now.Add(-age),
				Variants: []content.MediaVariant{{Width: 320, Height: 200, Format: "jpeg", Key: filename + "-320.jpg", Bytes: 100}}}
			if err := s.CreateMedia(ctx, &m); err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		rain := add("Karachi-Rain_2026.jpg", "کراچی میں بارش کے بعد سڑکوں پر پانی", "اے پی پی", "پانی میں ڈوبی سڑک پر ایک رکشہ", 3*time.Hour)
		fair := add("book-fair.png", "لاہور میں کتاب میلہ", "عائشہ صدیقی", "آنے والے لوگ کتابیں دیکھ رہے ہیں", 2*time.Hour)
		bare := add("IMG_4417.JPG", "", "", "", time.Hour)

		find := func(q string) []int64 {
			t.Helper()
			list, total, err := s.MediaList(ctx, q, 10, 0)
			if err != nil {
				t.Fatalf("MediaList(%q): %v", q, err)
			}
			if total != len(list) {
				t.Errorf("MediaList(%q): total %d for %d items", q, total, len(list))
			}
			ids := make([]int64, len(list))
			for i, m := range list {
				ids[i] = m.ID
				if len(m.Variants) == 0 {
					t.Errorf("MediaList(%q): image %d without renditions", q, m.ID)
				}
			}
			return ids
		}
		cases := []struct {
			q    string
			want []int64
		}{
			{"", []int64{bare, fair, rain}}, // newest first
			{"كراچي", []int64{rain}},        // Arabic kaf and yeh
			{"کَراچی", []int64{rain}},       // a diacritic
			{"بارِش سڑكوں", []int64{rain}},  // every word, each folded
			{"رکشہ", []int64{rain}},         // alt text
			{"صدیقی", []int64{fair}},        // credit
			{"KARACHI rain", []int64{rain}}, // file name, any case
			{"۴۴۱۷", []int64{bare}},         // Urdu digits find ASCII ones
			{"img", []int64{bare}},          // inside a longer word
			{"انے والے", []int64{fair}},     // آ typed without its madda
			{"اے پی پی لاہور", nil},         // words of two different images
			{"کرکٹ", nil},                   // nothing
			{"100%", nil},                   // % is a separator, no wildcard
			{"میں میں میں میں میں میں میں میں میں میں", []int64{fair, rain}}, // repeated words count once
		}
		for _, c := range cases {
			if got := find(c.q); !slices.Equal(got, c.want) {
				t.Errorf("MediaList(%q) = %v, want %v", c.q, got, c.want)
			}
		}

		// Paging: limit and offset over the newest-first list, total for all.
		page, total, err := s.MediaList(ctx, "", 2, 2)
		if err != nil || total != 3 || len(page) != 1 || page[0].ID != rain {
			t.Errorf("second page of two: %d items (total %d), %v", len(page), total, err)
		}

		// Changing the words or the file refolds them.
		if err := s.UpdateMediaText(ctx, bare, "ملتان کا گھنٹہ گھر", "اسٹاف فوٹوگرافر", "", now); err != nil {
			t.Fatal(err)
		}
		if got := find("ملتان img"); !slices.Equal(got, []int64{bare}) {
			t.Errorf("after new words: %v, want the image by caption and file name", got)
		}
		fresh := content.Media{ID: bare, Format: "png", Width: 800, Height: 600, Bytes: 10, Filename: "multan-clock.png",
			Variants: []content.MediaVariant{{Width: 320, Height: 240, Format: "png", Key: "multan-320.png", Bytes: 5}}}
		if _, err := s.ReplaceMediaFile(ctx, &fresh, now); err != nil {
			t.Fatal(err)
		}
		if got := find("multan گھنٹہ"); !slices.Equal(got, []int64{bare}) {
			t.Errorf("after a new file: %v, want the image by its new name", got)
		}
		if got := find("img"); len(got) != 0 {
			t.Errorf("the old file name still matches: %v", got)
		}

		// Images stored before the words were kept get them on migration.
		if err := s.ForgetMediaWordsForTest(ctx); err != nil {
			t.Fatal(err)
		}
		if got := find("كراچي"); len(got) != 0 {
			t.Fatalf("search matched images without words: %v", got)
		}
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got := find("كراچي"); !slices.Equal(got, []int64{rain}) {
			t.Errorf("after Migrate: %v, want the image found again", got)
		}
	})
}

// TestPickArticles: the "translation of" picker finds articles by the
// words of their headline, folded as the site search folds them.
func TestPickArticles(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		now := time.Date(2026, 2, 18, 6, 0, 0, 0, time.UTC)
		save := func(headline, body string, st content.Status, by int64, at time.Time, lang string, of int64) int64 {
			t.Helper()
			a := content.Article{SectionID: f.national, Status: st, Headline: headline, BodyHTML: "<p>" + body + "</p>",
				BodyText: body, Slug: "khabar", Language: lang, UpdatedAt: at, TranslationOf: of}
			if st == content.StatusPublished {
				a.PublishedAt = at
			}
			if err := s.SaveArticle(ctx, &a, nil, nil, by); err != nil { // the first editor is the creator
				t.Fatal(err)
			}
			return a.ID
		}
		rain := save("کراچی میں بارش کا نیا ریکارڈ", "تفصیل", content.StatusPublished, f.bilal, now.Add(-5*time.Hour), "ur", 0)
		budget := save("کراچی کے بجٹ پر بحث", "تفصیل", content.StatusDraft, f.bilal, now.Add(-4*time.Hour), "ur", 0)
		port := save("کراچی کی بندرگاہ پر نیا ٹرمینل", "تفصیل", content.StatusDraft, f.ayesha, now.Add(-3*time.Hour), "ur", 0)
		english := save("Record rain in Karachi کراچی", "details", content.StatusPublished, f.bilal, now.Add(-2*time.Hour), "en", rain)
		bodyOnly := save("بارش سے فصلوں کو نقصان", "کراچی کے قریب کھیت", content.StatusPublished, f.bilal, now.Add(-time.Hour), "ur", 0)

		pick := func(p store.HeadlinePick) ([]int64, bool) {
			t.Helper()
			list, more, err := s.PickArticles(ctx, p)
			if err != nil {
				t.Fatalf("PickArticles(%q): %v", p.Query.String(), err)
			}
			ids := make([]int64, len(list))
			for i, a := range list {
				ids[i] = a.ID
				if a.Section.Name != "قومی" {
					t.Errorf("article %d without its section: %+v", a.ID, a.Section)
				}
			}
			return ids, more
		}
		cases := []struct {
			name string
			p    store.HeadlinePick
			want []int64
		}{
			{"Arabic letters, headline only, newest first", store.HeadlinePick{Query: search.Parse("كراچي")}, []int64{english, port, budget, rain}},
			{"a prefix being typed, with a diacritic", store.HeadlinePick{Query: search.Parse("کَراچ")}, []int64{english, port, budget, rain}},
			{"every word", store.HeadlinePick{Query: search.Parse("كراچی بارش")}, []int64{rain}},
			{"originals only", store.HeadlinePick{Query: search.Parse("کراچی"), Originals: true}, []int64{port, budget, rain}},
			{"published and one's own", store.HeadlinePick{Query: search.Parse("کراچی"), VisibleTo: f.ayesha}, []int64{english, port, rain}},
			{"not the article being edited", store.HeadlinePick{Query: search.Parse("کراچی"), Except: english, Originals: true, VisibleTo: f.ayesha}, []int64{port, rain}},
			{"no words: recently changed first", store.HeadlinePick{Except: bodyOnly}, []int64{english, port, budget, rain}},
			{"nothing", store.HeadlinePick{Query: search.Parse("لاہور")}, nil},
		}
		for _, c := range cases {
			if got, more := pick(c.p); !slices.Equal(got, c.want) || more {
				t.Errorf("%s: %v (more %v), want %v", c.name, got, more, c.want)
			}
		}
		first, more := pick(store.HeadlinePick{Query: search.Parse("کراچی"), Limit: 2})
		if !slices.Equal(first, []int64{english, port}) || !more {
			t.Errorf("first page of 2: %v, more %v", first, more)
		}
		last, more := pick(store.HeadlinePick{Query: search.Parse("کراچی"), Limit: 2, Offset: 2})
		if !slices.Equal(last, []int64{budget, rain}) || more {
			t.Errorf("second page of 2: %v, more %v", last, more)
		}
	})
}
