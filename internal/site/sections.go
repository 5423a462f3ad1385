package site

import (
	"context"
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
}

// drop forgets the list: sections, or everything, changed.
func (c *sectionList) drop() {
	c.mu.Lock()
	c.gen++
	c.list, c.at = nil, time.Time{}
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
		c.list, c.at = list, now
	}
	c.mu.Unlock()
	return slices.Clone(list), nil
}
