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
//
// Searches have a lane of their own: a query of the commonest words over a
// large archive costs a hundred article renders, so a flood of them in the
// common queue made every page wait seconds, and the health check time
// out. They run on slots of their own (as many as the pages have), queue
// on their own (a bounded queue: a flood beyond it meets 503 at once), and
// never hold a slot a page is waiting for. Measured under such a flood
// (docs/search.md): half as many search slots as page slots kept pages at
// 13 ms at worst but halved search throughput; as many kept pages at 24 ms
// and searches at 51 a second.
type renderGate struct {
	pages       chan struct{}
	search      chan struct{}
	searchQueue chan struct{} // admission to the search lane: running and waiting
}

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
	return renderGate{pages: make(chan struct{}, slots), search: make(chan struct{}, slots),
		searchQueue: make(chan struct{}, slots*searchQueuePerSlot)}
}

// searchQueuePerSlot bounds the searches admitted per search slot,
// running or waiting; one more is answered 503 at once. Sixty-four let a
// burst of readers searching at once wait their turn (a common search
// takes milliseconds; the request's deadline bounds the wait), while a
// flood beyond that is refused without work.
const searchQueuePerSlot = 64

// busy is the number of renders running now, searches included.
func (g renderGate) busy() int { return len(g.pages) + len(g.search) }

// slots is the number of renders that may run at once, searches included.
func (g renderGate) slots() int { return cap(g.pages) + cap(g.search) }

// Handler runs h when a slot is free. A request whose deadline passes
// while it waits is answered 503, so a queue never outgrows what the
// server can answer in time.
func (g renderGate) Handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slots := g.pages
		if r.URL.Path == "/search" && r.URL.RawQuery != "" {
			select {
			case g.searchQueue <- struct{}{}:
			default:
				busyAnswer(w)
				return
			}
			defer func() { <-g.searchQueue }()
			slots = g.search
		}
		select {
		case slots <- struct{}{}:
		case <-r.Context().Done():
			busyAnswer(w)
			return
		}
		defer func() { <-slots }()
		h.ServeHTTP(w, r)
	})
}

// busyAnswer is the gate's 503: the reader's browser retries shortly.
func busyAnswer(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
}
