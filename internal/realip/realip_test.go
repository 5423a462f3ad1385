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
