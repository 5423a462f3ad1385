package main

import (
	"context"
	"os"

	"akhbar/internal/app"
	"akhbar/internal/config"
)

// serve runs the site until SIGINT or SIGTERM.
func serve(ctx context.Context, args []string) error {
	cfg, _, err := config.Load("serve", args, os.Getenv, nil)
	if err != nil {
		return err
	}
	tuneGC(cfg.PageCacheMB)
	log := app.NewLogger(cfg)
	a, err := app.Open(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx, nil)
}
