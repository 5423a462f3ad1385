package site

import (
	"context"
	"html/template"
	"slices"
	"sync"
	"time"

	"akhbar/internal/content"
)

// sectionsTTL bounds how long the section list is reused without word of
// a change: a command run beside a SQLite server changes sections without
// the change channel reaching it.
const sectionsTTL = time.Minute

// sectionList keeps the site's sections between requests. Every page
// shows them in its navigation, so reading them once per page was one
// round trip to the database in every render (two on a section page),
// for a list that changes a few times a year.
type sectionList struct {
	mu   sync.Mutex
	gen  uint64 // counts drops, so a read that a drop overtook is not kept
	list []content.Section
	at   time.Time
	// navs are the navigation rendered for list, by current section: a
	// fifth of an article's render time went to these few dozen links.
	navs map[int64]template.HTML
}

// drop forgets the list: sections, or everything, changed.
func (c *sectionList) drop() {
	c.mu.Lock()
	c.gen++
	c.list, c.at, c.navs = nil, time.Time{}, nil
	c.mu.Unlock()
}

// sections returns the site's sections, in order, reading them from the
// store when the kept list is missing or older than sectionsTTL. The
// caller owns the returned slice.
func (s *Site) sections(ctx context.Context) ([]content.Section, error) {
	c := &s.sectionList
	now := s.now()
	c.mu.Lock()
	if c.list != nil && now.Sub(c.at) < sectionsTTL && !now.Before(c.at) {
		list := slices.Clone(c.list)
		c.mu.Unlock()
		return list, nil
	}
	gen := c.gen
	c.mu.Unlock()
	list, err := s.store.Sections(ctx)
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []content.Section{} // kept: a site without sections yet
	}
	c.mu.Lock()
	if c.gen == gen {
		c.list, c.at, c.navs = list, now, nil
	}
	c.mu.Unlock()
	return slices.Clone(list), nil
}

// navData is what the sections-nav template shows.
type navData struct {
	Sections []content.Section
	Current  int64 // the section shown, 0 on the home page, -1 elsewhere
}

// sectionNav renders the navigation of sections with current marked,
// reusing the rendering while sections is the kept list.
func (s *Site) sectionNav(sections []content.Section, current int64) template.HTML {
	c := &s.sectionList
	c.mu.Lock()
	kept := sameSections(c.list, sections)
	if h, ok := c.navs[current]; ok && kept {
		c.mu.Unlock()
		return h
	}
	c.mu.Unlock()
	h, err := s.render.Part("home", "sections-nav", navData{Sections: sections, Current: current})
	if err != nil {
		s.log.Error("render the section navigation", "err", err)
		return ""
	}
	c.mu.Lock()
	if sameSections(c.list, sections) {
		if c.navs == nil {
			c.navs = map[int64]template.HTML{}
		}
		c.navs[current] = h
	}
	c.mu.Unlock()
	return h
}

// sameSections reports whether two lists show the same navigation.
func sameSections(a, b []content.Section) bool {
	return a != nil && slices.EqualFunc(a, b, func(x, y content.Section) bool {
		return x.ID == y.ID && x.Slug == y.Slug && x.Name == y.Name
	})
}
