package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

func TestMediaLibrary(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		now := time.Date(2026, 2, 18, 6, 0, 0, 0, time.UTC)
		variants := func(tag string) []content.MediaVariant {
			return []content.MediaVariant{
				{Width: 1600, Height: 1000, Format: "jpeg", Key: "aa/bb/" + tag + "-1600.jpg", Bytes: 300000, Original: true},
				{Width: 320, Height: 200, Format: "jpeg", Key: "aa/bb/" + tag + "-320.jpg", Bytes: 12000},
				{Width: 320, Height: 200, Format: "webp", Key: "aa/bb/" + tag + "-320.webp", Bytes: 9000},
			}
		}
		m := content.Media{Format: "jpeg", Width: 1600, Height: 1000, Bytes: 300000, Filename: "mela.jpg",
			Caption: "شکرپڑیاں میں بہار میلہ", Credit: "اے پی پی", CreatedBy: f.ayesha, CreatedAt: now, Variants: variants("one")}
		if err := s.CreateMedia(ctx, &m); err != nil {
			t.Fatal(err)
		}
		got, err := s.Media(ctx, m.ID)
		if err != nil || got.Caption != m.Caption || len(got.Variants) != 3 || got.Fallback().Width != 320 {
			t.Fatalf("Media = %+v, %v", got, err)
		}
		if got.ReadyToPublish() {
			t.Error("an image without alt text is ready to publish")
		}
		if err := s.UpdateMediaText(ctx, m.ID, m.Caption, m.Credit, "پھولوں سے سجا پنڈال", now); err != nil {
			t.Fatal(err)
		}
		// Search is folded: Arabic yeh in the query finds the Urdu caption.
		list, total, err := s.MediaList(ctx, "ميلہ", 10, 0)
		if err != nil || total != 1 || len(list) != 1 || len(list[0].Variants) != 3 {
			t.Fatalf("MediaList = %d items, total %d, %v", len(list), total, err)
		}
		if _, total, _ := s.MediaList(ctx, "کرکٹ", 10, 0); total != 0 {
			t.Error("unrelated search matched")
		}

		a := publish(t, s, f.national, "میلے کی خبر", now, nil, nil)
		a.LeadMediaID = m.ID
		if err := s.SaveArticle(ctx, &a, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		withLead, _ := s.Article(ctx, a.ID)
		if withLead.Lead == nil || withLead.Lead.Alt != "پھولوں سے سجا پنڈال" || len(withLead.Lead.Variants) != 3 {
			t.Fatalf("article lead = %+v", withLead.Lead)
		}
		listed, _ := s.ListArticles(ctx, store.PublishedArticles())
		if len(listed) != 1 || listed[0].Lead == nil {
			t.Error("listing does not carry the lead image")
		}
		usage, _ := s.MediaUsage(ctx, m.ID)
		if len(usage) != 1 || usage[0].ID != a.ID {
			t.Errorf("usage = %v", usage)
		}
		if _, err := s.DeleteMedia(ctx, m.ID); !errors.Is(err, content.ErrConflict) {
			t.Errorf("deleting an image in use: %v, want ErrConflict", err)
		}

		fresh := content.Media{ID: m.ID, Format: "png", Width: 800, Height: 600, Bytes: 5000, Filename: "new.png", Variants: variants("two")}
		old, err := s.ReplaceMediaFile(ctx, &fresh, now)
		if err != nil || len(old) != 3 {
			t.Fatalf("replace: %v, old keys %v", err, old)
		}
		after, _ := s.Article(ctx, a.ID)
		if after.Lead.Format != "png" || after.Lead.Caption != m.Caption || after.Lead.Variants[0].Key == variants("one")[0].Key {
			t.Errorf("after replace: %+v", after.Lead)
		}

		a2, _ := s.Article(ctx, a.ID)
		a2.LeadMediaID = 0
		if err := s.SaveArticle(ctx, &a2, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		keys, err := s.DeleteMedia(ctx, m.ID)
		if err != nil || len(keys) != 3 {
			t.Fatalf("delete unused: %v %v", keys, err)
		}
		if _, err := s.Media(ctx, m.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted media still there: %v", err)
		}
	})
}
