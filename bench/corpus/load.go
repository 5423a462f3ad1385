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
	sections := map[string]int64{}
	for i, sec := range Sections() {
		id, err := s.CreateSection(ctx, content.Section{Slug: sec.Slug, Name: sec.Name, Position: i})
		if err != nil {
			return nil, err
		}
		sections[sec.Slug] = id
	}
	var authors []int64
	for i, name := range Authors() {
		id, err := s.CreateUser(ctx, content.User{Email: fmt.Sprintf("author%d@bench.akhbar.invalid", i),
			Name: name, Slug: fmt.Sprintf("author-%d", i), Role: content.RoleReporter})
		if err != nil {
			return nil, err
		}
		authors = append(authors, id)
	}
	tags := map[string]int64{}
	bar := progress.New(w, "load", "articles", n)
	defer bar.Finish()
	return sections, Generator{Seed: 1}.Each(n, func(ca Article) error {
		var tagIDs []int64
		for _, name := range ca.Tags {
			id, ok := tags[name]
			if !ok {
				var err error
				if id, err = s.EnsureTag(ctx, content.Tag{Slug: fmt.Sprintf("t%d", len(tags)+1), Name: name}); err != nil {
					return err
				}
				tags[name] = id
			}
			tagIDs = append(tagIDs, id)
		}
		a := content.Article{SectionID: sections[ca.Section], Status: content.StatusPublished,
			Headline: ca.Headline, Strapline: ca.Strapline, DatelineSource: ca.DatelineSource,
			DatelinePlace: ca.DatelinePlace, BodyHTML: ca.BodyHTML, BodyText: ca.BodyText,
			Slug: urdu.Slug(ca.Headline), Language: "ur", PublishedAt: ca.PublishedAt, UpdatedAt: ca.PublishedAt}
		if err := s.SaveArticle(ctx, &a, []int64{authors[ca.Author]}, tagIDs, 0); err != nil {
			return fmt.Errorf("article %d: %w", ca.Index, err)
		}
		bar.Set(ca.Index+1, 0)
		return nil
	})
}
