package backup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"akhbar/internal/media/storage"
)

// Schedule takes backups at an interval into a folder or an S3 prefix,
// named akhbar-YYYYMMDD-HHMMSS.tar.gz (UTC), and keeps the newest Keep.
//
// It serves SQLite sites, which have one node by construction, so one
// process takes the backups and no lock between nodes is needed.
// PostgreSQL sites are backed up by the database server's own tools
// (pg_dump, or continuous archiving), run by the server's operator
// rather than by every node (docs/operations.md).
type Schedule struct {
	Every time.Duration
	Keep  int    // newest backups kept; 0 keeps all
	To    string // a folder, or s3://ACCESS:SECRET@host:port/bucket[/prefix]
	// FirstDelay is the least time between start and the first backup
	// (default a minute), so that a restarting server does not add one
	// at each start.
	FirstDelay time.Duration
	Options    Options
	Log        *slog.Logger
}

var backupName = regexp.MustCompile(`^akhbar-(\d{8}-\d{6})\.tar\.gz$`)

const nameTime = "20060102-150405"

// Run takes backups until ctx ends. The first is due Every after the
// newest backup already there (at least FirstDelay from now), so
// restarts keep the rhythm.
func (s *Schedule) Run(ctx context.Context) {
	if s.FirstDelay <= 0 {
		s.FirstDelay = time.Minute
	}
	names, err := s.list(ctx)
	if err != nil {
		s.Log.Warn("backups: cannot list earlier backups", "to", s.where(), "err", err)
	}
	next := s.firstDue(names, s.now())
	s.Log.Info("backups scheduled", "every", s.Every, "keep", s.Keep, "to", s.where(), "next", next.UTC().Format(time.RFC3339))
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(next)):
		}
		if _, err := s.Once(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("backup failed", "to", s.where(), "err", err)
		}
		next = next.Add(s.Every)
		if now := s.now(); next.Before(now) {
			next = now.Add(s.Every)
		}
	}
}

// firstDue is when the first backup is due, given the names of those
// already there (oldest first): Every after the newest, but not before
// FirstDelay from now.
func (s *Schedule) firstDue(names []string, now time.Time) time.Time {
	next := now.Add(s.FirstDelay)
	if len(names) == 0 {
		return next
	}
	t, err := time.Parse(nameTime, backupName.FindStringSubmatch(names[len(names)-1])[1])
	if err == nil && t.Add(s.Every).After(next) {
		return t.Add(s.Every)
	}
	return next
}

// Once takes one backup now and prunes the old ones, returning the new
// backup's name.
func (s *Schedule) Once(ctx context.Context) (string, error) {
	start := s.now()
	name := "akhbar-" + start.UTC().Format(nameTime) + ".tar.gz"
	dest := s.join(name)
	if !IsS3(s.To) {
		if err := os.MkdirAll(s.To, 0o750); err != nil {
			return "", fmt.Errorf("backup: %w", err)
		}
	}
	m, size, err := Save(ctx, dest, s.Options)
	if err != nil && ctx.Err() == nil {
		// An image deleted from the library between the listing of the
		// media and their copying fails a backup; the next try finds the
		// library as it is.
		s.Log.Warn("backup failed, trying again", "err", err)
		m, size, err = Save(ctx, dest, s.Options)
	}
	if err != nil {
		return "", err
	}
	s.Log.Info("backup written", "file", s.mask(dest), "bytes", size, "articles", m.Counts.Articles,
		"media_files", m.Counts.Files, "took", time.Since(start).Round(time.Millisecond))
	if err := s.prune(ctx); err != nil {
		return name, fmt.Errorf("backup written, old ones not pruned: %w", err)
	}
	return name, nil
}

func (s *Schedule) now() time.Time {
	if s.Options.Now != nil {
		return s.Options.Now()
	}
	return time.Now()
}

// join names a backup in the destination.
func (s *Schedule) join(name string) string {
	if !IsS3(s.To) {
		return filepath.Join(s.To, name)
	}
	base, query, _ := strings.Cut(s.To, "?")
	base = strings.TrimRight(base, "/") + "/" + name
	if query != "" {
		base += "?" + query
	}
	return base
}

func (s *Schedule) where() string { return s.mask(s.To) }

func (s *Schedule) mask(where string) string {
	if !IsS3(where) {
		return where
	}
	cfg, err := storage.ParseS3URL(where)
	if err != nil {
		return "s3://…"
	}
	return cfg.String()
}

// list returns the backups' names at the destination, oldest first.
func (s *Schedule) list(ctx context.Context) ([]string, error) {
	var names []string
	if !IsS3(s.To) {
		entries, err := os.ReadDir(s.To)
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.Type().IsRegular() && backupName.MatchString(e.Name()) {
				names = append(names, e.Name())
			}
		}
		return names, nil
	}
	b, prefix, err := openBucket(ctx, s.To)
	if err != nil {
		return nil, err
	}
	if prefix != "" {
		prefix += "/"
	}
	err = b.List(ctx, prefix+"akhbar-", func(o storage.Object) error {
		if n := strings.TrimPrefix(o.Key, prefix); backupName.MatchString(n) {
			names = append(names, n)
		}
		return nil
	})
	slices.Sort(names)
	return names, err
}

// prune deletes all but the newest Keep backups.
func (s *Schedule) prune(ctx context.Context) error {
	if s.Keep <= 0 {
		return nil
	}
	names, err := s.list(ctx)
	if err != nil || len(names) <= s.Keep {
		return err
	}
	old := names[:len(names)-s.Keep]
	if !IsS3(s.To) {
		for _, n := range old {
			if err := os.Remove(filepath.Join(s.To, n)); err != nil {
				return err
			}
		}
	} else {
		b, prefix, err := openBucket(ctx, s.To)
		if err != nil {
			return err
		}
		if prefix != "" {
			prefix += "/"
		}
		for _, n := range old {
			if err := b.Delete(ctx, prefix+n); err != nil {
				return err
			}
		}
	}
	s.Log.Info("old backups deleted", "count", len(old), "kept", s.Keep, "oldest_kept", names[len(old)])
	return nil
}
