package site

import (
	"context"

	"akhbar/internal/content"
)

// What the content API (internal/api) shares with the pages, so that its
// answers show what the pages show (and, with the Dep* names of site.go,
// are dropped from the page cache by the same changes).

// MostRead is the most-read list the pages show, ranked at most a minute
// ago.
func (s *Site) MostRead(ctx context.Context) ([]content.Article, error) {
	list, _, err := s.mostReadList(ctx)
	return list, err
}

// Breaking is the breaking-news strip the pages show now, or nil.
func (s *Site) Breaking() *content.Breaking { return s.currentBreaking(s.now()) }

// Sections are the site's sections in navigation order, as the pages
// read them (kept for up to a minute, dropped when sections change).
func (s *Site) Sections(ctx context.Context) ([]content.Section, error) { return s.sections(ctx) }

// Absolute is path on the site's public URL.
func (s *Site) Absolute(path string) string { return s.absolute(path) }
