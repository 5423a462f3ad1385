package app

import (
	"net/http"
	"runtime"
)

// renderGate admits a few page renders at a time and queues the rest,
// first come first served. Rendering is CPU work (templates, SQLite,
// compression): thirty-two renders sharing two cores each take sixteen
// times as long and finish in a scramble, so the unlucky ones wait far
// longer than the average; the same renders taken in turn keep the
// throughput and bound every wait near the average. Cache hits never
// come here.
type renderGate chan struct{}

// newRenderGate admits slots renders at once, or one per core when slots
// is 0. One per core measured best (uncached article, 32 connections, two
// cores): p99 20 ms, against 23 ms with three slots, 24 ms with four and
// 40 ms with eight; one slot in all halved the throughput. A render
// hardly waits on anything but the CPU (SQLite runs in the process);
// with PostgreSQL across a network a few more may pay (--render-slots).
func newRenderGate(slots int) renderGate {
	if slots <= 0 {
		slots = runtime.GOMAXPROCS(0)
	}
	return make(renderGate, slots)
}

// Handler runs h when a slot is free. A request whose deadline passes
// while it waits is answered 503, so a queue never outgrows what the
// server can answer in time.
func (g renderGate) Handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case g <- struct{}{}:
		case <-r.Context().Done():
			w.Header().Set("Retry-After", "1")
			http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
			return
		}
		defer func() { <-g }()
		h.ServeHTTP(w, r)
	})
}
