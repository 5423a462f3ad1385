// Package storage keeps the bytes of uploaded media (photos and other
// files attached to articles) behind one small interface, with two
// implementations: Disk, for a single server or a developer's machine, and
// S3, for any S3-compatible object store (AWS S3, SeaweedFS, Ceph, R2, …).
//
// Keys are chosen by the caller from the content (for example
// "2026/02/ab12cd….jpg", a date folder and a hash), so an object is written
// once and never changes afterwards. That is what lets the site serve media
// with a year-long, immutable cache lifetime, and it is why this package
// needs no versioning, locking or partial updates: a Put either lands the
// whole object or leaves the old state.
//
// Both implementations are tested by the same suite (storage_test.go); the S3
// half runs when AKHBAR_TEST_S3 holds an s3:// URL, for example the one printed
// by scripts/s3-test-server.sh url.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Storage keeps media files by key (e.g. "2026/02/ab12cd….jpg"). Keys are
// written once and never change (content-addressed by the caller), so
// they can be cached for a year.
//
// Every method first checks the key with ValidKey and returns that error,
// without touching the store, when the key is refused. Implementations are
// safe for concurrent use.
type Storage interface {
	// Put stores data under key with the given MIME content type, replacing
	// any object already there. Readers see either the old object or the
	// whole new one, never a partial write.
	Put(ctx context.Context, key string, data []byte, contentType string) error
	// Get opens the object under key; the caller must close the reader.
	// It returns an error wrapping ErrNotFound when there is no such key.
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)
	// Stat describes the object under key without reading it; it returns an
	// error wrapping ErrNotFound when there is no such key.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes the object under key. Deleting a missing key is not an
	// error, so a retried or duplicated delete is harmless.
	Delete(ctx context.Context, key string) error
}

// Info describes a stored object.
type Info struct {
	Size        int64     // length in bytes
	ContentType string    // MIME type given to Put ("application/octet-stream" if it was empty)
	ModTime     time.Time // when the object was last written
}

// ErrNotFound is returned (possibly wrapped: test with errors.Is) by Get and
// Stat when the key holds no object.
var ErrNotFound = errors.New("storage: not found")

// MaxKeyLen is the longest key ValidKey accepts, in bytes. It keeps keys well
// inside S3's 1024-byte object names (with room for a prefix) and inside
// every file system's path limits.
const MaxKeyLen = 512

// defaultContentType is recorded when Put is given no content type.
const defaultContentType = "application/octet-stream"

// ValidKey reports why key cannot be used as a storage key, or nil if it can.
//
// A key is a relative, slash-separated path of lower-case ASCII letters,
// digits, '.', '_' and '-', at most MaxKeyLen bytes long. It must not be
// empty, start or end with '/', contain empty segments ("a//b") or segments
// "." or "..". So a key can never climb out of the Disk root or address
// another object under a different spelling, behaves the same on every file
// system (no case folding, no backslashes, no NUL) and needs no escaping in
// URLs or S3 object names.
func ValidKey(key string) error {
	switch {
	case key == "":
		return errors.New("storage: invalid key: empty")
	case len(key) > MaxKeyLen:
		return fmt.Errorf("storage: invalid key: %d bytes, longer than %d", len(key), MaxKeyLen)
	case strings.HasPrefix(key, "/"):
		return fmt.Errorf("storage: invalid key %q: absolute path", key)
	case strings.HasSuffix(key, "/"):
		return fmt.Errorf("storage: invalid key %q: ends with '/'", key)
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '/', c == '.', c == '_', c == '-':
		case c == 0:
			return fmt.Errorf("storage: invalid key %q: contains NUL", key)
		case c == '\\':
			return fmt.Errorf("storage: invalid key %q: contains a backslash", key)
		default:
			return fmt.Errorf("storage: invalid key %q: byte %q at %d is not one of a-z 0-9 / . _ -", key, c, i)
		}
	}
	for seg := range strings.SplitSeq(key, "/") {
		switch seg {
		case "":
			return fmt.Errorf("storage: invalid key %q: empty path segment", key)
		case ".", "..":
			return fmt.Errorf("storage: invalid key %q: %q segment", key, seg)
		}
	}
	return nil
}

// CacheControl is the HTTP Cache-Control value that suits every stored
// object: keys never change content, so caches may keep them for a year. The
// S3 backend stores it with each object; handlers serving from Disk should
// send it too.
const CacheControl = "public, max-age=31536000, immutable"
