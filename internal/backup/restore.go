package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"akhbar/internal/media/storage"
	"akhbar/internal/store"
)

// RestoreOptions say where a backup goes back to.
type RestoreOptions struct {
	// DataDir is the data folder: it must be missing or empty.
	DataDir string
	// Database is the SQLite file to create (usually DataDir/akhbar.db).
	Database string
	// Media is where the media go: a folder (missing or empty), or an
	// s3:// URL, which receives the archive's files (keys name their
	// content, so rewriting one changes nothing) or, for an archive that
	// only lists a bucket's objects, is checked for them.
	Media string
	// Progress, if set, is told the files done and their total.
	Progress func(done, total int)
}

// Restored reports what Restore did.
type Restored struct {
	Manifest *Manifest
	// MissingMedia are the objects an archive of S3 media lists that the
	// target bucket does not hold with the same size.
	MissingMedia []string
	// Note says what became of the media when the archive had none.
	Note string
}

// Restore reads the archive r into the empty place o names, checking
// every file's size and SHA-256 against the manifest and the database
// with PRAGMA integrity_check. It refuses, changing nothing, when the
// data folder, the database or the media folder already holds anything.
// When it fails part-way it removes what it wrote, so the place is empty
// again; the database file appears under its name only once everything
// has been checked.
func Restore(ctx context.Context, r io.Reader, o RestoreOptions) (res *Restored, err error) {
	if o.Progress == nil {
		o.Progress = func(int, int) {}
	}
	if store.IsPostgresURL(o.Database) {
		return nil, errors.New("restore: the database is PostgreSQL: an archive holds a SQLite site; restore PostgreSQL with pg_restore (docs/operations.md)")
	}
	if o.Media == "" {
		o.Media = filepath.Join(o.DataDir, "media")
	}
	mediaOnDisk := !IsS3(o.Media)
	var undo []func()
	defer func() {
		if err != nil {
			for i := len(undo) - 1; i >= 0; i-- {
				undo[i]()
			}
		}
	}()

	// Refuse before touching anything.
	dataMade, err := mustBeEmpty(o.DataDir, "data folder")
	if err != nil {
		return nil, err
	}
	for _, p := range []string{o.Database, o.Database + "-wal", o.Database + "-shm"} {
		if _, err := os.Lstat(p); err == nil {
			return nil, fmt.Errorf("restore: %s already exists: restore into an empty data folder (nothing was changed)", p)
		}
	}
	mediaMade := false
	if mediaOnDisk {
		if mediaMade, err = mustBeEmpty(o.Media, "media folder"); err != nil {
			return nil, err
		}
	}

	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("restore: not a backup archive (gzip): %w", err)
	}
	tr := tar.NewReader(zr)
	m, err := readManifest(tr)
	if err != nil {
		return nil, err
	}
	res = &Restored{Manifest: m}

	if err := os.MkdirAll(o.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if dataMade {
		undo = append(undo, func() { os.Remove(o.DataDir) })
	}
	if err := os.MkdirAll(filepath.Dir(o.Database), 0o750); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	var files storage.Storage
	if m.Media.Storage == "disk" {
		if files, err = openMedia(ctx, o.Media); err != nil {
			return nil, err
		}
		if mediaOnDisk {
			undo = append(undo, func() { emptyFolder(o.Media, mediaMade) })
		}
	}

	want := map[string]MediaFile{}
	if m.Media.Storage == "disk" {
		for _, f := range m.Media.Files {
			want[f.Key] = f
		}
	}
	total, done := 1+len(want), 0
	o.Progress(0, total)
	partial := o.Database + ".restore-partial"
	undo = append(undo, func() { os.Remove(partial) })
	dbSeen := false
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("restore: read archive: %w", err)
		}
		if h.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("restore: archive entry %q is not a plain file", h.Name)
		}
		switch key, isMedia := strings.CutPrefix(h.Name, mediaPrefix); {
		case h.Name == databaseName && !dbSeen:
			dbSeen = true
			if err := copyChecked(tr, partial, m.Database); err != nil {
				return nil, err
			}
		case isMedia && files != nil:
			f, ok := want[key]
			if !ok {
				return nil, fmt.Errorf("restore: archive entry %q is not in its manifest (or comes twice)", h.Name)
			}
			delete(want, key)
			if err := putChecked(ctx, tr, files, f); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("restore: unexpected archive entry %q", h.Name)
		}
		done++
		o.Progress(done, total)
	}
	if !dbSeen {
		return nil, errors.New("restore: the archive holds no database (cut short?)")
	}
	if len(want) > 0 {
		return nil, fmt.Errorf("restore: the archive lacks %d of the media files its manifest lists (cut short?)", len(want))
	}
	var counts Counts
	if err := Check(ctx, partial, nil, &counts); err != nil {
		return nil, fmt.Errorf("restore: the restored database: %w", err)
	}
	if counts.Articles != m.Counts.Articles || counts.Revisions != m.Counts.Revisions || counts.Media != m.Counts.Media {
		return nil, fmt.Errorf("restore: the restored database holds %d articles, %d revisions, %d images; the manifest says %d, %d, %d",
			counts.Articles, counts.Revisions, counts.Media, m.Counts.Articles, m.Counts.Revisions, m.Counts.Media)
	}
	if err := os.Rename(partial, o.Database); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	undo = append(undo, func() { os.Remove(o.Database) })
	if err := syncDir(filepath.Dir(o.Database)); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}

	switch m.Media.Storage {
	case "s3":
		if mediaOnDisk {
			res.Note = fmt.Sprintf("the backup's %d media files stay in S3 (%s): serve with --media pointing there", len(m.Media.Files), m.Media.Location)
			break
		}
		if res.MissingMedia, err = checkBucket(ctx, o.Media, m.Media.Files); err != nil {
			return nil, err
		}
	case "none":
		res.Note = "the backup holds no media"
	}
	return res, nil
}

// Inspect reads an archive through, checking every entry against its
// manifest, and returns the manifest; nothing is written.
func Inspect(r io.Reader) (*Manifest, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("backup: not a backup archive (gzip): %w", err)
	}
	tr := tar.NewReader(zr)
	m, err := readManifest(tr)
	if err != nil {
		return nil, err
	}
	sums := map[string]File{databaseName: m.Database}
	if m.Media.Storage == "disk" {
		for _, f := range m.Media.Files {
			sums[mediaPrefix+f.Key] = File{Name: mediaPrefix + f.Key, Size: f.Size, SHA256: f.SHA256}
		}
	}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("backup: read archive: %w", err)
		}
		f, ok := sums[h.Name]
		if !ok {
			return nil, fmt.Errorf("backup: archive entry %q is not in its manifest (or comes twice)", h.Name)
		}
		delete(sums, h.Name)
		if err := verify(tr, io.Discard, f); err != nil {
			return nil, err
		}
	}
	if len(sums) > 0 {
		return nil, fmt.Errorf("backup: the archive lacks %d of the files its manifest lists (cut short?)", len(sums))
	}
	return m, nil
}

func readManifest(tr *tar.Reader) (*Manifest, error) {
	h, err := tr.Next()
	if err != nil {
		return nil, fmt.Errorf("restore: not a backup archive: %w", err)
	}
	if h.Name != manifestName || h.Size > 256<<20 {
		return nil, fmt.Errorf("restore: not an Akhbar backup: it begins with %q, not %s", h.Name, manifestName)
	}
	var m Manifest
	if err := json.NewDecoder(tr).Decode(&m); err != nil {
		return nil, fmt.Errorf("restore: %s: %w", manifestName, err)
	}
	if m.Format < 1 || m.Format > Format {
		return nil, fmt.Errorf("restore: the archive's format is %d; this akhbar reads format %d: use the akhbar that made it (%s) or a newer one", m.Format, Format, m.Akhbar)
	}
	if m.Engine != "sqlite" {
		return nil, fmt.Errorf("restore: the archive holds a %q database; this akhbar restores sqlite", m.Engine)
	}
	latest, err := store.LatestSchema(store.SQLite)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if m.SchemaVersion > latest {
		return nil, fmt.Errorf("restore: the database's schema is at version %d, newer than this akhbar's %d: restore with the akhbar that made it (%s) or a newer one",
			m.SchemaVersion, latest, m.Akhbar)
	}
	return &m, nil
}

// verify copies the entry in r to w, checking its size and SHA-256.
func verify(r io.Reader, w io.Writer, f File) error {
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(r, f.Size+1))
	if err != nil {
		return fmt.Errorf("restore: %s: %w", f.Name, err)
	}
	if n != f.Size {
		return fmt.Errorf("restore: %s is %d bytes, its manifest says %d", f.Name, n, f.Size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != f.SHA256 {
		return fmt.Errorf("restore: %s is damaged: SHA-256 %s, its manifest says %s", f.Name, got, f.SHA256)
	}
	return nil
}

func copyChecked(r io.Reader, path string, f File) error {
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	err = verify(r, out, f)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("restore: %w", cerr)
	}
	return err
}

// maxMediaFile bounds one media file read into memory while restoring
// (uploads are at most 25 MB).
const maxMediaFile = 1 << 30

func putChecked(ctx context.Context, r io.Reader, files storage.Storage, f MediaFile) error {
	if f.Size > maxMediaFile {
		return fmt.Errorf("restore: media %s is %d bytes, more than a media file can be", f.Key, f.Size)
	}
	var buf bytes.Buffer
	buf.Grow(int(f.Size))
	if err := verify(r, &buf, File{Name: mediaPrefix + f.Key, Size: f.Size, SHA256: f.SHA256}); err != nil {
		return err
	}
	if err := files.Put(ctx, f.Key, buf.Bytes(), f.Type); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

func openMedia(ctx context.Context, where string) (storage.Storage, error) {
	if IsS3(where) {
		cfg, err := storage.ParseS3URL(where)
		if err != nil {
			return nil, fmt.Errorf("restore: media: %w", err)
		}
		s, err := storage.NewS3(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("restore: media: %w", err)
		}
		return s, nil
	}
	d, err := storage.NewDisk(where)
	if err != nil {
		return nil, fmt.Errorf("restore: media: %w", err)
	}
	return d, nil
}

// checkBucket returns the listed objects the bucket at where lacks.
func checkBucket(ctx context.Context, where string, list []MediaFile) ([]string, error) {
	files, err := openMedia(ctx, where)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, f := range list {
		info, err := files.Stat(ctx, f.Key)
		switch {
		case errors.Is(err, storage.ErrNotFound):
			missing = append(missing, f.Key)
		case err != nil:
			return nil, fmt.Errorf("restore: check media: %w", err)
		case info.Size != f.Size:
			missing = append(missing, f.Key)
		}
	}
	return missing, nil
}

// mustBeEmpty refuses a folder that holds anything; made tells that it
// does not exist yet.
func mustBeEmpty(dir, what string) (made bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("restore: %s %s: %w", what, dir, err)
	case len(entries) > 0:
		return false, fmt.Errorf("restore: the %s %s is not empty (it holds %s): restore into an empty one (nothing was changed)", what, dir, entries[0].Name())
	}
	return false, nil
}

// emptyFolder removes what a failed restore put into dir, which was
// empty before, and dir itself if the restore made it.
func emptyFolder(dir string, made bool) {
	if made {
		os.RemoveAll(dir)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
