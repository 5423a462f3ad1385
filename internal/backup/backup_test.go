package backup_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akhbar/internal/backup"
	"akhbar/internal/demo"
	"akhbar/internal/media/storage"
	"akhbar/internal/store"
)

// site makes a data folder with the demo site and a few media files.
func site(t *testing.T) (dir string, files *storage.Disk) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	s, err := store.Open(ctx, filepath.Join(dir, "akhbar.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, s, time.Now()); err != nil {
		t.Fatal(err)
	}
	files, err = storage.NewDisk(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	for i, key := range []string{"2026/02/a1.jpg", "2026/02/b2.webp", "2026/03/c3.jpg"} {
		if err := files.Put(ctx, key, bytes.Repeat([]byte{byte(i + 1)}, 1000*(i+1)), "image/jpeg"); err != nil {
			t.Fatal(err)
		}
	}
	// A file copied in by hand under a name that is no key is left out, and said so.
	os.WriteFile(filepath.Join(dir, "media", "README.TXT"), []byte("x"), 0o644)
	return dir, files
}

func options(dir string, files storage.Storage) backup.Options {
	return backup.Options{Database: filepath.Join(dir, "akhbar.db"), Media: files, Version: "test"}
}

func restoreOptions(dir string) backup.RestoreOptions {
	return backup.RestoreOptions{DataDir: dir, Database: filepath.Join(dir, "akhbar.db"), Media: filepath.Join(dir, "media")}
}

// TestRoundTrip: a backup restored into an empty folder gives back the
// database and every media file with its content type; a non-empty
// folder, an existing database file and an existing archive are refused
// with nothing changed.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir, files := site(t)
	archive := filepath.Join(t.TempDir(), "site.tar.gz")
	var calls int
	o := options(dir, files)
	o.Progress = func(done, total int) { calls++ }
	m, size, err := backup.Save(ctx, archive, o)
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Articles < 41 || m.Counts.Revisions < m.Counts.Articles || m.Counts.Files != 3 || m.Counts.Bytes != 6000 ||
		m.Media.Storage != "disk" || len(m.Media.Skipped) != 1 || m.SchemaVersion == 0 || size == 0 || calls == 0 {
		t.Errorf("manifest %+v, size %d, %d progress calls", m, size, calls)
	}
	if _, _, err := backup.Save(ctx, archive, o); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second backup to the same name: %v", err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".akhbar-backup-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	to := filepath.Join(t.TempDir(), "data")
	r, _ := os.Open(archive)
	res, err := backup.Restore(ctx, r, restoreOptions(to))
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	if res.Manifest.Counts != m.Counts {
		t.Errorf("restored counts %+v, backed up %+v", res.Manifest.Counts, m.Counts)
	}
	restored, _ := storage.NewDisk(filepath.Join(to, "media"))
	for _, f := range m.Media.Files {
		want, _ := os.ReadFile(filepath.Join(dir, "media", f.Key))
		got, err := os.ReadFile(filepath.Join(to, "media", f.Key))
		info, _ := restored.Stat(ctx, f.Key)
		if err != nil || !bytes.Equal(got, want) || info.ContentType != "image/jpeg" {
			t.Errorf("media %s: %d bytes, %v, type %q", f.Key, len(got), err, info.ContentType)
		}
	}
	s, err := store.Open(ctx, filepath.Join(to, "akhbar.db"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.CountArticles(ctx, store.AllArticles())
	s.Close()
	if err != nil || n != m.Counts.Articles {
		t.Errorf("restored database: %d articles, %v", n, err)
	}

	// Into a folder with anything in it: refused, nothing changed.
	for _, target := range []string{dir, to} {
		before := tree(t, target)
		r, _ := os.Open(archive)
		_, err := backup.Restore(ctx, r, restoreOptions(target))
		r.Close()
		if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("restore into %s: %v", target, err)
		}
		if after := tree(t, target); after != before {
			t.Errorf("a refused restore changed %s:\n%s\nto\n%s", target, before, after)
		}
	}
	empty := t.TempDir()
	elsewhere := filepath.Join(t.TempDir(), "akhbar.db")
	os.WriteFile(elsewhere, []byte("x"), 0o600)
	r, _ = os.Open(archive)
	_, err = backup.Restore(ctx, r, backup.RestoreOptions{DataDir: empty, Database: elsewhere})
	r.Close()
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("restore over an existing database file: %v", err)
	}
}

// tree lists a folder's files and sizes.
func tree(t *testing.T, dir string) string {
	var b strings.Builder
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil {
			b.WriteString(p + " " + info.Mode().String())
			if !info.IsDir() {
				b.WriteString(" " + string(rune('0'+info.Size()%10)))
			}
			b.WriteString("\n")
		}
		return nil
	})
	return b.String()
}

// TestRestoreDamaged: an archive with one byte changed, or cut short, is
// refused by its checksums and leaves the target folder as empty as it
// was; Inspect finds the same.
func TestRestoreDamaged(t *testing.T) {
	ctx := context.Background()
	dir, files := site(t)
	var buf bytes.Buffer
	if _, err := backup.Write(ctx, &buf, options(dir, files)); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Inspect(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatalf("a whole archive: %v", err)
	}
	// Change one byte of the last media file, inside the compressed stream.
	raw := gunzip(t, buf.Bytes())
	i := bytes.LastIndex(raw, bytes.Repeat([]byte{3}, 3000))
	if i < 0 {
		t.Fatal("media file not found in the archive")
	}
	raw[i+1500] = 4
	cases := map[string][]byte{
		"one byte changed": gz(t, raw),
		"cut short":        buf.Bytes()[:buf.Len()*2/3],
		"not an archive":   []byte("hello"),
	}
	for name, b := range cases {
		if _, err := backup.Inspect(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: Inspect found nothing wrong", name)
		}
		parent := t.TempDir()
		to := filepath.Join(parent, "data")
		os.Mkdir(to, 0o750)
		_, err := backup.Restore(ctx, bytes.NewReader(b), restoreOptions(to))
		if err == nil {
			t.Errorf("%s: restored", name)
			continue
		}
		t.Logf("%s: %v", name, err)
		if name == "one byte changed" && !strings.Contains(err.Error(), "damaged") {
			t.Errorf("%s: %v", name, err)
		}
		if entries, _ := os.ReadDir(to); len(entries) > 0 {
			t.Errorf("%s: the failed restore left %s in the data folder", name, entries[0].Name())
		}
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gz(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

// TestScheduleKeeps: scheduled backups are named by their time and only
// the newest Keep stay.
func TestScheduleKeeps(t *testing.T) {
	ctx := context.Background()
	dir, files := site(t)
	to := filepath.Join(t.TempDir(), "backups")
	clock := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	o := options(dir, files)
	o.Now = func() time.Time { return clock }
	s := &backup.Schedule{Every: 6 * time.Hour, Keep: 2, To: to, Options: o, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for range 4 {
		if _, err := s.Once(ctx); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(6 * time.Hour)
	}
	os.WriteFile(filepath.Join(to, "notes.txt"), []byte("mine"), 0o644)
	if _, err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(to)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "akhbar-20261207-040000.tar.gz akhbar-20261207-100000.tar.gz notes.txt" {
		t.Errorf("kept %s", got)
	}
}
