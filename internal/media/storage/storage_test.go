package storage

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
)

// s3EnvVar turns the S3 half of the suite on.
const s3EnvVar = "AKHBAR_TEST_S3"

// backend is what the shared suite needs from one implementation.
type backend struct {
	// open returns a new, empty store; each call is independent of the
	// others (its own folder or bucket prefix).
	open func(t *testing.T) Storage
	// list returns every name present in the place a store from open keeps
	// its data (files and sidecars on disk, object names in S3), sorted,
	// so tests can check that a refused call touched nothing.
	list func(t *testing.T, s Storage) []string
}

// testStorage is the suite both implementations must pass.
func testStorage(t *testing.T, b backend) {
	t.Run("RoundTripBinary", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		data := make([]byte, 256*3)
		for i := range data {
			data[i] = byte(i) // every byte value, NUL and 0xff included
		}
		before := time.Now().Add(-time.Minute)
		if err := s.Put(ctx, "2026/02/ab12cd.jpg", data, "image/jpeg"); err != nil {
			t.Fatalf("Put: %v", err)
		}
		rc, info, err := s.Get(ctx, "2026/02/ab12cd.jpg")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		got := readAll(t, rc)
		if !bytes.Equal(got, data) {
			t.Fatalf("Get returned %d bytes, not the %d put (or different)", len(got), len(data))
		}
		if info.Size != int64(len(data)) || info.ContentType != "image/jpeg" {
			t.Errorf("Get info = %+v, want size %d, type image/jpeg", info, len(data))
		}
		if info.ModTime.Before(before) || info.ModTime.After(time.Now().Add(time.Minute)) {
			t.Errorf("Get ModTime = %v, want about now", info.ModTime)
		}
	})

	t.Run("ContentTypeKept", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		cases := []struct{ key, put, want string }{
			{"a.jpg", "image/jpeg", "image/jpeg"},
			{"b.webp", "image/webp", "image/webp"},
			{"c.bin", "image/png", "image/png"}, // not guessed from the extension
			{"d.txt", "text/plain; charset=utf-8", "text/plain; charset=utf-8"},
			{"e.jpg", "application/vnd.akhbar.test", "application/vnd.akhbar.test"},
			{"f", "", "application/octet-stream"},
		}
		for _, c := range cases {
			if err := s.Put(ctx, c.key, []byte("x"), c.put); err != nil {
				t.Fatalf("Put(%q, %q): %v", c.key, c.put, err)
			}
		}
		for _, c := range cases {
			info, err := s.Stat(ctx, c.key)
			if err != nil {
				t.Fatalf("Stat(%q): %v", c.key, err)
			}
			if info.ContentType != c.want {
				t.Errorf("Stat(%q).ContentType = %q, want %q", c.key, info.ContentType, c.want)
			}
			rc, info, err := s.Get(ctx, c.key)
			if err != nil {
				t.Fatalf("Get(%q): %v", c.key, err)
			}
			rc.Close()
			if info.ContentType != c.want {
				t.Errorf("Get(%q).ContentType = %q, want %q", c.key, info.ContentType, c.want)
			}
		}
	})

	t.Run("StatSizes", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		for _, n := range []int{0, 1, 1000, 65537} {
			key := fmt.Sprintf("size/%d.bin", n)
			if err := s.Put(ctx, key, randomBytes(t, n), "application/octet-stream"); err != nil {
				t.Fatalf("Put(%q): %v", key, err)
			}
			info, err := s.Stat(ctx, key)
			if err != nil {
				t.Fatalf("Stat(%q): %v", key, err)
			}
			if info.Size != int64(n) {
				t.Errorf("Stat(%q).Size = %d, want %d", key, info.Size, n)
			}
			rc, _, err := s.Get(ctx, key)
			if err != nil {
				t.Fatalf("Get(%q): %v", key, err)
			}
			if got := len(readAll(t, rc)); got != n {
				t.Errorf("Get(%q) read %d bytes, want %d", key, got, n)
			}
		}
	})

	t.Run("MissingKey", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		if err := s.Put(ctx, "2026/02/present.jpg", []byte("x"), "image/jpeg"); err != nil {
			t.Fatalf("Put: %v", err)
		}
		// "2026/02" is a folder of keys, not a key; "…present.jpg/x" lies under an object.
		for _, key := range []string{"2026/02/absent.jpg", "never/was/here.png", "2026/02", "2026", "2026/02/present.jpg/x"} {
			if _, err := s.Stat(ctx, key); !errors.Is(err, ErrNotFound) {
				t.Errorf("Stat(%q) error = %v, want ErrNotFound", key, err)
			}
			rc, _, err := s.Get(ctx, key)
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("Get(%q) error = %v, want ErrNotFound", key, err)
			}
			if rc != nil {
				t.Errorf("Get(%q) returned a reader with error %v", key, err)
				rc.Close()
			}
		}
	})

	t.Run("Overwrite", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		key := "2026/02/same.img"
		if err := s.Put(ctx, key, bytes.Repeat([]byte("old"), 1000), "image/jpeg"); err != nil {
			t.Fatalf("Put 1: %v", err)
		}
		if err := s.Put(ctx, key, []byte("new"), "image/png"); err != nil {
			t.Fatalf("Put 2: %v", err)
		}
		rc, info, err := s.Get(ctx, key)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if got := string(readAll(t, rc)); got != "new" {
			t.Errorf("Get = %q, want %q", got, "new")
		}
		if info.Size != 3 || info.ContentType != "image/png" {
			t.Errorf("Get info = %+v, want size 3, image/png", info)
		}
		if want := []string{key}; !slices.Equal(objectsOf(b.list(t, s)), want) {
			t.Errorf("store holds %q, want only %q", b.list(t, s), want)
		}
	})

	t.Run("DeleteIdempotent", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		if err := s.Put(ctx, "del/a.jpg", []byte("a"), "image/jpeg"); err != nil {
			t.Fatalf("Put: %v", err)
		}
		if err := s.Put(ctx, "del/b.jpg", []byte("b"), "image/jpeg"); err != nil {
			t.Fatalf("Put: %v", err)
		}
		for i := range 2 {
			if err := s.Delete(ctx, "del/a.jpg"); err != nil {
				t.Fatalf("Delete #%d: %v", i+1, err)
			}
		}
		if err := s.Delete(ctx, "never/existed.jpg"); err != nil {
			t.Errorf("Delete of a key never written: %v", err)
		}
		if _, err := s.Stat(ctx, "del/a.jpg"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Stat after Delete: error = %v, want ErrNotFound", err)
		}
		if _, _, err := s.Get(ctx, "del/a.jpg"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get after Delete: error = %v, want ErrNotFound", err)
		}
		if info, err := s.Stat(ctx, "del/b.jpg"); err != nil || info.Size != 1 {
			t.Errorf("neighbour after Delete: %+v, %v", info, err)
		}
		if got := objectsOf(b.list(t, s)); !slices.Equal(got, []string{"del/b.jpg"}) {
			t.Errorf("store holds %q after Delete, want only del/b.jpg", b.list(t, s))
		}
		// Put again after a delete works.
		if err := s.Put(ctx, "del/a.jpg", []byte("again"), "image/gif"); err != nil {
			t.Fatalf("Put after Delete: %v", err)
		}
		if info, err := s.Stat(ctx, "del/a.jpg"); err != nil || info.Size != 5 || info.ContentType != "image/gif" {
			t.Errorf("Stat after re-Put: %+v, %v", info, err)
		}
	})

	t.Run("InvalidKeys", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		if err := s.Put(ctx, "ok/keep.jpg", []byte("keep"), "image/jpeg"); err != nil {
			t.Fatalf("Put: %v", err)
		}
		before := b.list(t, s)
		for _, key := range badKeys {
			if err := s.Put(ctx, key, []byte("evil"), "image/jpeg"); err == nil {
				t.Errorf("Put(%q) succeeded", key)
			}
			if rc, _, err := s.Get(ctx, key); err == nil || errors.Is(err, ErrNotFound) {
				t.Errorf("Get(%q) error = %v, want a key error", key, err)
				if rc != nil {
					rc.Close()
				}
			}
			if _, err := s.Stat(ctx, key); err == nil || errors.Is(err, ErrNotFound) {
				t.Errorf("Stat(%q) error = %v, want a key error", key, err)
			}
			if err := s.Delete(ctx, key); err == nil {
				t.Errorf("Delete(%q) succeeded", key)
			}
		}
		if after := b.list(t, s); !slices.Equal(before, after) {
			t.Errorf("refused calls changed the store:\nbefore %q\nafter  %q", before, after)
		}
		rc, _, err := s.Get(ctx, "ok/keep.jpg")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if got := string(readAll(t, rc)); got != "keep" {
			t.Errorf("ok/keep.jpg = %q after refused calls", got)
		}
	})

	t.Run("ConcurrentPuts", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		const n = 24
		want := make([][]byte, n)
		for i := range want {
			want[i] = randomBytes(t, 1000+i*997)
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				// Several goroutines share each new folder, to race on creating it.
				key := fmt.Sprintf("2026/%02d/c%02d.bin", i%3+1, i)
				errs[i] = s.Put(ctx, key, want[i], "application/octet-stream")
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("Put #%d: %v", i, err)
			}
		}
		for i := range n {
			key := fmt.Sprintf("2026/%02d/c%02d.bin", i%3+1, i)
			rc, info, err := s.Get(ctx, key)
			if err != nil {
				t.Errorf("Get(%q): %v", key, err)
				continue
			}
			if got := readAll(t, rc); !bytes.Equal(got, want[i]) || info.Size != int64(len(want[i])) {
				t.Errorf("Get(%q): %d bytes (info %d), want %d", key, len(got), info.Size, len(want[i]))
			}
		}
		if got := len(objectsOf(b.list(t, s))); got != n {
			t.Errorf("store holds %d objects, want %d: %q", got, n, b.list(t, s))
		}
	})

	t.Run("LargeObject", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		data := randomBytes(t, 8<<20+123) // a little over 8 MiB
		if err := s.Put(ctx, "big/video.mp4", data, "video/mp4"); err != nil {
			t.Fatalf("Put: %v", err)
		}
		info, err := s.Stat(ctx, "big/video.mp4")
		if err != nil || info.Size != int64(len(data)) {
			t.Fatalf("Stat = %+v, %v; want size %d", info, err, len(data))
		}
		rc, info, err := s.Get(ctx, "big/video.mp4")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if got := readAll(t, rc); !bytes.Equal(got, data) {
			t.Fatalf("Get returned %d bytes, want the %d put", len(got), len(data))
		}
		if info.ContentType != "video/mp4" {
			t.Errorf("ContentType = %q", info.ContentType)
		}
	})

	t.Run("NestedFolders", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		keys := []string{
			"top.png",
			"2026/02/ab12cd.jpg",
			"2026/02/ab12ce.jpg",
			"2026/03/x/y/z/deep_name-1.2.webp",
			"a/b/c/d/e/f/g/h/i/j/k.bin",
		}
		for _, k := range keys {
			if err := s.Put(ctx, k, []byte(k), "image/png"); err != nil {
				t.Fatalf("Put(%q): %v", k, err)
			}
		}
		for _, k := range keys {
			rc, _, err := s.Get(ctx, k)
			if err != nil {
				t.Fatalf("Get(%q): %v", k, err)
			}
			if got := string(readAll(t, rc)); got != k {
				t.Errorf("Get(%q) = %q", k, got)
			}
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		if got := objectsOf(b.list(t, s)); !slices.Equal(got, want) {
			t.Errorf("store holds %q, want %q", got, want)
		}
	})

	t.Run("LongestKey", func(t *testing.T) {
		ctx := t.Context()
		s := b.open(t)
		// 512 bytes in segments of at most 200, within every file system's
		// 255-byte name limit.
		key := strings.Repeat("k", 200) + "/" + strings.Repeat("e", 200) + "/" + strings.Repeat("y", 110)
		if len(key) != MaxKeyLen {
			t.Fatalf("test key is %d bytes", len(key))
		}
		if err := s.Put(ctx, key, []byte("long"), "text/plain"); err != nil {
			t.Fatalf("Put(512-byte key): %v", err)
		}
		if info, err := s.Stat(ctx, key); err != nil || info.Size != 4 {
			t.Errorf("Stat(512-byte key) = %+v, %v", info, err)
		}
	})

	t.Run("CanceledContext", func(t *testing.T) {
		s := b.open(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := s.Put(ctx, "x.jpg", []byte("x"), "image/jpeg"); err == nil {
			t.Errorf("Put with a canceled context succeeded")
		}
		if got := b.list(t, s); len(got) != 0 {
			t.Errorf("Put with a canceled context left %q", got)
		}
	})
}

// badKeys must all be refused by ValidKey and by every method.
var badKeys = []string{
	"",
	"/abs.jpg",
	"/",
	"..",
	".",
	"../escape.jpg",
	"a/../../escape.jpg",
	"a/..",
	"a/./b.jpg",
	"a//b.jpg",
	"a/",
	`a\b.jpg`,
	`..\escape.jpg`,
	"nul\x00.jpg",
	"UPPER.JPG",
	"space in.jpg",
	"semi;colon.jpg",
	"question?.jpg",
	"hash#.jpg",
	"percent%2e.jpg",
	"tilde~type",
	"colon:.jpg",
	"plus+.jpg",
	"عکس.jpg", // Urdu letters are fine in titles, not in keys
	"caf\u00e9.jpg",
	"new\nline.jpg",
	"tab\t.jpg",
	strings.Repeat("a", MaxKeyLen+1),
	strings.Repeat("a/", MaxKeyLen/2) + "a",
}

func TestValidKey(t *testing.T) {
	for _, k := range badKeys {
		if err := ValidKey(k); err == nil {
			t.Errorf("ValidKey(%q) = nil, want an error", k)
		}
	}
	good := []string{
		"a",
		"a.jpg",
		"2026/02/ab12cd34.jpg",
		"x/y_z-1.2.3/...dots",
		".hidden",
		"a/.b",
		"...",
		"0",
		strings.Repeat("a", MaxKeyLen),
	}
	for _, k := range good {
		if err := ValidKey(k); err != nil {
			t.Errorf("ValidKey(%q) = %v, want nil", k, err)
		}
	}
	if err := ValidKey("a\\b"); err == nil || !strings.Contains(err.Error(), "backslash") {
		t.Errorf("ValidKey(backslash) = %v, want a message naming the backslash", err)
	}
}

// ---- Disk ----

func diskBackend() backend {
	return backend{
		open: func(t *testing.T) Storage {
			d, err := NewDisk(filepath.Join(t.TempDir(), "media"))
			if err != nil {
				t.Fatalf("NewDisk: %v", err)
			}
			return d
		},
		list: func(t *testing.T, s Storage) []string {
			root := s.(*Disk).Root()
			var names []string
			err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if !d.IsDir() {
					names = append(names, relSlash(root, p))
				}
				return nil
			})
			if err != nil {
				t.Fatalf("walk %s: %v", root, err)
			}
			slices.Sort(names)
			return names
		},
	}
}

func TestDisk(t *testing.T) {
	testStorage(t, diskBackend())
}

func TestDiskLayout(t *testing.T) {
	ctx := t.Context()
	root := t.TempDir()
	d, err := NewDisk(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, "2026/02/ab.jpg", []byte("jpeg"), "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	// The object is a plain file at ROOT/KEY, its type in KEY~type, and no
	// temporary file is left behind.
	if b, err := os.ReadFile(filepath.Join(root, "2026", "02", "ab.jpg")); err != nil || string(b) != "jpeg" {
		t.Errorf("object file: %q, %v", b, err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "2026", "02", "ab.jpg~type")); err != nil || string(b) != "image/jpeg" {
		t.Errorf("sidecar: %q, %v", b, err)
	}
	if got := diskBackend().list(t, d); !slices.Equal(got, []string{"2026/02/ab.jpg", "2026/02/ab.jpg~type"}) {
		t.Errorf("files = %q", got)
	}
	st, err := os.Stat(filepath.Join(root, "2026", "02", "ab.jpg"))
	if err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("object mode = %v, %v; want 0644", st.Mode(), err)
	}

	// Get's reader is seekable, for http.ServeContent.
	rc, _, err := d.Get(ctx, "2026/02/ab.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rc.(io.ReadSeeker); !ok {
		t.Errorf("Disk.Get reader %T is not an io.ReadSeeker", rc)
	}
	rc.Close()

	// A file put there by hand, without sidecar, gets its extension's type.
	if err := os.WriteFile(filepath.Join(root, "hand.png"), []byte("png"), 0o644); err != nil {
		t.Fatal(err)
	}
	if info, err := d.Stat(ctx, "hand.png"); err != nil || info.ContentType != "image/png" || info.Size != 3 {
		t.Errorf("Stat(hand.png) = %+v, %v", info, err)
	}
	if err := os.WriteFile(filepath.Join(root, "hand"), []byte("?"), 0o644); err != nil {
		t.Fatal(err)
	}
	if info, err := d.Stat(ctx, "hand"); err != nil || info.ContentType != "application/octet-stream" {
		t.Errorf("Stat(hand) = %+v, %v", info, err)
	}

	// A key cannot be both an object and a folder of objects on disk.
	if err := d.Put(ctx, "2026/02/ab.jpg/inner.jpg", []byte("x"), "image/jpeg"); err == nil {
		t.Errorf("Put under an object succeeded")
	}
	if err := d.Put(ctx, "2026/02", []byte("x"), "image/jpeg"); err == nil {
		t.Errorf("Put over a folder succeeded")
	}
	if err := d.Delete(ctx, "2026/02"); err != nil {
		t.Errorf("Delete of a folder name: %v", err)
	}
	if got := diskBackend().list(t, d); !slices.Equal(got, []string{"2026/02/ab.jpg", "2026/02/ab.jpg~type", "hand", "hand.png"}) {
		t.Errorf("files after refused puts = %q", got)
	}

	// Bad content types are refused (they would be sent back as a header).
	if err := d.Put(ctx, "bad.jpg", []byte("x"), "image/jpeg\r\nX-Evil: 1"); err == nil {
		t.Errorf("Put with a CRLF content type succeeded")
	}
}

func TestNewDisk(t *testing.T) {
	if _, err := NewDisk(""); err == nil {
		t.Error("NewDisk(\"\") succeeded")
	}
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDisk(f); err == nil {
		t.Error("NewDisk(a file) succeeded")
	}
	d, err := NewDisk(filepath.Join(t.TempDir(), "a", "b"))
	if err != nil {
		t.Fatalf("NewDisk(new nested folder): %v", err)
	}
	if !filepath.IsAbs(d.Root()) {
		t.Errorf("Root() = %q, not absolute", d.Root())
	}
}

// ---- S3 ----

// TestS3 runs the suite against the S3-compatible server named by
// AKHBAR_TEST_S3, in a new bucket that it removes afterwards.
func TestS3(t *testing.T) {
	raw := os.Getenv(s3EnvVar)
	if raw == "" {
		t.Skipf("S3 tests skipped: set %s=s3://ACCESS:SECRET@host:port/bucket?tls=false to run them "+
			"(scripts/s3-test-server.sh start, then export %s=\"$(scripts/s3-test-server.sh url)\")", s3EnvVar, s3EnvVar)
	}
	base, err := ParseS3URL(raw)
	if err != nil {
		t.Fatalf("%s: %v", s3EnvVar, err)
	}
	// A bucket of our own for this run; the URL's bucket name is only a
	// stem, so runs never see each other's objects.
	cfg := base
	cfg.Bucket = testBucketName(t, base.Bucket)
	cfg.Prefix = ""

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	first, err := NewS3(ctx, cfg)
	if err != nil {
		t.Fatalf("%s is set but the S3 server cannot be used: %v", s3EnvVar, err)
	}
	t.Logf("S3 tests in bucket %s", first.Config())
	t.Cleanup(func() { removeBucket(t, first) })
	if ok, err := first.client.BucketExists(ctx, cfg.Bucket); err != nil || !ok {
		t.Fatalf("NewS3 did not create bucket %q: %v, %v", cfg.Bucket, ok, err)
	}

	var mu sync.Mutex
	n := 0
	testStorage(t, backend{
		open: func(t *testing.T) Storage {
			// Every open gets its own prefix in the run's bucket (which
			// now exists: this is NewS3's other path).
			mu.Lock()
			n++
			c := cfg
			c.Prefix = fmt.Sprintf("%s/t%02d", strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(t.Name(), "TestS3/"), "/", "-")), n)
			mu.Unlock()
			s, err := NewS3(t.Context(), c)
			if err != nil {
				t.Fatalf("NewS3 on existing bucket: %v", err)
			}
			return s
		},
		list: func(t *testing.T, st Storage) []string {
			s := st.(*S3)
			var names []string
			for oi := range s.client.ListObjects(t.Context(), s.cfg.Bucket, minio.ListObjectsOptions{Prefix: s.prefix, Recursive: true}) {
				if oi.Err != nil {
					t.Fatalf("list objects: %v", oi.Err)
				}
				names = append(names, strings.TrimPrefix(oi.Key, s.prefix))
			}
			slices.Sort(names)
			return names
		},
	})

	t.Run("CacheControl", func(t *testing.T) {
		if err := first.Put(t.Context(), "cc.jpg", []byte("x"), "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		oi, err := first.client.StatObject(t.Context(), cfg.Bucket, "cc.jpg", minio.StatObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := oi.Metadata.Get("Cache-Control"); got != CacheControl {
			t.Errorf("Cache-Control = %q, want %q", got, CacheControl)
		}
	})

	t.Run("WrongSecret", func(t *testing.T) {
		c := cfg
		c.SecretKey += "-wrong"
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
		defer cancel()
		if _, err := NewS3(ctx, c); err == nil {
			t.Errorf("NewS3 with a wrong secret key succeeded")
		} else if strings.Contains(err.Error(), c.SecretKey) {
			t.Errorf("error repeats the secret key: %v", err)
		}
	})
}

// testBucketName returns a fresh, valid bucket name starting with stem.
func testBucketName(t *testing.T, stem string) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	suffix := fmt.Sprintf("-%d-%x", time.Now().Unix()%100000, b)
	if len(stem)+len(suffix) > 63 {
		stem = strings.TrimRight(stem[:63-len(suffix)], ".-")
	}
	return stem + suffix
}

// removeBucket deletes every object in s's bucket, then the bucket.
func removeBucket(t *testing.T, s *S3) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	objs := s.client.ListObjects(ctx, s.cfg.Bucket, minio.ListObjectsOptions{Recursive: true})
	for rerr := range s.client.RemoveObjects(ctx, s.cfg.Bucket, objs, minio.RemoveObjectsOptions{}) {
		t.Errorf("cleanup: remove %s: %v", rerr.ObjectName, rerr.Err)
	}
	if err := s.client.RemoveBucket(ctx, s.cfg.Bucket); err != nil {
		t.Errorf("cleanup: remove bucket %s: %v", s.cfg.Bucket, err)
	}
}

func TestParseS3URL(t *testing.T) {
	good := []struct {
		in   string
		want S3Config
	}{
		{"s3://AK:SK@127.0.0.1:8333/media?tls=false", S3Config{Endpoint: "127.0.0.1:8333", Bucket: "media", AccessKey: "AK", SecretKey: "SK"}},
		{"s3://AK:SK@s3.example.com/media", S3Config{Endpoint: "s3.example.com", Bucket: "media", AccessKey: "AK", SecretKey: "SK", UseTLS: true}},
		{"s3://AK:SK@h:9000/media/site/uploads/?region=eu-central-1&tls=true", S3Config{Endpoint: "h:9000", Bucket: "media", AccessKey: "AK", SecretKey: "SK", UseTLS: true, Region: "eu-central-1", Prefix: "site/uploads"}},
		{"S3://AK:a%2Fb%2Bc%40d%3A@h/b-1.x/", S3Config{Endpoint: "h", Bucket: "b-1.x", AccessKey: "AK", SecretKey: "a/b+c@d:", UseTLS: true}},
		{"s3://AK:SK@[::1]:8333/media?tls=0", S3Config{Endpoint: "[::1]:8333", Bucket: "media", AccessKey: "AK", SecretKey: "SK"}},
	}
	for _, g := range good {
		got, err := ParseS3URL(g.in)
		if err != nil {
			t.Errorf("ParseS3URL(%q): %v", g.in, err)
			continue
		}
		if got != g.want {
			t.Errorf("ParseS3URL(%q) = %+v, want %+v", g.in, got, g.want)
		}
	}

	const secret = "TOPSECRET"
	bad := []struct{ in, msg string }{
		{"", "empty"},
		{"http://AK:" + secret + "@h/b", "scheme"},
		{"AK:" + secret + "@h/b", "scheme"},
		{"s3:AK:" + secret + "@h/b", "//"},
		{"s3:///b", "host"},
		{"s3://h/b", "access key"},
		{"s3://AK@h/b", "secret key"},
		{"s3://AK:@h/b", "secret key"},
		{"s3://AK:" + secret + "@h", "bucket"},
		{"s3://AK:" + secret + "@h/", "bucket"},
		{"s3://AK:" + secret + "@h/Bad_Bucket", "bucket name"},
		{"s3://AK:" + secret + "@h/ab", "bucket name"},
		{"s3://AK:" + secret + "@h/b-ok/Bad/Prefix", "prefix"},
		{"s3://AK:" + secret + "@h/b-ok/a/../b", "prefix"},
		{"s3://AK:" + secret + "@h/bkt?tls=maybe", "tls"},
		{"s3://AK:" + secret + "@h/bkt?tls=true&tls=false", "2 times"},
		{"s3://AK:" + secret + "@h/bkt?region=", "region"},
		{"s3://AK:" + secret + "@h/bkt?colour=blue", "unknown parameter"},
		{"s3://AK:" + secret + "@h:99999/bkt", "port"},
		{"s3://AK:" + secret + "@h:port/bkt", "port"},
		{"s3://AK:" + secret + "@h/bkt#frag", "fragment"},
		{"s3://AK:" + secret + "@h/bkt?%zz", "query"},
		{"s3://AK:" + secret + "@h\x7f/bkt", "parse"},
	}
	for _, b := range bad {
		_, err := ParseS3URL(b.in)
		if err == nil {
			t.Errorf("ParseS3URL(%q) succeeded", b.in)
			continue
		}
		if !strings.Contains(err.Error(), b.msg) {
			t.Errorf("ParseS3URL(%q) = %q, want it to mention %q", b.in, err, b.msg)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("ParseS3URL(%q) error repeats the secret: %q", b.in, err)
		}
	}
}

func TestS3ConfigString(t *testing.T) {
	c, err := ParseS3URL("s3://AK:TOPSECRET@127.0.0.1:8333/media/pre?tls=false&region=r1")
	if err != nil {
		t.Fatal(err)
	}
	s := c.String()
	if strings.Contains(s, "TOPSECRET") || !strings.Contains(s, "AK:") || !strings.Contains(s, "127.0.0.1:8333/media/pre") {
		t.Errorf("String() = %q", s)
	}
	back, err := ParseS3URL(s)
	if err != nil {
		t.Fatalf("String() does not parse back: %v", err)
	}
	back.SecretKey = c.SecretKey
	if back != c {
		t.Errorf("String() round trip = %+v, want %+v", back, c)
	}
}

func TestNewS3Refuses(t *testing.T) {
	ctx := t.Context()
	for _, c := range []S3Config{
		{Bucket: "media", AccessKey: "a", SecretKey: "s"},
		{Endpoint: "http://h:1/", Bucket: "media", AccessKey: "a", SecretKey: "s"},
		{Endpoint: "h:1", Bucket: "media"},
		{Endpoint: "h:1", Bucket: "No", AccessKey: "a", SecretKey: "s"},
		{Endpoint: "h:1", Bucket: "media", AccessKey: "a", SecretKey: "s", Prefix: "../up"},
	} {
		if _, err := NewS3(ctx, c); err == nil {
			t.Errorf("NewS3(%+v) succeeded", c)
		}
	}
}

// TestNewS3Unreachable checks that a server that is not there makes NewS3
// fail, not hang, so a misconfigured AKHBAR_TEST_S3 fails the suite.
func TestNewS3Unreachable(t *testing.T) {
	// A port nothing listens on: take a free one and close it.
	addr := freeAddr(t)
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	start := time.Now()
	_, err := NewS3(ctx, S3Config{Endpoint: addr, Bucket: "media", AccessKey: "a", SecretKey: "s"})
	if err == nil {
		t.Fatalf("NewS3 against %s succeeded", addr)
	}
	if d := time.Since(start); d > 14*time.Second {
		t.Errorf("NewS3 took %v to fail", d)
	}
	if !strings.Contains(err.Error(), addr) {
		t.Errorf("error %q does not name the endpoint", err)
	}
}

// ---- helpers ----

func readAll(t *testing.T, rc io.ReadCloser) []byte {
	t.Helper()
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return b
}

func randomBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// objectsOf drops Disk's sidecar files from a listing, leaving the keys.
func objectsOf(names []string) []string {
	var keys []string
	for _, n := range names {
		if !strings.HasSuffix(n, sidecarSuffix) {
			keys = append(keys, n)
		}
	}
	return keys
}

// freeAddr returns a loopback address that nothing listens on.
func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
