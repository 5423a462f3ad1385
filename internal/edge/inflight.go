package edge

import (
	"net/http"
	"sync"
	"time"
)

// Inflight counts the responses a node is sending, by the change they
// began before. A page served from the node's cache an instant before a
// change dropped it can still be on its way to the edge when the node's
// purge arrives there; the edge then stores it after the purge and keeps
// it for its s-maxage. So the purger purges once more after every
// response begun before the change has been sent.
type Inflight struct {
	mu   sync.Mutex
	cur  *cohort   // responses begun since the last change
	open []*cohort // earlier cohorts still sending
}

// cohort is the responses begun between two changes.
type cohort struct {
	n      int           // responses not yet sent
	sealed bool          // a change came after them: no more join
	done   chan struct{} // closed when sealed and n is 0
}

// Handler counts the responses of next.
func (f *Inflight) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := f.begin()
		defer f.end(c)
		next.ServeHTTP(w, r)
	})
}

func (f *Inflight) begin() *cohort {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cur == nil {
		f.cur = &cohort{done: make(chan struct{})}
	}
	f.cur.n++
	return f.cur
}

func (f *Inflight) end(c *cohort) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c.n--
	if c.n == 0 && c.sealed {
		f.finish(c)
	}
}

// finish closes c and forgets it; f.mu is held.
func (f *Inflight) finish(c *cohort) {
	close(c.done)
	for i, o := range f.open {
		if o == c {
			f.open = append(f.open[:i], f.open[i+1:]...)
			break
		}
	}
}

// seal marks now as a change and returns what to wait on: every cohort
// still sending a response begun before it.
func (f *Inflight) seal() []<-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c := f.cur; c != nil {
		f.cur = nil
		c.sealed = true
		f.open = append(f.open, c)
		if c.n == 0 {
			f.finish(c)
		}
	}
	waits := make([]<-chan struct{}, len(f.open))
	for i, c := range f.open {
		waits[i] = c.done
	}
	return waits
}

// settled waits until every channel in waits is closed or limit has
// passed, and reports whether they all were.
func settled(waits []<-chan struct{}, limit time.Duration) bool {
	timer := time.NewTimer(limit)
	defer timer.Stop()
	for _, done := range waits {
		select {
		case <-done:
		case <-timer.C:
			return false
		}
	}
	return true
}
