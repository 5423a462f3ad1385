package site

import (
	"context"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

// relatedShown is how many of its section's newest stories an article
// page lists.
const relatedShown = 5

// relatedLists keeps each section's newest stories between renders:
// every article page lists them, so reading them per render was one
// query in each, for lists that change only when a story of the section
// does. Changes drop them exactly as they drop cached pages (changed):
// a section's dependency, or any story a list holds.
type relatedLists struct {
	mu        sync.Mutex
	gen       uint64 // counts drops, so a read that a drop overtook is not kept
	bySection map[int64]relatedList
}

type relatedList struct {
	list  []content.Article
	cards []template.HTML // list's cards, rendered once with it: the same on every page of the section
	at    time.Time
}

// drop forgets the lists the change's deps touch, or all of them.
func (c *relatedLists) drop(all bool, deps []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if all {
		c.gen++
		c.bySection = nil
		return
	}
	for _, d := range deps {
		if id, ok := depID(d, "section:"); ok {
			if _, kept := c.bySection[id]; kept {
				c.gen++
				delete(c.bySection, id)
			}
			continue
		}
		id, ok := depID(d, "article:")
		if !ok {
			continue
		}
		for sec, l := range c.bySection {
			for _, a := range l.list {
				if a.ID == id {
					c.gen++
					delete(c.bySection, sec)
					break
				}
			}
		}
	}
}

// depID reads the id of a dependency name such as "article:12".
func depID(dep, prefix string) (int64, bool) {
	rest, ok := strings.CutPrefix(dep, prefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil
}

// related returns the newest published stories of the section other
// than the article except, at most relatedShown, and their cards as the
// page shows them. A list is reused for sectionsTTL at most without word
// of a change, as the section list is (a command beside a SQLite server
// changes articles unannounced); its cards' "so long ago" is that old at
// most, as on a cached page.
func (s *Site) related(ctx context.Context, sectionID, except int64) ([]content.Article, template.HTML, error) {
	c := &s.relatedLists
	now := s.now()
	c.mu.Lock()
	l, ok := c.bySection[sectionID]
	gen := c.gen
	c.mu.Unlock()
	if !ok || now.Sub(l.at) >= sectionsTTL || now.Before(l.at) {
		list, err := s.store.ListArticles(ctx, store.PublishedArticles().InSection(sectionID).
			Limit(relatedShown+1).WithoutBylines())
		if err != nil {
			return nil, "", err
		}
		l = relatedList{list: list, cards: make([]template.HTML, len(list)), at: now}
		for i, a := range list {
			if l.cards[i], err = s.render.Part("article", "card", a); err != nil {
				return nil, "", err
			}
		}
		c.mu.Lock()
		if c.gen == gen {
			if c.bySection == nil {
				c.bySection = map[int64]relatedList{}
			}
			c.bySection[sectionID] = l
		}
		c.mu.Unlock()
	}
	out := make([]content.Article, 0, relatedShown)
	var cards strings.Builder
	for i, a := range l.list {
		if a.ID != except && len(out) < relatedShown {
			out = append(out, a)
			cards.WriteString("\n")
			cards.WriteString(string(l.cards[i]))
		}
	}
	return out, template.HTML(cards.String()), nil
}
