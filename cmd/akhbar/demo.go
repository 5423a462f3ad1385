package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"akhbar/internal/config"
	"akhbar/internal/demo"
)

// loadDemo loads the demo site into an empty database.
func loadDemo(ctx context.Context, args []string) error {
	cfg, _, err := config.Load("demo", args, os.Getenv, nil)
	if err != nil {
		return err
	}
	s, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	loaded, err := demo.Load(ctx, s, time.Now())
	if err != nil {
		return err
	}
	if !loaded {
		fmt.Println("the database already has content; demo not loaded")
		return nil
	}
	fmt.Println("demo site loaded into", cfg.Database)
	return nil
}
