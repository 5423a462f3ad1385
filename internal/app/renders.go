package app

import (
	"net/http"
	"os"
	"runtime"
	"strconv"
)

// renderGate admits a few page renders at a time and queues the rest,
// first come first served. Rendering is CPU work (templates, SQLite,
// compression): thirty-two renders sharing two cores each take sixteen
// times as long and finish in a scramble, so the unlucky ones wait far
// longer than the average; the same renders taken in turn keep the
// throughput and bound every wait near the average. Cache hits never
// come here.
type renderGate chan struct{}

// renderSlotsPerCPU is how many renders run at once per core: more than
// one, so that one waiting on the database or a lock leaves the core to
// another.
const renderSlotsPerCPU = 1

func newRenderGate() renderGate {
	n := renderSlotsPerCPU * runtime.GOMAXPROCS(0)
	if v, err := strconv.Atoi(os.Getenv("AKHBAR_RENDER_SLOTS")); err == nil && v > 0 {
		n = v
	}
	return make(renderGate, n)
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
