package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
)

// Disk keeps objects as plain files under a root directory: key
// "2026/02/ab.jpg" is the file ROOT/2026/02/ab.jpg, so the tree can be backed
// up, rsynced or inspected with ordinary tools.
//
// Content type: each object's content type is kept in a small sidecar file
// next to it, named KEY + "~type" (for example ROOT/2026/02/ab.jpg~type,
// holding "image/jpeg"). A sidecar is used rather than guessing from the
// extension so that Get returns exactly what Put was given, as the S3 backend
// does. '~' can never occur in a valid key, so a sidecar (or a temporary
// file, KEY's base name + "~tmp-…") can never collide with a real object.
// Files without a sidecar (copied in by hand) get the type implied by their
// extension, or application/octet-stream.
//
// Writes are atomic and durable: data goes to a temporary file in the target
// folder, is fsynced, and is renamed over the key, then the folder is
// fsynced. A reader sees the old object or the whole new one. The sidecar is
// written the same way just before the data. Folders are created as needed
// and left in place after Delete (they are few: one per month with the usual
// keys).
//
// Limitation, unlike S3: a key cannot also be a folder of other keys ("a" and
// "a/b" cannot both exist); such a Put fails with an error and stores nothing.
//
// The reader returned by Get is an *os.File, so it also implements io.Seeker
// (for http.ServeContent).
type Disk struct {
	root string
}

var _ Storage = (*Disk)(nil)

const (
	sidecarSuffix = "~type"
	tempInfix     = "~tmp-"
	filePerm      = 0o644
	dirPerm       = 0o755
)

// NewDisk returns a Disk storing files under root, creating the folder if it
// does not exist.
func NewDisk(root string) (*Disk, error) {
	if root == "" {
		return nil, errors.New("storage: disk root is empty")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("storage: disk root %q: %w", root, err)
	}
	if err := os.MkdirAll(abs, dirPerm); err != nil {
		return nil, fmt.Errorf("storage: create disk root: %w", err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("storage: disk root: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("storage: disk root %s is not a directory", abs)
	}
	return &Disk{root: abs}, nil
}

// Root returns the absolute folder the files are kept under.
func (d *Disk) Root() string { return d.root }

// path returns the file name for a key that passed ValidKey.
func (d *Disk) path(key string) string {
	return filepath.Join(d.root, filepath.FromSlash(key))
}

// Put implements Storage.
func (d *Disk) Put(ctx context.Context, key string, data []byte, contentType string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if contentType == "" {
		contentType = defaultContentType
	}
	if err := checkContentType(contentType); err != nil {
		return err
	}
	p := d.path(key)
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return fmt.Errorf("storage: put %q: a folder of other keys already has this name", key)
	}
	dir := filepath.Dir(p)
	if err := d.mkdirs(dir); err != nil {
		return fmt.Errorf("storage: put %q: %w", key, err)
	}
	if err := writeAtomic(p+sidecarSuffix, []byte(contentType)); err != nil {
		return fmt.Errorf("storage: put %q: content type: %w", key, err)
	}
	if err := writeAtomic(p, data); err != nil {
		return fmt.Errorf("storage: put %q: %w", key, err)
	}
	return syncDir(dir)
}

// Get implements Storage.
func (d *Disk) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if err := ValidKey(key); err != nil {
		return nil, Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return nil, Info{}, err
	}
	p := d.path(key)
	f, err := os.Open(p)
	if err != nil {
		return nil, Info{}, d.mapErr("get", key, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, Info{}, fmt.Errorf("storage: get %q: %w", key, err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, Info{}, fmt.Errorf("storage: get %q: %w", key, ErrNotFound)
	}
	return f, Info{Size: st.Size(), ContentType: readType(p), ModTime: st.ModTime()}, nil
}

// Stat implements Storage.
func (d *Disk) Stat(ctx context.Context, key string) (Info, error) {
	if err := ValidKey(key); err != nil {
		return Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	p := d.path(key)
	st, err := os.Stat(p)
	if err != nil {
		return Info{}, d.mapErr("stat", key, err)
	}
	if !st.Mode().IsRegular() {
		return Info{}, fmt.Errorf("storage: stat %q: %w", key, ErrNotFound)
	}
	return Info{Size: st.Size(), ContentType: readType(p), ModTime: st.ModTime()}, nil
}

// Delete implements Storage. The object goes first, then its sidecar, so an
// interrupted delete never leaves an object without its content type.
func (d *Disk) Delete(ctx context.Context, key string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	p := d.path(key)
	if st, err := os.Lstat(p); err == nil && st.IsDir() {
		return nil // a folder of other keys, not an object: nothing to delete
	}
	removed := false
	for _, name := range []string{p, p + sidecarSuffix} {
		switch err := os.Remove(name); {
		case err == nil:
			removed = true
		case !isNotExist(err):
			return fmt.Errorf("storage: delete %q: %w", key, err)
		}
	}
	if !removed {
		return nil
	}
	return syncDir(filepath.Dir(p))
}

func (d *Disk) mapErr(op, key string, err error) error {
	if isNotExist(err) {
		return fmt.Errorf("storage: %s %q: %w", op, key, ErrNotFound)
	}
	return fmt.Errorf("storage: %s %q: %w", op, key, err)
}

// isNotExist also counts ENOTDIR: for key "a/b" where "a" is an object, the
// object "a/b" plainly does not exist.
func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// mkdirs creates dir and any missing parents below the root, fsyncing each
// parent after adding an entry so that the new folders survive a crash.
func (d *Disk) mkdirs(dir string) error {
	if st, err := os.Stat(dir); err == nil {
		if !st.IsDir() {
			return fmt.Errorf("%s is an object, not a folder", relSlash(d.root, dir))
		}
		return nil
	}
	if dir == d.root || len(dir) <= len(d.root) {
		return os.MkdirAll(dir, dirPerm)
	}
	parent := filepath.Dir(dir)
	if err := d.mkdirs(parent); err != nil {
		return err
	}
	if err := os.Mkdir(dir, dirPerm); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Created meanwhile by a concurrent Put, or an object is there.
			if st, serr := os.Stat(dir); serr == nil && st.IsDir() {
				return nil
			}
			return fmt.Errorf("%s is an object, not a folder", relSlash(d.root, dir))
		}
		if errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("%s is an object, not a folder", relSlash(d.root, parent))
		}
		return err
	}
	return syncDir(parent)
}

func relSlash(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(r)
}

// writeAtomic writes data to name through a fsynced temporary file in the
// same folder and a rename, so name holds either its old or its new
// content. The caller fsyncs the folder.
func writeAtomic(name string, data []byte) (err error) {
	dir, base := filepath.Split(name)
	f, err := os.CreateTemp(dir, strings.TrimSuffix(base, sidecarSuffix)+tempInfix+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(filePerm); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("storage: sync folder: %w", err)
	}
	return nil
}

// readType returns the content type recorded for the object at p: its
// sidecar, else the type its extension implies, else the default.
func readType(p string) string {
	if b, err := os.ReadFile(p + sidecarSuffix); err == nil {
		if t := string(bytes.TrimSpace(b)); t != "" {
			return t
		}
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return defaultContentType
}

// checkContentType refuses content types that could not be sent back as an
// HTTP header value (control characters, non-ASCII) or are absurdly long.
func checkContentType(ct string) error {
	if len(ct) > 255 {
		return fmt.Errorf("storage: content type is %d bytes, longer than 255", len(ct))
	}
	for i := 0; i < len(ct); i++ {
		if c := ct[i]; c < 0x20 || c > 0x7e {
			return fmt.Errorf("storage: content type %q: byte %q is not printable ASCII", ct, c)
		}
	}
	return nil
}

// Walk calls fn with the key of every object under the root, in lexical
// order, skipping content-type sidecars and temporary files of writes
// under way, until fn returns an error (which Walk returns). Files
// whose names are not valid keys (copied in by hand) are passed to
// skipped, if it is not nil, by their slash-separated path.
func (d *Disk) Walk(ctx context.Context, fn func(key string) error, skipped func(path string)) error {
	return filepath.WalkDir(d.root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("storage: walk %s: %w", d.root, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.IsDir() || strings.Contains(e.Name(), "~") {
			return nil
		}
		key := relSlash(d.root, p)
		if !e.Type().IsRegular() || ValidKey(key) != nil {
			if skipped != nil {
				skipped(key)
			}
			return nil
		}
		return fn(key)
	})
}
