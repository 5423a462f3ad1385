package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"akhbar/internal/config"
	"akhbar/internal/progress"
	"akhbar/internal/store"
)

// reindex rebuilds the search index from the articles. Readers can keep
// searching meanwhile: entries are replaced in place, batch by batch.
func reindex(ctx context.Context, args []string) error {
	cfg, _, err := config.Load("reindex", args, os.Getenv, nil)
	if err != nil {
		return err
	}
	s, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return err
	}
	defer s.Close()
	// The rebuild below is the one Migrate would start for an index that
	// is incomplete or built by older rules: do it once, with progress.
	if _, err := s.MigrateForReindex(ctx); err != nil {
		return err
	}
	start := time.Now()
	bar := progress.New(os.Stderr, "reindex", "articles", 0)
	err = s.Reindex(ctx, bar.Set)
	bar.Finish()
	if err != nil {
		return err
	}
	fmt.Printf("search index rebuilt in %s (%s)\n", time.Since(start).Round(time.Millisecond), s.Engine())
	return nil
}
