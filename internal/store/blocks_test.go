package store_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestBodyBlocks: the images a body's story blocks show count as used
// (where-used lists them, deleting them is refused) from the save that
// adds them until the save that removes them; bodies with blocks go into
// revisions and come back from a restore byte for byte.
func TestBodyBlocks(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		now := time.Date(2026, 2, 18, 6, 0, 0, 0, time.UTC)
		image := func(name string) int64 {
			m := content.Media{Format: "jpeg", Width: 800, Height: 600, Bytes: 1000, Filename: name + ".jpg", CreatedAt: now,
				Variants: []content.MediaVariant{{Width: 800, Height: 600, Format: "jpeg", Key: "aa/bb/" + name + ".jpg", Bytes: 1000, Original: true}}}
			if err := s.CreateMedia(ctx, &m); err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		photo, second, poster, unused := image("photo"), image("second"), image("poster"), image("unused")
		related := publish(t, s, f.national, "متعلقہ خبر", now, nil, nil)
		body := content.PrepareBody(`<p>متن</p>` +
			`<figure data-block="gallery"><figure data-block="image" data-media="` + id(photo) + `"></figure><figure data-block="image" data-media="` + id(second) + `"><figcaption>دوسری</figcaption></figure></figure>` +
			`<figure data-block="embed" data-url="https://youtu.be/dQw4w9WgXcQ" data-poster="` + id(poster) + `"><figcaption>خطاب</figcaption></figure>` +
			`<figure data-block="image" data-media="999999"></figure>` + // no such image: drawn as nothing, counted nowhere
			`<table><tr><th>سال</th></tr><tr><td>2026</td></tr></table>` +
			`<aside data-block="related" data-article="` + id(related.ID) + `"></aside>`)
		a := publish(t, s, f.national, "بلاکس والی خبر", now, nil, nil)
		a.BodyHTML, a.BodyText = body, content.PlainText(body)
		if err := s.SaveArticle(ctx, &a, nil, nil, f.bilal); err != nil {
			t.Fatal(err)
		}
		for _, m := range []int64{photo, second, poster} {
			usage, err := s.MediaUsage(ctx, m)
			if err != nil || len(usage) != 1 || usage[0].ID != a.ID {
				t.Errorf("media %d used by %+v, %v; want article %d", m, usage, err, a.ID)
			}
			if _, err := s.DeleteMedia(ctx, m); !errors.Is(err, content.ErrConflict) {
				t.Errorf("media %d in a body deleted: %v", m, err)
			}
		}
		if usage, _ := s.MediaUsage(ctx, unused); len(usage) != 0 {
			t.Errorf("unused image used by %+v", usage)
		}
		got, err := s.Article(ctx, a.ID)
		if err != nil || got.BodyHTML != body {
			t.Fatalf("stored body changed:\n%s\n%s (%v)", body, got.BodyHTML, err)
		}

		// A new version without the gallery frees its images; the old
		// version stays a revision, verbatim, and restoring it brings the
		// gallery (and its images' use) back.
		got.BodyHTML = "<p>صرف متن</p>"
		if err := s.SaveArticle(ctx, &got, nil, nil, f.bilal); err != nil {
			t.Fatal(err)
		}
		if usage, _ := s.MediaUsage(ctx, photo); len(usage) != 0 {
			t.Errorf("an image taken out of the body still counts as used: %+v", usage)
		}
		revs, err := s.Revisions(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var old *content.Revision
		for i := range revs {
			if revs[i].Version == a.Version {
				old = &revs[i]
			}
		}
		if old == nil || old.BodyHTML != body {
			t.Fatalf("the revision with blocks is not kept verbatim: %+v", old)
		}
		got.BodyHTML = old.BodyHTML
		if err := s.SaveArticle(ctx, &got, nil, nil, f.bilal); err != nil {
			t.Fatal(err)
		}
		if restored, _ := s.Article(ctx, a.ID); restored.BodyHTML != body {
			t.Errorf("restored body differs:\n%s\n%s", body, restored.BodyHTML)
		}
		if usage, _ := s.MediaUsage(ctx, photo); len(usage) != 1 {
			t.Errorf("restored gallery's image not counted as used: %+v", usage)
		}

		// Related boxes look their stories up by id: published ones only.
		draft := content.Article{SectionID: f.national, Status: content.StatusDraft, Headline: "مسودہ", Slug: "draft"}
		if err := s.SaveArticle(ctx, &draft, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		list, err := s.ListArticles(ctx, store.PublishedArticles().WithIDs(related.ID, draft.ID, 424242).WithoutBylines())
		if err != nil || len(list) != 1 || list[0].ID != related.ID {
			t.Errorf("WithIDs = %+v, %v", list, err)
		}
		if list, err := s.ListArticles(ctx, store.PublishedArticles().WithIDs()); err != nil || len(list) != 0 {
			t.Errorf("WithIDs() = %+v, %v", list, err)
		}
	})
}

func id(n int64) string { return strconv.FormatInt(n, 10) }
