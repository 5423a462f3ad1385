package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"akhbar/bench/corpus"
	"akhbar/internal/progress"
	"akhbar/internal/store"
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
	f, err := corpus.NewFixture(ctx, s)
	if err != nil {
		return err
	}
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
	err = corpus.Generator{Seed: 1}.Each(n, func(ca corpus.Article) error {
		a, authorIDs, tagIDs, err := f.Article(ctx, ca)
		if err != nil {
			return err
		}
		batch = append(batch, store.ArticleImport{Article: &a, AuthorIDs: authorIDs, TagIDs: tagIDs,
			Key: store.ImportKey{Source: "bench-corpus", Kind: "article", ID: strconv.Itoa(ca.Index)}})
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
