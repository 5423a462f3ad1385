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
	gate := newRenderGate(2)
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
	for len(gate.pages) < 2 {
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

// TestRenderGateSearchLane: searches run in a lane of their own, so a
// flood of costly searches never holds a slot a page waits for; the lane
// admits a few searches per slot and answers the rest 503 at once.
func TestRenderGateSearchLane(t *testing.T) {
	gate := newRenderGate(2) // two page slots, two search slots, 2×searchQueuePerSlot searches admitted
	release := make(chan struct{})
	var searching atomic.Int32
	h := gate.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/search" {
			searching.Add(1)
			<-release
		}
	}))
	const n = 2*searchQueuePerSlot + 24
	done := make(chan int, n)
	for range n {
		go func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/search?q=اور", nil))
			done <- rec.Code
		}()
	}
	// Twenty-four are refused at once; the rest are admitted.
	refused := 0
	for refused < 24 {
		if code := <-done; code != http.StatusServiceUnavailable {
			t.Fatalf("a search beyond the lane's queue answered %d, want 503", code)
		}
		refused++
	}
	for searching.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	// With the search slot held, pages still render at once.
	for range 4 {
		rec := httptest.NewRecorder()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/2026/02/18/x", nil).WithContext(ctx))
		cancel()
		if rec.Code != http.StatusOK {
			t.Errorf("a page behind a search flood answered %d", rec.Code)
		}
	}
	if n := searching.Load(); n != 2 {
		t.Errorf("%d searches run at once, want 2 (the search slots)", n)
	}
	close(release)
	for range 2 * searchQueuePerSlot {
		if code := <-done; code != http.StatusOK {
			t.Errorf("an admitted search answered %d", code)
		}
	}
}
