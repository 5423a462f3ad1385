package content

import (
	"fmt"
	"strings"
	"time"
)

// Slot is the kind of place an editor can put a story on the home page.
type Slot string

// The home page's slots: the lead story, the top stories after it, and a
// featured pick at the head of each section's block.
const (
	SlotLead    Slot = "lead"
	SlotTop     Slot = "top"
	SlotSection Slot = "section"
)

// TopSlots is how many top stories follow the lead on the home page.
const TopSlots = 10

// Placement is one story an editor put on the home page. It counts until
// PinnedUntil, or until an editor changes it when there is no pin, and
// only while its article is published.
type Placement struct {
	Slot        Slot
	Position    int   // among the top stories, from 0; 0 in other slots
	SectionID   int64 // the block, for SlotSection; 0 otherwise
	ArticleID   int64
	PinnedUntil time.Time // zero: until an editor changes it
	PlacedBy    int64
	PlacedAt    time.Time

	// Filled by the store when reading the placements in force.
	PlacedByName string
	Article      *Article
}

// Active reports whether the placement's pin, if any, still holds at now.
func (p Placement) Active(now time.Time) bool {
	return p.PinnedUntil.IsZero() || now.Before(p.PinnedUntil)
}

// same reports whether p and q occupy the same slot.
func (p Placement) same(q Placement) bool {
	return p.Slot == q.Slot && p.Position == q.Position && p.SectionID == q.SectionID
}

func (p Placement) String() string {
	switch p.Slot {
	case SlotTop:
		return fmt.Sprintf("top %d", p.Position+1)
	case SlotSection:
		return fmt.Sprintf("section %d", p.SectionID)
	}
	return string(p.Slot)
}

// FrontPage is the editors' arrangement of the home page: the placed
// stories, and the version the arrangement was read at, so that a save
// from a stale form fails instead of silently undoing another editor's.
type FrontPage struct {
	Version    int64
	Placements []Placement
}

// Lead is the placed lead story, or nil.
func (f FrontPage) Lead() *Placement { return f.find(SlotLead, 0, 0) }

// Top is the placed top story at position i (from 0), or nil.
func (f FrontPage) Top(i int) *Placement { return f.find(SlotTop, i, 0) }

// Pick is the featured pick of a section's block, or nil.
func (f FrontPage) Pick(sectionID int64) *Placement { return f.find(SlotSection, 0, sectionID) }

func (f FrontPage) find(slot Slot, position int, sectionID int64) *Placement {
	for i := range f.Placements {
		if p := &f.Placements[i]; p.Slot == slot && p.Position == position && p.SectionID == sectionID {
			return p
		}
	}
	return nil
}

// HasPicks reports whether any section block has a featured pick.
func (f FrontPage) HasPicks() bool {
	for _, p := range f.Placements {
		if p.Slot == SlotSection {
			return true
		}
	}
	return false
}

// LeadAndTopCount is how many placements sit in the lead and top slots,
// which the recency fill must skip.
func (f FrontPage) LeadAndTopCount() int {
	n := 0
	for _, p := range f.Placements {
		if p.Slot != SlotSection {
			n++
		}
	}
	return n
}

// Expires is the earliest pin among the placements, or zero when none is
// pinned: the home page changes by itself then.
func (f FrontPage) Expires() time.Time {
	var first time.Time
	for _, p := range f.Placements {
		if !p.PinnedUntil.IsZero() && (first.IsZero() || p.PinnedUntil.Before(first)) {
			first = p.PinnedUntil
		}
	}
	return first
}

// Validate checks an arrangement about to be saved at now: each
// placement in a real slot, one story per slot, pins ahead of now, and no
// story twice among the lead and the top stories.
func (f FrontPage) Validate(now time.Time) error {
	shown := map[int64]Placement{}
	for i, p := range f.Placements {
		switch {
		case p.ArticleID <= 0:
			return fmt.Errorf("%w: front page %s: article %d", ErrInvalid, p, p.ArticleID)
		case p.Slot == SlotLead && (p.Position != 0 || p.SectionID != 0),
			p.Slot == SlotTop && (p.Position < 0 || p.Position >= TopSlots || p.SectionID != 0),
			p.Slot == SlotSection && (p.Position != 0 || p.SectionID <= 0),
			p.Slot != SlotLead && p.Slot != SlotTop && p.Slot != SlotSection:
			return fmt.Errorf("%w: front page slot %q at %d (section %d)", ErrInvalid, p.Slot, p.Position, p.SectionID)
		case !p.PinnedUntil.IsZero() && !p.PinnedUntil.After(now):
			return fmt.Errorf("%w: front page %s: pin %s is not in the future", ErrInvalid, p, p.PinnedUntil.Format(time.RFC3339))
		}
		for _, q := range f.Placements[:i] {
			if p.same(q) {
				return fmt.Errorf("%w: front page %s is filled twice", ErrInvalid, p)
			}
		}
		if p.Slot == SlotSection {
			continue
		}
		if q, dup := shown[p.ArticleID]; dup {
			return fmt.Errorf("%w: article %d is placed at %s and %s", ErrInvalid, p.ArticleID, q, p)
		}
		shown[p.ArticleID] = p
	}
	return nil
}

// Filled is one slot of the home page as readers will see it.
type Filled struct {
	Article *Article // nil: no story left to fill it
	Placed  bool     // an editor put it there; otherwise it is the newest left
}

// Layout is the top of the home page: the lead and the top stories.
type Layout struct {
	Lead Filled
	Top  [TopSlots]Filled
}

// Stories lists the lead and then the top stories, skipping empty slots.
func (l Layout) Stories() (lead *Article, top []Article) {
	for _, s := range l.Top {
		if s.Article != nil {
			top = append(top, *s.Article)
		}
	}
	return l.Lead.Article, top
}

// Layout puts the placed lead and top stories where the editors put them
// and fills every other slot, lead first, with the newest of latest
// (newest first) that the page does not already show: no story twice.
func (f FrontPage) Layout(latest []Article) Layout {
	placed := map[int64]bool{}
	for _, p := range f.Placements {
		if p.Slot != SlotSection {
			placed[p.ArticleID] = true
		}
	}
	next := 0
	fill := func(p *Placement) Filled {
		if p != nil {
			return Filled{Article: p.Article, Placed: true}
		}
		for next < len(latest) {
			a := &latest[next]
			next++
			if !placed[a.ID] {
				placed[a.ID] = true
				return Filled{Article: a}
			}
		}
		return Filled{}
	}
	var l Layout
	l.Lead = fill(f.Lead())
	for i := range l.Top {
		l.Top[i] = fill(f.Top(i))
	}
	return l
}

// Block lists a section's block: its featured pick first, then the newest
// of latest (that section's stories, newest first) other than the pick,
// n stories in all.
func (f FrontPage) Block(sectionID int64, latest []Article, n int) []Article {
	out := make([]Article, 0, n)
	pick := f.Pick(sectionID)
	if pick != nil && pick.Article != nil {
		out = append(out, *pick.Article)
	}
	for _, a := range latest {
		if len(out) >= n {
			break
		}
		if pick == nil || a.ID != pick.ArticleID {
			out = append(out, a)
		}
	}
	return out
}

// PlacementProblem says why a placement cannot be saved.
type PlacementProblem int

// The reasons a placement's article is refused.
const (
	ArticleMissing      PlacementProblem = iota + 1 // deleted, or never was
	ArticleNotPublished                             // a draft, scheduled or withdrawn
	ArticleElsewhere                                // a section pick from another section
)

// PlacementError lists the placements of an arrangement whose articles
// cannot go where they were put. It wraps ErrInvalid.
type PlacementError struct {
	Bad []BadPlacement
}

// BadPlacement is one refused placement and why.
type BadPlacement struct {
	Placement
	Problem PlacementProblem
}

func (e *PlacementError) Error() string {
	parts := make([]string, len(e.Bad))
	for i, b := range e.Bad {
		why := map[PlacementProblem]string{ArticleMissing: "does not exist", ArticleNotPublished: "is not published",
			ArticleElsewhere: "is in another section"}[b.Problem]
		parts[i] = fmt.Sprintf("%s: article %d %s", b.Placement, b.ArticleID, why)
	}
	return "front page: " + strings.Join(parts, "; ")
}

func (e *PlacementError) Unwrap() error { return ErrInvalid }
