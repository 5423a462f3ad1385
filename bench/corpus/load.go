package corpus

import (
	"context"
	"fmt"
	"io"

	"akhbar/internal/content"
	"akhbar/internal/progress"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// Load writes the first n articles of the corpus (seed 1) into an empty,
// migrated store through SaveArticle, one transaction per article as the
// newsroom would, with sections, authors and tags, drawing a progress bar
// on w. It returns the section ids by slug. Benchmarks share it so they
// measure the same data: bench/search and bench/http.
func Load(ctx context.Context, s *store.Store, n int, w io.Writer) (map[string]int64, error) {
	f, err := NewFixture(ctx, s)
	if err != nil {
		return nil, err
	}
	bar := progress.New(w, "load", "articles", n)
	defer bar.Finish()
	return f.Sections, Generator{Seed: 1}.Each(n, func(ca Article) error {
		a, authors, tags, err := f.Article(ctx, ca)
		if err != nil {
			return err
		}
		if err := s.SaveArticle(ctx, &a, authors, tags, 0); err != nil {
			return fmt.Errorf("article %d: %w", ca.Index, err)
		}
		bar.Set(ca.Index+1, 0)
		return nil
	})
}

// Fixture is what the corpus's articles refer to in one store: its
// sections and authors, created up front, and its tags, created as
// articles first name them, so that every loader gives them the same ids.
type Fixture struct {
	Sections map[string]int64 // by slug
	Authors  []int64          // by Article.Author
	tags     map[string]int64 // by name
	s        *store.Store
}

// NewFixture creates the corpus's sections and authors in s, which must
// have none of them yet.
func NewFixture(ctx context.Context, s *store.Store) (*Fixture, error) {
	f := &Fixture{Sections: map[string]int64{}, tags: map[string]int64{}, s: s}
	for i, sec := range Sections() {
		id, err := s.CreateSection(ctx, content.Section{Slug: sec.Slug, Name: sec.Name, Position: i})
		if err != nil {
			return nil, err
		}
		f.Sections[sec.Slug] = id
	}
	for i, name := range Authors() {
		id, err := s.CreateUser(ctx, content.User{Email: fmt.Sprintf("author%d@bench.akhbar.invalid", i),
			Name: name, Slug: fmt.Sprintf("author-%d", i), Role: content.RoleReporter})
		if err != nil {
			return nil, err
		}
		f.Authors = append(f.Authors, id)
	}
	return f, nil
}

// Article is the corpus article ca as the store takes it, published, with
// its byline and tag ids (creating tags it is the first to name).
func (f *Fixture) Article(ctx context.Context, ca Article) (a content.Article, authorIDs, tagIDs []int64, err error) {
	for _, name := range ca.Tags {
		id, ok := f.tags[name]
		if !ok {
			if id, err = f.s.EnsureTag(ctx, content.Tag{Slug: fmt.Sprintf("t%d", len(f.tags)+1), Name: name}); err != nil {
				return a, nil, nil, err
			}
			f.tags[name] = id
		}
		tagIDs = append(tagIDs, id)
	}
	a = content.Article{SectionID: f.Sections[ca.Section], Status: content.StatusPublished,
		Headline: ca.Headline, Strapline: ca.Strapline, DatelineSource: ca.DatelineSource,
		DatelinePlace: ca.DatelinePlace, BodyHTML: ca.BodyHTML, BodyText: ca.BodyText,
		Slug: urdu.Slug(ca.Headline), Language: "ur", PublishedAt: ca.PublishedAt, UpdatedAt: ca.PublishedAt}
	return a, []int64{f.Authors[ca.Author]}, tagIDs, nil
}
