package main

import (
	"context"
	"fmt"
	"os"

	"akhbar/internal/config"
)

// migrate applies pending migrations and reports the schema version.
func migrate(ctx context.Context, args []string) error {
	cfg, _, err := config.Load("migrate", args, os.Getenv, nil)
	if err != nil {
		return err
	}
	s, n, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("applied %d migration(s); schema is at version %d (%s)\n", n, v, s.Engine())
	return nil
}
