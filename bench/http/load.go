package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"akhbar/bench/corpus"
	"akhbar/internal/content"
	"akhbar/internal/progress"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// loadBatch is how many articles share one transaction while loading.
// One commit per article costs PostgreSQL a WAL flush each (six minutes
// for 100,000 articles); 500 a commit loads them in a fraction of that and
// still shows progress often.
const loadBatch = 500

// loadCorpus writes the first n articles of the corpus (bench/corpus,
// seed 1: the same stories, sections, authors and tags as corpus.Load)
// into an empty, migrated store, loadBatch articles per transaction
// through store.ImportArticles, which saves each article as SaveArticle
// does (article, bylines, tags, revision, search index) and also records
// an import row (source "bench-corpus") that no page reads. Articles are
// saved in corpus order, so both engines give them the same ids.
// analyze, if not nil, is called after the 1st, 4th, 16th, … batch.
func loadCorpus(ctx context.Context, s *store.Store, n int, w io.Writer, analyze func() error) error {
	sections := map[string]int64{}
	for i, sec := range corpus.Sections() {
		id, err := s.CreateSection(ctx, content.Section{Slug: sec.Slug, Name: sec.Name, Position: i})
		if err != nil {
			return err
		}
		sections[sec.Slug] = id
	}
	var authors []int64
	for i, name := range corpus.Authors() {
		id, err := s.CreateUser(ctx, content.User{Email: fmt.Sprintf("author%d@bench.akhbar.invalid", i),
			Name: name, Slug: fmt.Sprintf("author-%d", i), Role: content.RoleReporter})
		if err != nil {
			return err
		}
		authors = append(authors, id)
	}
	tags := map[string]int64{}
	bar := progress.New(w, "load", "articles", n)
	defer bar.Finish()
	var batch []store.ArticleImport
	batches, nextAnalyze := 0, 1
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := s.ImportArticles(ctx, batch); err != nil {
			return err
		}
		batch = batch[:0]
		if batches++; analyze != nil && batches == nextAnalyze {
			nextAnalyze *= 4
			return analyze()
		}
		return nil
	}
	err := corpus.Generator{Seed: 1}.Each(n, func(ca corpus.Article) error {
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
		batch = append(batch, store.ArticleImport{
			Article: &content.Article{SectionID: sections[ca.Section], Status: content.StatusPublished,
				Headline: ca.Headline, Strapline: ca.Strapline, DatelineSource: ca.DatelineSource,
				DatelinePlace: ca.DatelinePlace, BodyHTML: ca.BodyHTML, BodyText: ca.BodyText,
				Slug: urdu.Slug(ca.Headline), Language: "ur", PublishedAt: ca.PublishedAt, UpdatedAt: ca.PublishedAt},
			AuthorIDs: []int64{authors[ca.Author]},
			TagIDs:    tagIDs,
			Key:       store.ImportKey{Source: "bench-corpus", Kind: "article", ID: strconv.Itoa(ca.Index)},
		})
		if len(batch) == loadBatch {
			if err := flush(); err != nil {
				return fmt.Errorf("articles up to %d: %w", ca.Index, err)
			}
			bar.Set(ca.Index+1, 0)
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		bar.Set(n, 0)
	}
	return err
}
