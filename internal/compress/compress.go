// Package compress gzips text responses for clients that accept it: HTML,
// CSS, JavaScript, JSON, XML and plain text, which shrink four- to
// sixfold; images and fonts are compressed already and pass through.
package compress

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// minSize is the smallest body worth compressing: below it, gzip's header
// and the CPU cost outweigh the bytes saved.
const minSize = 1024

// level is the gzip level for responses compressed per request (cached
// pages are compressed once, harder, by the page cache). Measured on the
// seed article page (19,517 bytes): the standard library's level 3 took
// 170 µs for 5,870 bytes, the default level 6 twice that; klauspost's
// gzip (a dependency already, through the S3 client) at level 4 takes
// 82 µs for 5,770 bytes. Deflate was a third of an uncached page's CPU.
const level = 4

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, level)
	return w
}}

// Handler wraps h. Range requests pass through uncompressed, since ranges
// refer to the uncompressed bytes.
func Handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if r.Header.Get("Range") != "" || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.ServeHTTP(w, r)
			return
		}
		cw := &writer{ResponseWriter: w, head: r.Method == http.MethodHead}
		defer cw.close()
		h.ServeHTTP(cw, r)
	})
}

// acceptsGzip reads Accept-Encoding, honouring "gzip;q=0" as a refusal.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") || strings.TrimSpace(name) == "*" {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// compressible reports whether a content type is text that gzip helps.
func compressible(contentType string) bool {
	ct, _, _ := strings.Cut(contentType, ";")
	ct = strings.TrimSpace(strings.ToLower(ct))
	switch {
	case ct == "text/event-stream":
		// Live streams: a gzip writer for each of thousands of open
		// streams costs far more memory than the few bytes it saves.
		return false
	case strings.HasPrefix(ct, "text/"):
		return true
	case ct == "application/json", ct == "application/feed+json", ct == "application/javascript",
		ct == "application/xml", ct == "application/rss+xml", ct == "application/atom+xml",
		ct == "image/svg+xml", ct == "application/manifest+json":
		return true
	}
	return false
}

// writer decides at the first write (or WriteHeader) whether to compress:
// only 200 responses of a compressible type that are not already encoded
// and not known to be tiny.
type writer struct {
	http.ResponseWriter
	head    bool
	swallow bool // a HEAD answered as a compressed GET would be
	decided bool
	gz      *gzip.Writer
}

func (w *writer) decide(status int) {
	if w.decided {
		return
	}
	w.decided = true
	h := w.Header()
	n, err := strconv.Atoi(h.Get("Content-Length"))
	small := err == nil && n < minSize
	if status == http.StatusOK && h.Get("Content-Encoding") == "" && compressible(h.Get("Content-Type")) && !small {
		h.Del("Content-Length")
		h.Set("Content-Encoding", "gzip")
		// The compressed bytes differ, but mean the same: a weak ETag
		// says so, and If-None-Match still matches it (weak comparison).
		if et := h.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
			h.Set("ETag", "W/"+et)
		}
		// HEAD gets GET's headers; its body, which net/http would drop
		// anyway, is not compressed but swallowed, so that no length of
		// the uncompressed bytes is announced.
		w.swallow = w.head
		if !w.head {
			w.gz = gzipPool.Get().(*gzip.Writer)
			w.gz.Reset(w.ResponseWriter)
		}
	}
}

func (w *writer) WriteHeader(status int) {
	w.decide(status)
	w.ResponseWriter.WriteHeader(status)
}

func (w *writer) Write(p []byte) (int, error) {
	if !w.decided {
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", http.DetectContentType(p))
		}
		w.decide(http.StatusOK)
	}
	if w.gz != nil {
		return w.gz.Write(p)
	}
	if w.swallow {
		return len(p), nil
	}
	return w.ResponseWriter.Write(p)
}

// Flush sends what is compressed so far (streaming responses).
func (w *writer) Flush() {
	if w.gz != nil {
		w.gz.Flush()
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *writer) close() {
	if w.gz != nil {
		w.gz.Close()
		gzipPool.Put(w.gz)
		w.gz = nil
	}
}
