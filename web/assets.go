package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// Assets serves embedded static files under content-hashed names
// (/static/site.3f2a9c1d4e5b.css) so browsers and CDNs may keep them a year.
// Names are flat, one path segment, so the route never competes with the
// /{section}/… patterns; two files with one base name are a start-up error.
type Assets struct {
	byURL  map[string]asset // hashed URL path → file
	urlFor map[string]string
}

type asset struct {
	body        []byte
	contentType string
	etag        string
}

// contentTypes are the types of static files that Go's built-in table
// lacks: it leaves them to the system's mime.types, which a small container
// may not have, and fonts then went out as application/octet-stream.
var contentTypes = map[string]string{
	".woff2": "font/woff2",
	".ico":   "image/x-icon",
	".svg":   "image/svg+xml",
}

// LoadAssets fingerprints every file of files.
func LoadAssets(files fs.FS) (*Assets, error) {
	a := &Assets{byURL: map[string]asset{}, urlFor: map[string]string{}}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:12]
		ext := path.Ext(p)
		url := "/static/" + strings.TrimSuffix(path.Base(p), ext) + "." + hash + ext
		if _, dup := a.byURL[url]; dup {
			return fmt.Errorf("two static files are named %s", path.Base(p))
		}
		ct := contentTypes[ext]
		if ct == "" {
			ct = mime.TypeByExtension(ext)
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.byURL[url] = asset{body: body, contentType: ct, etag: `"` + hash + `"`}
		a.urlFor[path.Base(p)] = url
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: load static files: %w", err)
	}
	return a, nil
}

// URL is the hashed URL of a static file; a missing file is a start-up
// error caught by the template check, so this never returns "".
func (a *Assets) URL(name string) (string, error) {
	u, ok := a.urlFor[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return u, nil
}

func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	f.serve(w, r, "public, max-age=31536000, immutable")
}

// Fixed serves the static file name at an address that cannot carry its
// hash, such as /favicon.ico, which browsers ask for unprompted: kept a
// day, not a year, so a new icon reaches readers.
func (a *Assets) Fixed(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := a.byURL[a.urlFor[name]]
		if !ok {
			http.NotFound(w, r)
			return
		}
		f.serve(w, r, "public, max-age=86400")
	})
}

func (f asset) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", f.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(f.body)
}

// LoadStatic fingerprints the embedded static/ folder.
func LoadStatic() (*Assets, error) {
	static, err := fs.Sub(Files, "static")
	if err != nil {
		return nil, err
	}
	return LoadAssets(static)
}
