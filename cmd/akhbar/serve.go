package main

import (
	"context"
	"os"
	"sync"

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
	// Backups end with the server: one under way is cut short, its
	// unfinished file removed.
	bctx, stopBackups := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { scheduleBackups(bctx, cfg, a.Media, log) })
	err = a.Serve(ctx, nil)
	stopBackups()
	wg.Wait()
	return err
}
