package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"akhbar/internal/media/storage"
)

// IsS3 reports whether a backup's place is an S3 URL rather than a file.
func IsS3(where string) bool { return strings.HasPrefix(where, "s3://") }

// openBucket connects to the bucket of an s3:// URL and returns the key
// (or folder) its path names after the bucket.
func openBucket(ctx context.Context, where string) (*storage.S3, string, error) {
	cfg, err := storage.ParseS3URL(where)
	if err != nil {
		return nil, "", fmt.Errorf("backup: %w", err)
	}
	key := strings.Trim(cfg.Prefix, "/")
	cfg.Prefix = ""
	b, err := storage.NewS3(ctx, cfg)
	if err != nil {
		return nil, "", fmt.Errorf("backup: %w", err)
	}
	return b, key, nil
}

// Save writes a backup of o to dest, a file name or an
// s3://ACCESS:SECRET@host:port/bucket/KEY URL, and returns its manifest
// and size. It refuses to replace an existing file or object. A file
// appears under its name only when whole and synced to disk; an S3
// object is uploaded from a whole local file.
func Save(ctx context.Context, dest string, o Options) (*Manifest, int64, error) {
	if IsS3(dest) {
		return saveS3(ctx, dest, o)
	}
	if _, err := os.Lstat(dest); err == nil {
		return nil, 0, fmt.Errorf("backup: %s already exists; choose another name", dest)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, 0, fmt.Errorf("backup: %w", err)
	}
	dir := filepath.Dir(dest)
	f, err := os.CreateTemp(dir, "."+filepath.Base(dest)+".partial-")
	if err != nil {
		return nil, 0, fmt.Errorf("backup: %w", err)
	}
	m, size, err := writeFile(ctx, f, o)
	if err != nil {
		os.Remove(f.Name())
		return nil, 0, err
	}
	if err := os.Link(f.Name(), dest); err != nil { // unlike a rename, never replaces a file made meanwhile
		os.Remove(f.Name())
		return nil, 0, fmt.Errorf("backup: %w", err)
	}
	os.Remove(f.Name())
	if err := syncDir(dir); err != nil {
		return nil, 0, fmt.Errorf("backup: %w", err)
	}
	return m, size, nil
}

// writeFile writes the archive into f, syncs and closes it.
func writeFile(ctx context.Context, f *os.File, o Options) (*Manifest, int64, error) {
	m, err := Write(ctx, f, o)
	if err == nil {
		err = f.Sync()
	}
	var size int64
	if err == nil {
		size, err = f.Seek(0, io.SeekCurrent)
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, 0, fmt.Errorf("backup: write %s: %w", f.Name(), err)
	}
	return m, size, nil
}

func saveS3(ctx context.Context, dest string, o Options) (*Manifest, int64, error) {
	b, key, err := openBucket(ctx, dest)
	if err != nil {
		return nil, 0, err
	}
	if key == "" {
		return nil, 0, fmt.Errorf("backup: %s names a bucket but no object: add /NAME.tar.gz", b.Config())
	}
	if _, err := b.Stat(ctx, key); err == nil {
		return nil, 0, fmt.Errorf("backup: %s already holds %s; choose another name", b.Config(), key)
	} else if !errors.Is(err, storage.ErrNotFound) {
		return nil, 0, fmt.Errorf("backup: %w", err)
	}
	dir := o.TempDir
	if dir == "" {
		dir = filepath.Dir(o.Database)
	}
	f, err := os.CreateTemp(dir, ".akhbar-backup-*.tar.gz")
	if err != nil {
		return nil, 0, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(f.Name())
	m, size, err := writeFile(ctx, f, o)
	if err != nil {
		return nil, 0, err
	}
	r, err := os.Open(f.Name())
	if err != nil {
		return nil, 0, fmt.Errorf("backup: %w", err)
	}
	defer r.Close()
	if err := b.PutReader(ctx, key, r, size, "application/gzip"); err != nil {
		return nil, 0, fmt.Errorf("backup: upload to %s: %w", b.Config(), err)
	}
	return m, size, nil
}

// Open opens a backup for reading: a file, or an object named by an
// s3:// URL.
func Open(ctx context.Context, src string) (io.ReadCloser, error) {
	if !IsS3(src) {
		f, err := os.Open(src)
		if err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
		return f, nil
	}
	b, key, err := openBucket(ctx, src)
	if err != nil {
		return nil, err
	}
	if key == "" {
		return nil, fmt.Errorf("backup: %s names a bucket but no object", b.Config())
	}
	r, _, err := b.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("backup: %s: %w", b.Config(), err)
	}
	return r, nil
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
