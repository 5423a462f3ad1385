package edge

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"akhbar/internal/changes"
)

// purgeLog is an edge that records the purges it is sent.
type purgeLog struct {
	mu     sync.Mutex
	purges []string
	got    chan struct{}
}

func newPurgeLog(t *testing.T) (*purgeLog, string) {
	l := &purgeLog{got: make(chan struct{}, 16)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "PURGE" {
			http.Error(w, "want PURGE", http.StatusMethodNotAllowed)
			return
		}
		l.mu.Lock()
		l.purges = append(l.purges, r.Header.Get("xkey-purge"))
		l.mu.Unlock()
		l.got <- struct{}{}
	}))
	t.Cleanup(srv.Close)
	return l, srv.URL
}

func (l *purgeLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.purges)
}

func (l *purgeLog) wait(t *testing.T, what string) {
	t.Helper()
	select {
	case <-l.got:
	case <-time.After(10 * time.Second):
		t.Fatalf("no purge %s", what)
	}
}

// A page being sent when a change arrives reaches the edge after the
// first purge; the purge is repeated once it has been sent.
func TestPurgeRepeatedAfterResponsesInFlight(t *testing.T) {
	edgeLog, edgeURL := newPurgeLog(t)
	p := NewPurger(edgeURL, nil)
	p.Inflight = &Inflight{}

	started, release := make(chan struct{}), make(chan struct{})
	node := httptest.NewServer(p.Inflight.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(started)
			<-release
		}
		io.WriteString(w, "صفحہ")
	})))
	defer node.Close()
	slowDone := make(chan error, 1)
	go func() {
		resp, err := http.Get(node.URL + "/slow")
		if err == nil {
			resp.Body.Close()
		}
		slowDone <- err
	}()
	<-started

	p.Changed(changes.Change{Deps: []string{"article:7", "home"}})
	edgeLog.wait(t, "at the change")
	// Requests begun after the change do not hold the repeat back.
	if resp, err := http.Get(node.URL + "/"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	time.Sleep(3 * edgeSettle)
	if n := edgeLog.count(); n != 1 {
		t.Fatalf("%d purges while a page begun before the change is still being sent, want 1", n)
	}
	sent := time.Now()
	close(release)
	if err := <-slowDone; err != nil {
		t.Fatal(err)
	}
	edgeLog.wait(t, "after the page in flight was sent")
	if d := time.Since(sent); d < edgeSettle {
		t.Errorf("purge repeated %s after the page was sent, want at least %s for the edge to store it", d, edgeSettle)
	}
	edgeLog.mu.Lock()
	defer edgeLog.mu.Unlock()
	if len(edgeLog.purges) != 2 || edgeLog.purges[0] != "article:7 home" || edgeLog.purges[1] != "article:7 home" {
		t.Errorf("purges %q, want the change's keys twice", edgeLog.purges)
	}
}

// With nothing in flight the purge is still repeated (the edge may be
// storing a page the node finished an instant before), once.
func TestPurgeRepeatedOnceWhenIdle(t *testing.T) {
	edgeLog, edgeURL := newPurgeLog(t)
	p := NewPurger(edgeURL, nil)
	p.Inflight = &Inflight{}
	p.Changed(changes.Change{All: true})
	edgeLog.wait(t, "at the change")
	edgeLog.wait(t, "repeated")
	time.Sleep(3 * edgeSettle)
	if n := edgeLog.count(); n != 2 {
		t.Errorf("%d purges, want 2", n)
	}
}

// Cohorts are forgotten once sent, and a change waits only for the
// responses begun before it.
func TestInflightCohorts(t *testing.T) {
	var f Inflight
	a := f.begin()
	first := f.seal()
	b := f.begin()
	second := f.seal()
	if len(first) != 1 || len(second) != 2 {
		t.Fatalf("waits %d and %d, want 1 and 2", len(first), len(second))
	}
	f.end(b)
	if settled(second, 10*time.Millisecond) {
		t.Error("settled while a response begun before the first change is still being sent")
	}
	f.end(a)
	if !settled(first, time.Second) || !settled(second, time.Second) {
		t.Error("not settled once every response was sent")
	}
	if len(f.open) != 0 {
		t.Errorf("%d cohorts kept after they were sent", len(f.open))
	}
	if waits := f.seal(); len(waits) != 0 {
		t.Errorf("an idle node waits on %d cohorts", len(waits))
	}
}
