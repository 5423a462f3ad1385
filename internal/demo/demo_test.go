package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

func TestDemoArticlesAreComplete(t *testing.T) {
	list, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 41 {
		t.Fatalf("%d demo articles, want the seed and at least 40 more", len(list))
	}
	sections := map[string]int{}
	authors := map[string]bool{}
	for _, u := range Authors {
		authors[u.Slug] = true
	}
	tagUse := map[string]int{}
	for _, a := range list {
		sections[a.Section]++
		if a.Strapline == "" || a.Source == "" || len(a.Authors) == 0 || len(a.Tags) == 0 || a.HoursAgo <= 0 || a.Views <= 0 {
			t.Errorf("%s: incomplete header: %+v", a.File, a)
		}
		for _, au := range a.Authors {
			if !authors[au] {
				t.Errorf("%s: unknown author %q", a.File, au)
			}
		}
		for _, tg := range a.Tags {
			tagUse[tg]++
		}
		if strings.ContainsAny(a.Headline+a.Body, "\u0643\u064A\u0649\u0640") {
			t.Errorf("%s: Arabic kaf/yeh or tatweel left in the text", a.File)
		}
	}
	if len(sections) < 8 {
		t.Errorf("articles in %d sections, want 8", len(sections))
	}
	shared := 0
	for _, n := range tagUse {
		if n > 1 {
			shared++
		}
	}
	if shared < 10 {
		t.Errorf("only %d tags are shared by several articles: tag pages would be thin", shared)
	}
}

func TestSeedIsStructured(t *testing.T) {
	list, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	seed := list[0]
	if seed.Section != "international" || seed.Headline != "روس شمالی کوریا دفاعی شراکت کو وسعت دینے پر آمادہ" ||
		seed.Source != "نیوز ڈیسک" || seed.Place != "پیانگ یانگ" ||
		!strings.HasPrefix(seed.Strapline, "سرگئی شوئیگو کا پیانگ یانگ کا دوسرا دورہ") {
		t.Fatalf("seed header: %+v", seed)
	}
	if n := strings.Count(seed.Body, "<p>"); n != 8 {
		t.Errorf("seed has %d paragraphs, want 8", n)
	}
	h2 := strings.Index(seed.Body, "<h2>کم جونگ اُن سے دو ہفتوں میں دوسرا متوقع رابطہ</h2>")
	if h2 < 0 || strings.Count(seed.Body[:h2], "<p>") != 4 {
		t.Error("the subheading is not after the fourth paragraph")
	}
	if !strings.HasPrefix(seed.Body, "<p>روسی سلامتی کونسل کے سیکریٹری") {
		t.Error("the first paragraph should start after the dateline")
	}
	if !strings.Contains(seed.Body, "اعلیٰ") || !strings.Contains(seed.Body, "اُن") {
		t.Error("diacritics were lost")
	}
}

func TestParseErrors(t *testing.T) {
	for name, text := range map[string]string{
		"no body":        "section: national\nheadline: سرخی\n",
		"unknown key":    "section: national\nheadline: سرخی\ncolour: red\n\n<p>x</p>",
		"bad number":     "section: national\nheadline: سرخی\nviews: many\n\nمتن",
		"no headline":    "section: national\n\nمتن",
		"not key: value": "section national\n\nمتن",
	} {
		if _, err := Parse(text); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestLoadOnce(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 2, 18, 2, 0, 0, 0, time.UTC)
		ok, err := Load(ctx, s, now)
		if err != nil || !ok {
			t.Fatalf("first Load = %v, %v", ok, err)
		}
		n, _ := s.CountArticles(ctx, store.PublishedArticles())
		list, _ := Articles()
		if n != len(list) {
			t.Errorf("%d articles stored, want %d", n, len(list))
		}
		ok, err = Load(ctx, s, now)
		if err != nil || ok {
			t.Errorf("second Load = %v, %v; want false, nil", ok, err)
		}
		if n2, _ := s.CountArticles(ctx, store.PublishedArticles()); n2 != n {
			t.Errorf("second Load changed the article count to %d", n2)
		}
		top, err := s.MostRead(ctx, store.Hour(now)-47, store.Hour(now), 10)
		if err != nil || len(top) != 10 {
			t.Fatalf("most read: %d, %v", len(top), err)
		}
		for i := 1; i < len(top); i++ {
			if top[i].Views > top[i-1].Views {
				t.Error("most-read list is not ordered by views")
			}
		}
		for _, a := range top {
			if a.Status != content.StatusPublished {
				t.Error("unpublished article in most read")
			}
		}
	})
}
