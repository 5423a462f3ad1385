package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"akhbar/internal/backup"
	"akhbar/internal/config"
	"akhbar/internal/media/storage"
	"akhbar/internal/progress"
	"akhbar/internal/store"
)

// backupCmd writes a backup of a SQLite site (database and media) to a
// file or an S3 object while the site serves.
func backupCmd(ctx context.Context, args []string) error {
	cfg, rest, err := config.Load("backup", args, os.Getenv, nil)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return errors.New("backup: want exactly one FILE.tar.gz or s3://ACCESS:SECRET@host:port/bucket/NAME.tar.gz argument")
	}
	if store.IsPostgresURL(cfg.Database) {
		return errors.New("backup: the database is PostgreSQL: back it up with pg_dump -Fc and the media with the bucket's tools (docs/operations.md, \"Backups\")")
	}
	if _, err := os.Stat(cfg.Database); err != nil {
		return fmt.Errorf("backup: no database at %s (set --data or --database): %w", cfg.Database, err)
	}
	files, err := openMediaStorage(ctx, cfg.Media)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	start := time.Now()
	bar := newBar("backup", "files")
	m, size, err := backup.Save(ctx, rest[0], backup.Options{Database: cfg.Database, Media: files, Version: versionString(), Progress: bar.Set})
	bar.Finish()
	if err != nil {
		return err
	}
	fmt.Printf("backup of %d articles, %d revisions, %d media files (%s media) written to %s: %d bytes in %s\n",
		m.Counts.Articles, m.Counts.Revisions, m.Counts.Files, m.Media.Storage, maskURL(rest[0]), size, time.Since(start).Round(time.Millisecond))
	if len(m.Media.Skipped) > 0 {
		fmt.Printf("left out %d files in the media folder whose names are no media key, e.g. %s\n", len(m.Media.Skipped), m.Media.Skipped[0])
	}
	return nil
}

// restoreCmd puts a backup back into an empty data folder.
func restoreCmd(ctx context.Context, args []string) error {
	var check bool
	cfg, rest, err := config.Load("restore", args, os.Getenv, func(fs *flag.FlagSet) {
		fs.BoolVar(&check, "check", false, "only read the archive through and check every file's checksum; write nothing")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return errors.New("restore: want exactly one FILE.tar.gz or s3://… argument")
	}
	r, err := backup.Open(ctx, rest[0])
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer r.Close()
	start := time.Now()
	if check {
		m, err := backup.Inspect(r)
		if err != nil {
			return fmt.Errorf("restore --check: %w", err)
		}
		fmt.Printf("%s is whole: the backup of %s (akhbar %s, schema %d), %d articles, %d revisions, %d media files (%s), checked in %s\n",
			maskURL(rest[0]), m.Created.Format(time.RFC3339), m.Akhbar, m.SchemaVersion, m.Counts.Articles, m.Counts.Revisions,
			m.Counts.Files, m.Media.Storage, time.Since(start).Round(time.Millisecond))
		return nil
	}
	bar := newBar("restore", "files")
	res, err := backup.Restore(ctx, r, backup.RestoreOptions{DataDir: cfg.DataDir, Database: cfg.Database, Media: cfg.Media, Progress: bar.Set})
	bar.Finish()
	if err != nil {
		return err
	}
	m := res.Manifest
	fmt.Printf("restored the backup of %s (akhbar %s, schema %d): %d articles, %d revisions, %d media files into %s in %s\n",
		m.Created.Format(time.RFC3339), m.Akhbar, m.SchemaVersion, m.Counts.Articles, m.Counts.Revisions, m.Counts.Files,
		cfg.DataDir, time.Since(start).Round(time.Millisecond))
	if res.Note != "" {
		fmt.Println(res.Note)
	}
	if n := len(res.MissingMedia); n > 0 {
		return fmt.Errorf("restore: the database is back, but %d of the %d media objects it lists are missing from %s, e.g. %s",
			n, len(m.Media.Files), maskURL(cfg.Media), res.MissingMedia[0])
	}
	return nil
}

// scheduleBackups runs the backups serve was asked to take, if any,
// until ctx ends.
func scheduleBackups(ctx context.Context, cfg config.Config, files storage.Storage, log *slog.Logger) {
	if cfg.BackupEvery <= 0 {
		return
	}
	s := &backup.Schedule{Every: cfg.BackupEvery, Keep: cfg.BackupKeep, To: cfg.BackupTo, Log: log,
		Options: backup.Options{Database: cfg.Database, Media: files, Version: versionString()}}
	if d, err := time.ParseDuration(os.Getenv("AKHBAR_BACKUP_FIRST_DELAY")); err == nil {
		s.FirstDelay = d // tests, which cannot wait the usual minute
	}
	s.Run(ctx)
}

// openMediaStorage opens the configured media storage.
func openMediaStorage(ctx context.Context, where string) (storage.Storage, error) {
	if strings.HasPrefix(where, "s3://") {
		cfg, err := storage.ParseS3URL(where)
		if err != nil {
			return nil, err
		}
		return storage.NewS3(ctx, cfg)
	}
	return storage.NewDisk(where)
}

// newBar draws a progress bar on standard error when it is a terminal,
// and nothing into a log file or a pipe.
func newBar(label, unit string) *progress.Bar {
	var w io.Writer = io.Discard
	if st, err := os.Stderr.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		w = os.Stderr
	}
	return progress.New(w, label, unit, 0)
}

// versionString names this build in backups' manifests.
func versionString() string {
	v, c, _ := buildVersion()
	return v + " " + c
}

// maskURL hides an s3:// URL's secret key.
func maskURL(where string) string {
	if !strings.HasPrefix(where, "s3://") {
		return where
	}
	cfg, err := storage.ParseS3URL(where)
	if err != nil {
		return "s3://…"
	}
	return cfg.String()
}
