package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestLiveCoverage walks one live page through its life on each engine:
// started, updates posted, edited, pinned, deleted, ended and resumed;
// each change takes the next sequence number, and the changes since a
// number are exactly what a reader who saw it has to apply.
func TestLiveCoverage(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
		a := publish(t, s, f.national, "بجٹ اجلاس: لمحہ بہ لمحہ", now.Add(-time.Hour), []int64{f.bilal}, nil)
		other := publish(t, s, f.national, "دوسری خبر", now.Add(-time.Hour), nil, nil)

		if _, err := s.LiveCoverage(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("coverage before the start: %v, want ErrNotFound", err)
		}
		post := func(u content.LiveUpdate, at time.Time) content.LiveUpdate {
			t.Helper()
			u.ArticleID, u.AuthorID = a.ID, f.bilal
			if err := s.PostLive(ctx, &u, at); err != nil {
				t.Fatal(err)
			}
			return u
		}
		if err := s.PostLive(ctx, &content.LiveUpdate{ArticleID: a.ID, Kind: content.LiveText, TextHTML: "<p>x</p>"}, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("posting before the start: %v, want ErrNotFound", err)
		}
		if _, err := s.StartLive(ctx, 999999, f.bilal, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("starting a missing article: %v, want ErrNotFound", err)
		}
		if changed, err := s.StartLive(ctx, a.ID, f.bilal, now); err != nil || !changed {
			t.Fatalf("StartLive = %v, %v", changed, err)
		}
		if changed, err := s.StartLive(ctx, a.ID, f.bilal, now.Add(time.Minute)); err != nil || changed {
			t.Errorf("starting running coverage again = %v, %v; want no change", changed, err)
		}
		c, err := s.LiveCoverage(ctx, a.ID)
		if err != nil || !c.Running() || !c.StartedAt.Equal(now) || c.StartedBy != f.bilal || c.Seq != 0 || !c.Published {
			t.Fatalf("coverage = %+v, %v", c, err)
		}

		// Bad updates are refused and take no number.
		for _, bad := range []content.LiveUpdate{
			{Kind: content.LiveText},
			{Kind: "video", TextHTML: "<p>x</p>"},
			{Kind: content.LiveImage, TextHTML: "<p>x</p>"},
			{Kind: content.LiveImage, MediaID: 424242},
			{Kind: content.LiveQuote, QuoteSource: "وزیرِ خزانہ"},
		} {
			bad.ArticleID = a.ID
			if err := s.PostLive(ctx, &bad, now); !errors.Is(err, content.ErrInvalid) {
				t.Errorf("posting %+v: %v, want ErrInvalid", bad, err)
			}
		}
		if c, _ := s.LiveCoverage(ctx, a.ID); c.Seq != 0 {
			t.Fatalf("refused updates took numbers: seq %d", c.Seq)
		}

		m := content.Media{Format: "jpeg", Width: 1600, Height: 1000, Bytes: 1000, Caption: "اسمبلی ہال", Credit: "اے پی پی",
			Alt: "ارکان اسمبلی اپنی نشستوں پر", CreatedAt: now,
			Variants: []content.MediaVariant{{Width: 1600, Height: 1000, Format: "jpeg", Key: "aa/bb/hall-1600.jpg", Bytes: 1000, Original: true}}}
		if err := s.CreateMedia(ctx, &m); err != nil {
			t.Fatal(err)
		}
		first := post(content.LiveUpdate{Kind: content.LiveText, TextHTML: content.LiveTextHTML("اجلاس شروع ہو گیا۔\n\nوزیرِ خزانہ <ایوان> میں")}, now.Add(time.Minute))
		if first.Seq != 1 || first.ID == 0 || first.TextHTML != "<p>اجلاس شروع ہو گیا۔</p><p>وزیرِ خزانہ &lt;ایوان&gt; میں</p>" {
			t.Errorf("first update = %+v", first)
		}
		photo := post(content.LiveUpdate{Kind: content.LiveImage, MediaID: m.ID}, now.Add(2*time.Minute))
		quote := post(content.LiveUpdate{Kind: content.LiveQuote, Quote: " ٹیکس  نہیں بڑھے گا ", QuoteSource: "وزیرِ خزانہ"}, now.Add(3*time.Minute))
		if photo.Seq != 2 || quote.Seq != 3 || quote.Quote != "ٹیکس نہیں بڑھے گا" {
			t.Errorf("sequences %d, %d; quote %q", photo.Seq, quote.Seq, quote.Quote)
		}
		if _, err := s.DeleteMedia(ctx, m.ID); !errors.Is(err, content.ErrConflict) {
			t.Errorf("deleting a picture a live update shows: %v, want ErrConflict", err)
		}

		list, err := s.LiveUpdates(ctx, a.ID)
		if err != nil || len(list) != 3 || list[0].ID != quote.ID || list[2].ID != first.ID {
			t.Fatalf("LiveUpdates = %+v, %v; want newest first", list, err)
		}
		if list[1].Media == nil || list[1].Media.Alt != m.Alt || len(list[1].Media.Variants) != 1 ||
			list[0].Author == nil || list[0].Author.Name != "بلال احمد" {
			t.Errorf("picture or author not loaded: %+v", list[1])
		}

		// Pin the first, then the photo: both pinned, each change numbered.
		if changed, err := s.PinLive(ctx, a.ID, first.ID, true); err != nil || !changed {
			t.Fatalf("pin: %v, %v", changed, err)
		}
		if changed, err := s.PinLive(ctx, a.ID, first.ID, true); err != nil || changed {
			t.Errorf("pinning the pinned one: %v, %v; want no change", changed, err)
		}
		if _, err := s.PinLive(ctx, a.ID, photo.ID, true); err != nil {
			t.Fatal(err)
		}
		changes, err := s.LiveChangesSince(ctx, a.ID, 3)
		if err != nil || len(changes) != 2 {
			t.Fatalf("changes since 3 = %+v, %v", changes, err)
		}
		if changes[0].ID != first.ID || changes[0].Seq != 4 || !changes[0].Pinned ||
			changes[1].ID != photo.ID || changes[1].Seq != 5 || !changes[1].Pinned {
			t.Errorf("changes since 3: %+v, want the first pinned (4) and the photo pinned (5)", changes)
		}
		pinned := 0
		list, _ = s.LiveUpdates(ctx, a.ID)
		for _, u := range list {
			if u.Pinned {
				pinned++
			}
		}
		if pinned != 2 {
			t.Errorf("%d updates pinned, want 2", pinned)
		}

		// Edit keeps the posting time and moves the edit time.
		edited := content.LiveUpdate{ID: first.ID, ArticleID: a.ID, Kind: content.LiveText, TextHTML: content.LiveTextHTML("اجلاس آدھا گھنٹہ تاخیر سے شروع ہوا۔")}
		if err := s.EditLive(ctx, &edited, now.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if edited.Seq != 6 {
			t.Errorf("edit took %d, want 6", edited.Seq)
		}
		if err := s.EditLive(ctx, &content.LiveUpdate{ID: first.ID, ArticleID: other.ID, Kind: content.LiveText, TextHTML: "<p>x</p>"}, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("editing through another article: %v, want ErrNotFound", err)
		}

		// Delete: a tombstone, pinned no more, emptied, with a number.
		if err := s.DeleteLive(ctx, a.ID, photo.ID, now.Add(11*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteLive(ctx, a.ID, photo.ID, now.Add(12*time.Minute)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting twice: %v, want ErrNotFound", err)
		}
		if _, err := s.PinLive(ctx, a.ID, photo.ID, true); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("pinning a deleted update: %v, want ErrNotFound", err)
		}
		changes, err = s.LiveChangesSince(ctx, a.ID, 5)
		if err != nil || len(changes) != 2 || changes[0].ID != first.ID || changes[0].Seq != 6 ||
			changes[0].Text() != "اجلاس آدھا گھنٹہ تاخیر سے شروع ہوا۔" || !changes[0].CreatedAt.Equal(now.Add(time.Minute)) ||
			!changes[0].UpdatedAt.Equal(now.Add(10*time.Minute)) {
			t.Fatalf("changes since 5 = %+v, %v", changes, err)
		}
		if d := changes[1]; d.ID != photo.ID || d.Seq != 7 || !d.Deleted || d.Pinned || d.MediaID != 0 || d.Media != nil {
			t.Errorf("tombstone = %+v", d)
		}
		if list, _ := s.LiveUpdates(ctx, a.ID); len(list) != 2 {
			t.Errorf("%d updates listed after a delete, want 2", len(list))
		}
		if c, _ := s.LiveCoverage(ctx, a.ID); c.Seq != 7 {
			t.Errorf("coverage seq %d, want 7", c.Seq)
		}
		if _, err := s.DeleteMedia(ctx, m.ID); err != nil {
			t.Errorf("deleting a picture only a deleted update had: %v", err)
		}

		// The feed time: the newest update not deleted, posted or edited.
		latest, err := s.LatestLiveUpdates(ctx, []int64{a.ID, other.ID})
		if err != nil || len(latest) != 1 || !latest[a.ID].Equal(now.Add(10*time.Minute)) {
			t.Errorf("LatestLiveUpdates = %v, %v", latest, err)
		}

		// Ended: no new posts, corrections still go in; resumed: posts again.
		if changed, err := s.EndLive(ctx, a.ID, now.Add(time.Hour)); err != nil || !changed {
			t.Fatalf("EndLive = %v, %v", changed, err)
		}
		if changed, err := s.EndLive(ctx, a.ID, now.Add(2*time.Hour)); err != nil || changed {
			t.Errorf("ending twice = %v, %v", changed, err)
		}
		if _, err := s.EndLive(ctx, other.ID, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ending coverage never started: %v, want ErrNotFound", err)
		}
		c, _ = s.LiveCoverage(ctx, a.ID)
		if c.Running() || !c.EndedAt.Equal(now.Add(time.Hour)) {
			t.Errorf("ended coverage = %+v", c)
		}
		late := content.LiveUpdate{ArticleID: a.ID, Kind: content.LiveText, TextHTML: "<p>دیر سے</p>"}
		if err := s.PostLive(ctx, &late, now.Add(time.Hour)); !errors.Is(err, store.ErrLiveEnded) {
			t.Errorf("posting after the end: %v, want ErrLiveEnded", err)
		}
		edited.TextHTML = content.LiveTextHTML("اجلاس پینتیس منٹ تاخیر سے شروع ہوا۔")
		if err := s.EditLive(ctx, &edited, now.Add(time.Hour)); err != nil {
			t.Errorf("correcting after the end: %v", err)
		}
		if changed, err := s.StartLive(ctx, a.ID, f.ayesha, now.Add(3*time.Hour)); err != nil || !changed {
			t.Fatalf("resume = %v, %v", changed, err)
		}
		c, _ = s.LiveCoverage(ctx, a.ID)
		if !c.Running() || !c.StartedAt.Equal(now) || c.StartedBy != f.bilal {
			t.Errorf("resumed coverage = %+v, want the first start kept", c)
		}
		post(content.LiveUpdate{Kind: content.LiveText, TextHTML: "<p>اجلاس دوبارہ شروع</p>"}, now.Add(3*time.Hour))

		// Unpublished, the coverage says readers may not see it; deleted,
		// it goes with the article.
		a.Status = content.StatusUnpublished
		if err := s.SaveArticle(ctx, &a, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.LiveCoverage(ctx, a.ID); c.Published {
			t.Error("coverage of an unpublished article says it is published")
		}
		if err := s.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LiveCoverage(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("coverage of a deleted article: %v", err)
		}
	})
}

// TestLiveConcurrentPosts: editors on several nodes posting to one page
// at once each get their own sequence number, with none skipped, and of
// the updates they pin meanwhile exactly content.LiveMaxPins stay pinned:
// the rest are refused with ErrTooManyPins.
func TestLiveConcurrentPosts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
		a := publish(t, s, f.sports, "میچ کا آنکھوں دیکھا حال", now, nil, nil)
		if _, err := s.StartLive(ctx, a.ID, f.bilal, now); err != nil {
			t.Fatal(err)
		}
		// On PostgreSQL every writer has its own connection, as two nodes
		// would; SQLite has one writer, so this shows the numbers stay whole there too.
		const writers, each = 8, 5
		var wg sync.WaitGroup
		var refused atomic.Int64
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					u := content.LiveUpdate{ArticleID: a.ID, Kind: content.LiveText, AuthorID: f.bilal,
						TextHTML: content.LiveTextHTML(fmt.Sprintf("اوور %d، گیند %d", w, i))}
					if err := s.PostLive(ctx, &u, now.Add(time.Duration(i)*time.Second)); err != nil {
						errs <- err
						continue
					}
					if i == 2 {
						if _, err := s.PinLive(ctx, a.ID, u.ID, true); errors.Is(err, store.ErrTooManyPins) {
							refused.Add(1)
						} else if err != nil {
							errs <- err
						}
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		changes, err := s.LiveChangesSince(ctx, a.ID, 0)
		if err != nil || len(changes) != writers*each {
			t.Fatalf("%d changes, %v; want %d", len(changes), err, writers*each)
		}
		seen := map[int64]bool{}
		pinned := 0
		for i, u := range changes {
			if seen[u.Seq] || (i > 0 && u.Seq <= changes[i-1].Seq) {
				t.Errorf("sequence %d given twice or out of order", u.Seq)
			}
			seen[u.Seq] = true
			if u.Pinned {
				pinned++
			}
		}
		c, err := s.LiveCoverage(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Every post took a number, and every pin that was not refused one.
		if want := int64(writers*each + content.LiveMaxPins); c.Seq != want {
			t.Errorf("coverage seq %d after %d posts and %d pins, want %d", c.Seq, writers*each, content.LiveMaxPins, want)
		}
		if pinned != content.LiveMaxPins || refused.Load() != writers-content.LiveMaxPins {
			t.Errorf("%d updates pinned and %d pins refused, want %d and %d", pinned, refused.Load(), content.LiveMaxPins, writers-content.LiveMaxPins)
		}
	})
}
