package backup_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akhbar/internal/backup"
	"akhbar/internal/media/storage"
)

// s3URL is AKHBAR_TEST_S3 with its path replaced by bucket/folder, or
// the test is skipped.
func s3URL(t *testing.T, folder string) string {
	t.Helper()
	base := os.Getenv("AKHBAR_TEST_S3")
	if base == "" {
		t.Skip("S3 backup tests skipped: set AKHBAR_TEST_S3 (scripts/s3-test-server.sh url)")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	bucket, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	u.Path = "/" + bucket + "/" + folder
	return u.String()
}

// TestS3: a backup of a site with disk media written to a bucket and
// restored from it; a site with S3 media backed up as a manifest of the
// bucket's objects, restored against the bucket (which has them all) and
// against a bucket folder that lacks them; scheduled backups kept in a
// bucket and pruned there.
func TestS3(t *testing.T) {
	ctx := context.Background()
	run := fmt.Sprintf("backup-test-%d", time.Now().UnixNano())
	dir, files := site(t)

	dest := s3URL(t, run+"/site.tar.gz")
	m, _, err := backup.Save(ctx, dest, options(dir, files))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := backup.Save(ctx, dest, options(dir, files)); err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Errorf("a second backup to the same object: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), "secret-key") {
		t.Errorf("the error shows the secret: %v", err)
	}
	r, err := backup.Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "data")
	res, err := backup.Restore(ctx, r, restoreOptions(to))
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	if res.Manifest.Counts != m.Counts {
		t.Errorf("restored %+v, backed up %+v", res.Manifest.Counts, m.Counts)
	}
	for _, f := range m.Media.Files {
		if _, err := os.Stat(filepath.Join(to, "media", f.Key)); err != nil {
			t.Error(err)
		}
	}

	// The archive's media files restored into a bucket.
	r, err = backup.Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	to = filepath.Join(t.TempDir(), "data")
	intoBucket := s3URL(t, run+"/restored-media")
	_, err = backup.Restore(ctx, r, backup.RestoreOptions{DataDir: to, Database: filepath.Join(to, "akhbar.db"), Media: intoBucket})
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	cfgInto, _ := storage.ParseS3URL(intoBucket)
	into, err := storage.NewS3(ctx, cfgInto)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Media.Files {
		if info, err := into.Stat(ctx, f.Key); err != nil || info.Size != f.Size || info.ContentType != "image/jpeg" {
			t.Errorf("restored into the bucket: %s: %+v, %v", f.Key, info, err)
		}
	}

	// Media in S3: listed, not copied.
	mediaURL := s3URL(t, run+"/media")
	cfg, _ := storage.ParseS3URL(mediaURL)
	bucketMedia, err := storage.NewS3(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Media.Files {
		b, _ := os.ReadFile(filepath.Join(dir, "media", f.Key))
		if err := bucketMedia.Put(ctx, f.Key, b, "image/jpeg"); err != nil {
			t.Fatal(err)
		}
	}
	listed := filepath.Join(t.TempDir(), "listed.tar.gz")
	m2, _, err := backup.Save(ctx, listed, options(dir, bucketMedia))
	if err != nil {
		t.Fatal(err)
	}
	if m2.Media.Storage != "s3" || len(m2.Media.Files) != 3 || m2.Media.Files[0].ETag == "" || strings.Contains(m2.Media.Location, "secret-key") {
		t.Errorf("S3 media manifest: %+v", m2.Media)
	}
	for target, missing := range map[string]int{mediaURL: 0, s3URL(t, run+"/empty"): 3} {
		r, _ := os.Open(listed)
		to := filepath.Join(t.TempDir(), "data")
		res, err := backup.Restore(ctx, r, backup.RestoreOptions{DataDir: to, Database: filepath.Join(to, "akhbar.db"), Media: target})
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(res.MissingMedia) != missing {
			t.Errorf("restore against %s: missing %v, want %d", target, res.MissingMedia, missing)
		}
	}

	// Scheduled backups in a bucket folder, the newest two kept.
	clock := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	o := options(dir, files)
	o.Now = func() time.Time { return clock }
	s := &backup.Schedule{Every: time.Hour, Keep: 2, To: s3URL(t, run+"/every"), Options: o, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for range 3 {
		if _, err := s.Once(ctx); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(time.Hour)
	}
	var kept []string
	root, _ := storage.ParseS3URL(s3URL(t, run))
	b, err := storage.NewS3(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	b.List(ctx, "every/", func(o storage.Object) error { kept = append(kept, o.Key); return nil })
	if got := strings.Join(kept, " "); got != "every/akhbar-20261206-010000.tar.gz every/akhbar-20261206-020000.tar.gz" {
		t.Errorf("kept in the bucket: %s", got)
	}
}
