package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// TestLimiter: a client gets its burst, then DefaultRate a second, and is
// told how long to wait; clients do not share buckets; idle buckets are
// dropped, so memory stays bounded.
func TestLimiter(t *testing.T) {
	now := time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(DefaultRate, func() time.Time { return now })
	a, b := netip.MustParseAddr("203.0.113.7"), netip.MustParseAddr("198.51.100.9")
	burst := DefaultRate * BurstSeconds
	for i := range burst {
		if ok, _ := l.Allow(a); !ok {
			t.Fatalf("request %d of the burst of %d refused", i+1, burst)
		}
	}
	ok, wait := l.Allow(a)
	if ok || wait <= 0 || wait > time.Second/DefaultRate {
		t.Fatalf("past the burst: %v, wait %s", ok, wait)
	}
	if ok, _ := l.Allow(b); !ok {
		t.Fatal("another client was refused")
	}
	now = now.Add(time.Second) // DefaultRate more
	for i := range DefaultRate {
		if ok, _ := l.Allow(a); !ok {
			t.Fatalf("request %d a second later refused", i+1)
		}
	}
	if ok, _ := l.Allow(a); ok {
		t.Fatal("more than the rate allowed")
	}

	for i := range 1000 {
		l.Allow(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}))
	}
	if n := l.Clients(); n != 1002 {
		t.Fatalf("%d clients held", n)
	}
	now = now.Add(sweepEvery)
	l.Allow(netip.MustParseAddr("192.0.2.1")) // a new client sweeps the idle ones
	if n := l.Clients(); n != 1 {
		t.Errorf("%d clients held after they all went idle, want 1", n)
	}
	if NewLimiter(0, nil) != nil {
		t.Error("rate 0 is a limiter")
	}
}

// TestLimiterHandler: a client over its limit is answered 429 with a
// problem and Retry-After; an IPv6 client is limited by its /64.
func TestLimiterHandler(t *testing.T) {
	now := time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(1, func() time.Time { return now }) // bursts of 3
	h := l.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	do := func(remote string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/articles", nil)
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for i := range 3 {
		if w := do(fmt.Sprintf("[2001:db8::%d]:4000", i+1)); w.Code != http.StatusNoContent {
			t.Fatalf("request %d: %d", i+1, w.Code)
		}
	}
	w := do("[2001:db8::ffff]:5000") // the same /64
	var p Problem
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "1" ||
		w.Header().Get("Content-Type") != "application/problem+json" || json.Unmarshal(w.Body.Bytes(), &p) != nil ||
		p.Type != ProblemRateLimited.URI || p.Status != 429 || w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("over the limit: %d %v %s", w.Code, w.Header(), w.Body)
	}
	if w := do("[2001:db8:0:1::1]:4000"); w.Code != http.StatusNoContent {
		t.Errorf("another /64 was refused: %d", w.Code)
	}
	if w := do("192.0.2.8:1234"); w.Code != http.StatusNoContent {
		t.Errorf("an IPv4 client was refused: %d", w.Code)
	}
	var nilLimiter *Limiter
	if nilLimiter.Handler(http.NotFoundHandler()) == nil {
		t.Error("a nil limiter has no handler")
	}
}
