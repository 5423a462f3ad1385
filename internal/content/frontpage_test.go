package content

import (
	"fmt"
	"testing"
)

// stories returns articles with the given ids, newest first as listed.
func stories(ids ...int64) []Article {
	out := make([]Article, len(ids))
	for i, id := range ids {
		out[i] = Article{ID: id}
	}
	return out
}

func placed(slot Slot, position int, section, id int64) Placement {
	a := Article{ID: id}
	return Placement{Slot: slot, Position: position, SectionID: section, ArticleID: id, Article: &a}
}

// ids lists a layout as "lead | top…", 0 for an empty slot and * after a
// placed story.
func ids(l Layout) string {
	show := func(f Filled) string {
		switch {
		case f.Article == nil:
			return "0"
		case f.Placed:
			return fmt.Sprintf("%d*", f.Article.ID)
		}
		return fmt.Sprint(f.Article.ID)
	}
	s := show(l.Lead) + " |"
	for _, f := range l.Top {
		s += " " + show(f)
	}
	return s
}

func TestLayout(t *testing.T) {
	latest := stories(20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7)
	cases := []struct {
		name   string
		placed []Placement
		latest []Article
		want   string
	}{
		{"recency alone", nil, latest, "20 | 19 18 17 16 15 14 13 12 11 10"},
		{"placed lead, old", []Placement{placed(SlotLead, 0, 0, 3)}, latest, "3* | 20 19 18 17 16 15 14 13 12 11"},
		{"newest placed lower down is skipped above", []Placement{placed(SlotTop, 4, 0, 20)}, latest,
			"19 | 18 17 16 15 20* 14 13 12 11 10"},
		{"placed top stories keep their places", []Placement{placed(SlotTop, 0, 0, 2), placed(SlotTop, 9, 0, 1), placed(SlotLead, 0, 0, 17)}, latest,
			"17* | 2* 20 19 18 16 15 14 13 12 1*"},
		{"a section pick does not take a top slot", []Placement{placed(SlotSection, 0, 5, 20)}, latest,
			"20 | 19 18 17 16 15 14 13 12 11 10"},
		{"too few stories leave slots empty", []Placement{placed(SlotTop, 2, 0, 9)}, stories(3, 2, 9),
			"3 | 2 0 9* 0 0 0 0 0 0 0"},
		{"nothing published", nil, nil, "0 | 0 0 0 0 0 0 0 0 0 0"},
	}
	for _, c := range cases {
		l := FrontPage{Placements: c.placed}.Layout(c.latest)
		if got := ids(l); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
		lead, top := l.Stories()
		seen := map[int64]bool{}
		if lead != nil {
			seen[lead.ID] = true
		}
		for _, a := range top {
			if seen[a.ID] {
				t.Errorf("%s: story %d twice", c.name, a.ID)
			}
			seen[a.ID] = true
		}
	}
}

func TestBlock(t *testing.T) {
	newest := stories(8, 7, 6, 5, 4)
	cases := []struct {
		name   string
		placed []Placement
		want   string
	}{
		{"no pick", nil, "[8 7 6 5]"},
		{"old pick first", []Placement{placed(SlotSection, 0, 1, 2)}, "[2 8 7 6]"},
		{"pick among the newest, once", []Placement{placed(SlotSection, 0, 1, 6)}, "[6 8 7 5]"},
		{"another section's pick", []Placement{placed(SlotSection, 0, 9, 2)}, "[8 7 6 5]"},
	}
	for _, c := range cases {
		var got []int64
		for _, a := range (FrontPage{Placements: c.placed}).Block(1, newest, 4) {
			got = append(got, a.ID)
		}
		if fmt.Sprint(got) != c.want {
			t.Errorf("%s: %v, want %s", c.name, got, c.want)
		}
	}
}
