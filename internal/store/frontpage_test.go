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

// TestFrontPage: an arrangement is saved whole and read back as placed;
// a stale or wrong one is refused and changes nothing; a placement stops
// counting when its pin passes or its article leaves, and a story kept
// in its slot keeps who placed it.
func TestFrontPage(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
		lead := publish(t, s, f.national, "بجٹ پیش", now.Add(-3*time.Hour), []int64{f.bilal}, nil)
		second := publish(t, s, f.national, "سیلاب کی وارننگ", now.Add(-2*time.Hour), nil, nil)
		match := publish(t, s, f.sports, "کراچی نے میچ جیت لیا", now.Add(-time.Hour), nil, nil)
		draft := content.Article{SectionID: f.national, Status: content.StatusDraft, Headline: "مسودہ",
			Slug: "draft", Language: "ur", BodyHTML: "<p>x</p>", BodyText: "x"}
		if err := s.SaveArticle(ctx, &draft, nil, nil, 0); err != nil {
			t.Fatal(err)
		}

		read := func(at time.Time) content.FrontPage {
			t.Helper()
			fp, err := s.FrontPage(ctx, at)
			if err != nil {
				t.Fatal(err)
			}
			return fp
		}
		version := func() int64 {
			t.Helper()
			v, err := s.FrontPageVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if fp, v := read(now), version(); len(fp.Placements) != 0 || v != 0 {
			t.Fatalf("a fresh site has placements %+v at version %d", fp.Placements, v)
		}

		pin := now.Add(2 * time.Hour)
		arrangement := content.FrontPage{Placements: []content.Placement{
			{Slot: content.SlotLead, ArticleID: lead.ID},
			{Slot: content.SlotTop, Position: 3, ArticleID: second.ID, PinnedUntil: pin},
			{Slot: content.SlotSection, SectionID: f.sports, ArticleID: match.ID},
		}}
		v, err := s.SetFrontPage(ctx, arrangement, f.bilal, now)
		if err != nil || v != 1 || version() != 1 {
			t.Fatalf("SetFrontPage = %d, %v; stored version %d; want 1", v, err, version())
		}
		fp := read(now.Add(time.Minute))
		if len(fp.Placements) != 3 {
			t.Fatalf("read back %d placements, want 3: %+v", len(fp.Placements), fp.Placements)
		}
		l, top, pick := fp.Lead(), fp.Top(3), fp.Pick(f.sports)
		if l == nil || l.ArticleID != lead.ID || l.Article == nil || l.Article.Headline != "بجٹ پیش" ||
			l.Article.Section.Slug != "national" || l.PlacedBy != f.bilal || l.PlacedByName != "بلال احمد" ||
			!l.PlacedAt.Equal(now) || !l.PinnedUntil.IsZero() {
			t.Errorf("lead = %+v", l)
		}
		if top == nil || top.ArticleID != second.ID || !top.PinnedUntil.Equal(pin) || fp.Top(0) != nil {
			t.Errorf("top 4 = %+v, top 1 = %+v", top, fp.Top(0))
		}
		if pick == nil || pick.ArticleID != match.ID || pick.Article == nil || fp.Pick(f.national) != nil {
			t.Errorf("sports pick = %+v, national pick = %+v", pick, fp.Pick(f.national))
		}
		if !fp.Expires().Equal(pin) {
			t.Errorf("expires %v, want the pin %v", fp.Expires(), pin)
		}

		// A save from a form read before the last save is refused.
		if _, err := s.SetFrontPage(ctx, content.FrontPage{Version: 0}, f.ayesha, now); !errors.Is(err, content.ErrConflict) {
			t.Errorf("stale save: err %v, want ErrConflict", err)
		}

		// Wrong arrangements are refused whole; what is stored stays.
		for name, bad := range map[string][]content.Placement{
			"story twice": {{Slot: content.SlotLead, ArticleID: lead.ID}, {Slot: content.SlotTop, ArticleID: lead.ID}},
			"slot twice":  {{Slot: content.SlotTop, Position: 2, ArticleID: lead.ID}, {Slot: content.SlotTop, Position: 2, ArticleID: second.ID}},
			"past pin":    {{Slot: content.SlotLead, ArticleID: lead.ID, PinnedUntil: now}},
			"position 11": {{Slot: content.SlotTop, Position: content.TopSlots, ArticleID: lead.ID}},
			"no section":  {{Slot: content.SlotSection, ArticleID: match.ID}},
			"no story":    {{Slot: content.SlotLead}},
			"odd slot":    {{Slot: "sidebar", ArticleID: lead.ID}},
		} {
			if _, err := s.SetFrontPage(ctx, content.FrontPage{Version: 1, Placements: bad}, f.bilal, now); !errors.Is(err, content.ErrInvalid) {
				t.Errorf("%s: err %v, want ErrInvalid", name, err)
			}
		}
		_, err = s.SetFrontPage(ctx, content.FrontPage{Version: 1, Placements: []content.Placement{
			{Slot: content.SlotLead, ArticleID: draft.ID},
			{Slot: content.SlotTop, ArticleID: 999999},
			{Slot: content.SlotTop, Position: 1, ArticleID: second.ID},
			{Slot: content.SlotSection, SectionID: f.sports, ArticleID: lead.ID},
		}}, f.bilal, now)
		var pe *content.PlacementError
		if !errors.As(err, &pe) || !errors.Is(err, content.ErrInvalid) || len(pe.Bad) != 3 ||
			pe.Bad[0].ArticleID != draft.ID || pe.Bad[0].Problem != content.ArticleNotPublished ||
			pe.Bad[1].ArticleID != 999999 || pe.Bad[1].Problem != content.ArticleMissing ||
			pe.Bad[2].Slot != content.SlotSection || pe.Bad[2].Problem != content.ArticleElsewhere {
			t.Errorf("bad articles: err %v, want a PlacementError naming the draft, the missing and the misplaced", err)
		}
		if fp := read(now); len(fp.Placements) != 3 || version() != 1 {
			t.Errorf("refused saves changed the arrangement: %d placements, version %d", len(fp.Placements), version())
		}

		// A pin that has passed no longer counts; one without a pin stays.
		later := read(pin)
		if later.Top(3) != nil || later.Lead() == nil || later.Pick(f.sports) == nil || !later.Expires().IsZero() {
			t.Errorf("at the pin: %+v, want the lead and the pick only", later.Placements)
		}

		// Moved down and re-pinned, a story keeps who placed it; a new one
		// is placed by whoever saves.
		at := now.Add(10 * time.Minute)
		v, err = s.SetFrontPage(ctx, content.FrontPage{Version: 1, Placements: []content.Placement{
			{Slot: content.SlotTop, Position: 0, ArticleID: match.ID},
			{Slot: content.SlotTop, Position: 5, ArticleID: second.ID, PinnedUntil: pin.Add(time.Hour)},
		}}, f.ayesha, at)
		if err != nil || v != 2 {
			t.Fatalf("second save: %d, %v", v, err)
		}
		fp = read(at)
		if fp.Lead() != nil || fp.Pick(f.sports) != nil || len(fp.Placements) != 2 {
			t.Errorf("the save did not replace the whole arrangement: %+v", fp.Placements)
		}
		if p := fp.Top(5); p == nil || p.PlacedBy != f.bilal || !p.PlacedAt.Equal(now) || !p.PinnedUntil.Equal(pin.Add(time.Hour)) {
			t.Errorf("moved story = %+v, want placed by bilal at %v, pinned anew", p, now)
		}
		if p := fp.Top(0); p == nil || p.PlacedBy != f.ayesha || !p.PlacedAt.Equal(at) {
			t.Errorf("newly placed story = %+v, want placed by ayesha at %v", p, at)
		}

		// Unpublished, a story leaves the home page; deleted, its placement goes.
		second.Status = content.StatusUnpublished
		if err := s.SaveArticle(ctx, &second, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		if fp := read(at); fp.Top(5) != nil || fp.Top(0) == nil {
			t.Errorf("after unpublishing: %+v", fp.Placements)
		}
		if err := s.DeleteArticle(ctx, match.ID); err != nil {
			t.Fatal(err)
		}
		if fp := read(at); fp.Top(0) != nil {
			t.Errorf("a deleted story is still placed: %+v", fp.Placements)
		}

		// A pick whose story moves to another section no longer counts there.
		if _, err := s.SetFrontPage(ctx, content.FrontPage{Version: 2, Placements: []content.Placement{
			{Slot: content.SlotSection, SectionID: f.national, ArticleID: lead.ID},
		}}, f.bilal, at); err != nil {
			t.Fatal(err)
		}
		lead.SectionID = f.sports
		if err := s.SaveArticle(ctx, &lead, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		if fp := read(at); len(fp.Placements) != 0 {
			t.Errorf("a pick moved to another section still counts: %+v", fp.Placements)
		}

		// An empty arrangement clears the page.
		if _, err := s.SetFrontPage(ctx, content.FrontPage{Version: 3}, f.bilal, at); err != nil || version() != 4 {
			t.Errorf("clearing: %v, version %d", err, version())
		}
	})
}
