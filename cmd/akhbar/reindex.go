package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"akhbar/internal/config"
	"akhbar/internal/progress"
)

// reindex rebuilds the search index from the articles. Readers can keep
// searching meanwhile: entries are replaced in place, batch by batch.
func reindex(ctx context.Context, args []string) error {
	cfg, _, err := config.Load("reindex", args, os.Getenv, nil)
	if err != nil {
		return err
	}
	s, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
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
