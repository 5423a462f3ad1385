package main

import (
	"context"

	"akhbar/internal/config"
	"akhbar/internal/store"
)

// openStore opens the configured database and brings its schema up to
// date, for the subcommands that work on it directly.
func openStore(ctx context.Context, cfg config.Config) (*store.Store, int, error) {
	s, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return nil, 0, err
	}
	n, err := s.Migrate(ctx)
	if err != nil {
		s.Close()
		return nil, 0, err
	}
	return s, n, nil
}
