package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestRenderGate: no more renders run at once than the gate has slots;
// the others wait their turn, and one whose deadline passes while it
// waits is answered 503 without running.
func TestRenderGate(t *testing.T) {
	gate := make(renderGate, 2)
	var running, most atomic.Int32
	release := make(chan struct{})
	h := gate.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		<-release
		running.Add(-1)
	}))
	done := make(chan int, 6)
	for range 6 {
		go func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
			done <- rec.Code
		}()
	}
	for len(gate) < 2 {
		time.Sleep(time.Millisecond)
	}
	// Every slot is taken: a request with a deadline gives up.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil).WithContext(ctx))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("a request whose deadline passed in the queue answered %d, want 503 with Retry-After", rec.Code)
	}
	close(release)
	for range 6 {
		if code := <-done; code != http.StatusOK {
			t.Errorf("a queued render answered %d", code)
		}
	}
	if most.Load() != 2 {
		t.Errorf("%d renders ran at once, want 2 (the slots)", most.Load())
	}
}
