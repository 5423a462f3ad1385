package compress

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHandler(t *testing.T) {
	page := strings.Repeat("<p>اردو خبریں، تازہ ترین اور مستند</p>\n", 200)
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Header().Set("ETag", `"abc"`)
		http.ServeContent(w, r, "", time.Unix(1e9, 0), strings.NewReader(page))
	})
	mux.HandleFunc("/font", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "font/woff2")
		io.WriteString(w, page)
	})
	mux.HandleFunc("/tiny", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", "2")
		io.WriteString(w, "ok")
	})
	srv := httptest.NewServer(Handler(mux))
	defer srv.Close()
	get := func(path string, header ...string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body io.Reader = resp.Body
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			body = zr
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, string(b)
	}
	resp, body := get("/page")
	if resp.Header.Get("Content-Encoding") != "gzip" || body != page || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("/page: encoding %q, vary %q, body intact %v", resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"), body == page)
	}
	resp, body = get("/feed")
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("ETag") != `W/"abc"` || body != page {
		t.Errorf("/feed: encoding %q, etag %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("ETag"))
	}
	// The weak ETag still gives a 304.
	if resp, _ := get("/feed", "If-None-Match", `W/"abc"`); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the weak ETag: %d", resp.StatusCode)
	}
	// Ranges refer to uncompressed bytes.
	if resp, body := get("/feed", "Range", "bytes=0-9"); resp.StatusCode != http.StatusPartialContent || resp.Header.Get("Content-Encoding") != "" || len(body) != 10 {
		t.Errorf("range: %d %q %d bytes", resp.StatusCode, resp.Header.Get("Content-Encoding"), len(body))
	}
	for _, path := range []string{"/font", "/tiny"} {
		if resp, _ := get(path); resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s compressed", path)
		}
	}
	if resp, _ := get("/page", "Accept-Encoding", "gzip;q=0, br"); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 ignored")
	}
}
