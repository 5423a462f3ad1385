// Package backup copies a SQLite site (its database and media) into one
// archive while the site serves, and puts an archive back into an empty
// data folder.
//
// The archive is a gzip-compressed tar file holding, in this order:
//
//	manifest.json    format, time, versions, counts, and every file's size and SHA-256
//	akhbar.db        a copy of the database made by SQLite's VACUUM INTO
//	media/KEY        each media file, when media are kept on disk
//
// With media in S3 the archive holds no media files: the manifest lists
// the bucket's objects with their sizes and entity tags, and the bucket
// itself is backed up by the storage's own means (versioning,
// replication). The database copy is a single transaction's view, taken
// while writers go on; media files are written before the database row
// that names them and never change, so every file the copied database
// refers to exists when the media are read afterwards. The copy passes
// PRAGMA integrity_check before anything is written.
//
// PostgreSQL sites use pg_dump and pg_restore (docs/operations.md).
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"akhbar/internal/media/storage"
)

// Format is the archive layout this package writes and reads. Restore
// refuses an archive of a newer format.
const Format = 1

// Names inside the archive.
const (
	manifestName = "manifest.json"
	databaseName = "akhbar.db"
	mediaPrefix  = "media/"
)

// Manifest describes an archive; it is its first entry.
type Manifest struct {
	Format        int       `json:"format"`
	Created       time.Time `json:"created"`
	Akhbar        string    `json:"akhbar"` // version of the binary that wrote it
	Engine        string    `json:"engine"` // "sqlite"
	SchemaVersion int       `json:"schema_version"`
	Database      File      `json:"database"`
	Counts        Counts    `json:"counts"`
	Media         Media     `json:"media"`
}

// File is a file in the archive with its size and SHA-256.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Counts are what the copied database holds, for a reader of the
// manifest and as a check after restoring.
type Counts struct {
	Articles  int   `json:"articles"`
	Revisions int   `json:"revisions"`
	Media     int   `json:"media"` // images in the library
	Users     int   `json:"users"`
	Files     int   `json:"media_files"`
	Bytes     int64 `json:"media_bytes"`
}

// Media says where the media were and lists them.
type Media struct {
	// Storage is "disk" (the files are in the archive), "s3" (only
	// listed: Files have sizes and entity tags, no checksums) or "none".
	Storage  string      `json:"storage"`
	Location string      `json:"location,omitempty"` // the S3 bucket, secret masked
	Files    []MediaFile `json:"files"`
	Skipped  []string    `json:"skipped,omitempty"` // files in the media folder that are no media key
}

// MediaFile is one media object.
type MediaFile struct {
	Key    string `json:"key"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256,omitempty"`
	ETag   string `json:"etag,omitempty"`
	Type   string `json:"type,omitempty"` // content type, restored with the file
}

// Options say what to back up.
type Options struct {
	// Database is the SQLite file.
	Database string
	// Media is where the media are kept (*storage.Disk or *storage.S3);
	// nil backs up no media.
	Media storage.Storage
	// Version names the binary in the manifest.
	Version string
	// TempDir holds the database copy while the archive is written
	// (default: the database's folder, which has room for a copy of it
	// more surely than /tmp).
	TempDir string
	// Progress, if set, is told the files done and their total.
	Progress func(done, total int)
	// Now stamps the manifest (default time.Now).
	Now func() time.Time
}

// Write copies the site described by o into w as an archive and returns
// its manifest. Nothing is written to w before the database copy has
// passed its integrity check and the media have been listed.
func Write(ctx context.Context, w io.Writer, o Options) (*Manifest, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Progress == nil {
		o.Progress = func(int, int) {}
	}
	if _, err := os.Stat(o.Database); err != nil {
		return nil, fmt.Errorf("backup: database %s: %w", o.Database, err)
	}
	if o.TempDir == "" {
		o.TempDir = filepath.Dir(o.Database)
	}
	tmp, err := os.MkdirTemp(o.TempDir, ".akhbar-backup-")
	if err != nil {
		return nil, fmt.Errorf("backup: temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	m := &Manifest{Format: Format, Created: o.Now().UTC().Truncate(time.Second), Akhbar: o.Version, Engine: "sqlite"}

	copyPath := filepath.Join(tmp, databaseName)
	if err := snapshot(ctx, o.Database, copyPath); err != nil {
		return nil, err
	}
	if err := Check(ctx, copyPath, &m.SchemaVersion, &m.Counts); err != nil {
		return nil, fmt.Errorf("backup: the copy of %s: %w", o.Database, err)
	}
	if m.Database, err = sumFile(copyPath, databaseName); err != nil {
		return nil, fmt.Errorf("backup: the copy of the database: %w", err)
	}

	if err := listMedia(ctx, o.Media, &m.Media, func(n int) { o.Progress(0, n+1) }); err != nil {
		return nil, err
	}
	m.Counts.Files = len(m.Media.Files)
	for _, f := range m.Media.Files {
		m.Counts.Bytes += f.Size
	}

	total := 1
	if m.Media.Storage == "disk" {
		total += len(m.Media.Files)
	}
	o.Progress(0, total)
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	head, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("backup: manifest: %w", err)
	}
	if err := addBytes(tw, manifestName, head, m.Created); err != nil {
		return nil, err
	}
	if err := addFile(tw, copyPath, m.Database, m.Created); err != nil {
		return nil, err
	}
	o.Progress(1, total)
	if m.Media.Storage == "disk" {
		for i, f := range m.Media.Files {
			if err := addMedia(ctx, tw, o.Media, f, m.Created); err != nil {
				return nil, err
			}
			o.Progress(i+2, total)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("backup: write archive: %w", err)
	}
	if err := gz.Close(); err != nil {
		return nil, fmt.Errorf("backup: write archive: %w", err)
	}
	return m, nil
}

// snapshot copies the database at src into the new file dst with VACUUM
// INTO: one read transaction, so writers carry on and the copy is what
// was committed when it began, compacted and without a write-ahead log.
func snapshot(ctx context.Context, src, dst string) error {
	db, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", src, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO $1`, dst); err != nil {
		return fmt.Errorf("backup: copy %s: %w", src, err)
	}
	return nil
}

// Check runs PRAGMA integrity_check and a foreign key check on the SQLite
// file at path and, if schema or counts are not nil, reads its schema
// version and what it holds.
func Check(ctx context.Context, path string, schema *int, counts *Counts) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return fmt.Errorf("integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check failed: %s", strings.Join(problems[:min(5, len(problems))], "; "))
	}
	var bad int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&bad); err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	if bad > 0 {
		return fmt.Errorf("foreign key check: %d rows refer to rows that do not exist", bad)
	}
	if schema != nil {
		if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(schema); err != nil {
			return fmt.Errorf("schema version (is it an Akhbar database?): %w", err)
		}
	}
	if counts != nil {
		err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM revisions),
			(SELECT COUNT(*) FROM media), (SELECT COUNT(*) FROM users)`).Scan(&counts.Articles, &counts.Revisions, &counts.Media, &counts.Users)
		if err != nil {
			return fmt.Errorf("count rows: %w", err)
		}
	}
	return nil
}

// listMedia fills m with the media in files: every disk file with its
// SHA-256 (read once here, and again while archived, which must agree),
// or every S3 object with its size and entity tag.
func listMedia(ctx context.Context, files storage.Storage, m *Media, found func(int)) error {
	m.Files = []MediaFile{}
	switch st := files.(type) {
	case nil:
		m.Storage = "none"
		return nil
	case *storage.Disk:
		m.Storage = "disk"
		err := st.Walk(ctx, func(key string) error {
			f, err := hashMedia(ctx, st, key)
			if err != nil {
				return err
			}
			m.Files = append(m.Files, f)
			found(len(m.Files))
			return nil
		}, func(p string) { m.Skipped = append(m.Skipped, p) })
		if err != nil {
			return fmt.Errorf("backup: media: %w", err)
		}
		return nil
	case *storage.S3:
		m.Storage, m.Location = "s3", st.Config().String()
		err := st.List(ctx, "", func(o storage.Object) error {
			if storage.ValidKey(o.Key) != nil {
				m.Skipped = append(m.Skipped, o.Key)
				return nil
			}
			m.Files = append(m.Files, MediaFile{Key: o.Key, Size: o.Size, ETag: o.ETag})
			found(len(m.Files))
			return nil
		})
		if err != nil {
			return fmt.Errorf("backup: media: %w", err)
		}
		return nil
	default:
		return fmt.Errorf("backup: media kept in %T: only a folder or S3 can be backed up", files)
	}
}

func hashMedia(ctx context.Context, files storage.Storage, key string) (MediaFile, error) {
	r, info, err := files.Get(ctx, key)
	if err != nil {
		return MediaFile{}, fmt.Errorf("read %s: %w", key, err)
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return MediaFile{}, fmt.Errorf("read %s: %w", key, err)
	}
	return MediaFile{Key: key, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), Type: info.ContentType}, nil
}

func addBytes(tw *tar.Writer, name string, b []byte, at time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), ModTime: at, Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	if _, err := tw.Write(b); err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	return nil
}

func addFile(tw *tar.Writer, path string, f File, at time.Time) error {
	r, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer r.Close()
	return addStream(tw, r, f.Name, f.Size, f.SHA256, at)
}

// addMedia archives one media file, checking that it is still the file
// that was listed.
func addMedia(ctx context.Context, tw *tar.Writer, files storage.Storage, f MediaFile, at time.Time) error {
	r, _, err := files.Get(ctx, f.Key)
	if err != nil {
		return fmt.Errorf("backup: media %s: %w (deleted while the backup ran? run it again)", f.Key, err)
	}
	defer r.Close()
	return addStream(tw, r, mediaPrefix+f.Key, f.Size, f.SHA256, at)
}

func addStream(tw *tar.Writer, r io.Reader, name string, size int64, sum string, at time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: size, ModTime: at, Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	h := sha256.New()
	n, err := io.Copy(tw, io.TeeReader(io.LimitReader(r, size+1), h))
	if err != nil && !errors.Is(err, tar.ErrWriteTooLong) {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	if n != size || err != nil || hex.EncodeToString(h.Sum(nil)) != sum {
		return fmt.Errorf("backup: %s changed while the backup ran (%d bytes, listed with %d); run it again", name, n, size)
	}
	return nil
}

func sumFile(path, name string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, err
	}
	return File{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
