package realip

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClient(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}
	for _, tc := range []struct {
		name, remote string
		xff          []string
		want         string // "" when the remote address stands
	}{
		{"untrusted peer: header ignored", "203.0.113.9:5000", []string{"198.51.100.1"}, ""},
		{"trusted peer, one hop", "127.0.0.1:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"trusted peer, no header", "127.0.0.1:5000", nil, ""},
		{"forged left part is skipped", "127.0.0.1:5000", []string{"1.2.3.4, 198.51.100.1"}, "198.51.100.1"},
		{"chain of trusted proxies", "127.0.0.1:5000", []string{"198.51.100.1, 10.1.2.3"}, "198.51.100.1"},
		{"several header lines", "10.0.0.5:80", []string{"9.9.9.9", "198.51.100.7, 10.0.0.9"}, "198.51.100.7"},
		{"garbage stops the walk", "127.0.0.1:5000", []string{"198.51.100.1, bogus, 10.0.0.1"}, "10.0.0.1"},
		{"IPv6 client", "127.0.0.1:5000", []string{"2001:db8::1"}, "2001:db8::1"},
		{"all trusted: the leftmost", "127.0.0.1:5000", []string{"10.0.0.1, 10.0.0.2"}, "10.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Client(tc.remote, tc.xff, trusted)
			if tc.want == "" {
				if ok {
					t.Fatalf("Client = %v, want the remote address kept", got)
				}
				return
			}
			if !ok || got.String() != tc.want {
				t.Fatalf("Client = %v, %v; want %s", got, ok, tc.want)
			}
		})
	}
}

func TestHandler(t *testing.T) {
	var seen string
	h := Handler([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.RemoteAddr
	}))
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "127.0.0.1:4000"
	r.Header.Set("X-Forwarded-For", "198.51.100.23")
	h.ServeHTTP(httptest.NewRecorder(), r)
	if seen != "198.51.100.23:0" {
		t.Fatalf("RemoteAddr = %q", seen)
	}
	if r.RemoteAddr != "127.0.0.1:4000" {
		t.Fatal("the caller's request was changed")
	}
}

// TestHTTPS: X-Forwarded-Proto counts only from a trusted proxy, and only
// its own (last) value; with no trusted proxies at all, never.
func TestHTTPS(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		remote  string
		proto   []string
		want    bool
	}{
		{"trusted proxy says https", trusted, "127.0.0.1:4000", []string{"https"}, true},
		{"trusted proxy, upper case", trusted, "127.0.0.1:4000", []string{"HTTPS"}, true},
		{"trusted proxy says http", trusted, "127.0.0.1:4000", []string{"http"}, false},
		{"trusted proxy, no header", trusted, "127.0.0.1:4000", nil, false},
		{"client forged https, proxy appended http", trusted, "127.0.0.1:4000", []string{"https, http"}, false},
		{"proxy appended https", trusted, "127.0.0.1:4000", []string{"http, https"}, true},
		{"untrusted client forges https", trusted, "203.0.113.9:4000", []string{"https"}, false},
		{"no trusted proxies: header ignored", nil, "127.0.0.1:4000", []string{"https"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got bool
			h := Handler(tc.trusted, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = HTTPS(r) }))
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.proto {
				r.Header.Add("X-Forwarded-Proto", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != tc.want {
				t.Errorf("HTTPS = %v, want %v", got, tc.want)
			}
			if HTTPS(r) {
				t.Error("the caller's request was changed")
			}
		})
	}
	// A direct TLS connection is HTTPS whoever it comes from.
	r := httptest.NewRequest("GET", "https://example.pk/", nil)
	if !HTTPS(r) {
		t.Error("a request over TLS is not HTTPS")
	}
}

// TestHandlerBoth: from a trusted proxy, the reader's address and HTTPS
// come through together.
func TestHandlerBoth(t *testing.T) {
	var addr string
	var https bool
	h := Handler([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr, https = r.RemoteAddr, HTTPS(r)
	}))
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "127.0.0.1:4000"
	r.Header.Set("X-Forwarded-For", "198.51.100.23")
	r.Header.Set("X-Forwarded-Proto", "https")
	h.ServeHTTP(httptest.NewRecorder(), r)
	if addr != "198.51.100.23:0" || !https {
		t.Fatalf("RemoteAddr %q, HTTPS %v", addr, https)
	}
	if r.RemoteAddr != "127.0.0.1:4000" {
		t.Fatal("the caller's request was changed")
	}
}
