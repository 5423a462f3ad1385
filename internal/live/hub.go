// Package live sends what changes on a page to readers who have it open,
// as server-sent events: the breaking-news strip and live coverage. A Hub
// holds one node's open streams; every node has its own and hears of
// changes through the change channel, so a reader gets an event from
// whichever node it is connected to.
package live

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Event is one server-sent event.
type Event struct {
	// ID is what the browser sends back as Last-Event-ID when it
	// reconnects; empty for events that carry whole state (the strip).
	// IDs must mean the same on every node: a reader may reconnect to
	// another one.
	ID   string
	Name string // the event field, e.g. "breaking"
	Data []byte // JSON
}

// write renders e in the text/event-stream format.
func (e Event) write(b *bytes.Buffer) {
	if e.ID != "" {
		b.WriteString("id: " + oneLine(e.ID) + "\n")
	}
	if e.Name != "" {
		b.WriteString("event: " + oneLine(e.Name) + "\n")
	}
	for line := range bytes.SplitSeq(e.Data, []byte("\n")) {
		b.WriteString("data: ")
		b.Write(bytes.TrimSuffix(line, []byte("\r")))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
}

// oneLine keeps a field from ending the line it is on.
func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

// queueLen is how many events a stream may fall behind before the hub
// drops it; the browser reconnects and catches up from the current state.
const queueLen = 16

// Heartbeat is how often an idle stream gets a comment line, so proxies
// keep it open and a dead reader is noticed.
const Heartbeat = 25 * time.Second

// Retry is how soon a browser reconnects after losing a stream: within
// the 2 s readers are promised.
const Retry = 2 * time.Second

// stream is one reader's open connection.
type stream struct {
	ch     chan Event
	topics []string
}

// Hub fans events out to the open streams of one node, by topic.
type Hub struct {
	mu     sync.Mutex
	topics map[string]map[*stream]struct{}
	count  int
	closed bool
}

// NewHub returns a hub without streams.
func NewHub() *Hub { return &Hub{topics: map[string]map[*stream]struct{}{}} }

// Publish sends e to every stream open on topic. It never waits: a stream
// whose reader fell queueLen events behind is closed instead.
func (h *Hub) Publish(topic string, e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for st := range h.topics[topic] {
		select {
		case st.ch <- e:
		default:
			h.drop(st)
		}
	}
}

// Listening reports whether any stream is open on topic, so a node can
// forget what it tracked for a page nobody has open.
func (h *Hub) Listening(topic string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.topics[topic]) > 0
}

// Streams is how many streams are open.
func (h *Hub) Streams() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.count
}

// Close ends every open stream and refuses new ones: the server is
// shutting down, and streams would hold it open. Browsers reconnect to
// another node.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, set := range h.topics {
		for st := range set {
			h.drop(st)
		}
	}
}

func (h *Hub) subscribe(topics []string) *stream {
	st := &stream{ch: make(chan Event, queueLen), topics: topics}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	for _, t := range topics {
		set := h.topics[t]
		if set == nil {
			set = map[*stream]struct{}{}
			h.topics[t] = set
		}
		set[st] = struct{}{}
	}
	h.count++
	return st
}

// drop removes st from every topic and closes its channel, once; h.mu is held.
func (h *Hub) drop(st *stream) {
	removed := false
	for _, t := range st.topics {
		set := h.topics[t]
		if _, ok := set[st]; ok {
			removed = true
			delete(set, st)
			if len(set) == 0 {
				delete(h.topics, t)
			}
		}
	}
	if removed {
		h.count--
		close(st.ch)
	}
}

func (h *Hub) unsubscribe(st *stream) {
	h.mu.Lock()
	h.drop(st)
	h.mu.Unlock()
}

// Serve streams the events of topics to one reader until it leaves: first
// current(), the state a page opened from an older copy must catch up
// with, then every event published after. current is called after
// subscribing, so no change can fall between the two (a reader may get
// one twice; events carry state or ids, so that is harmless).
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, topics []string, current func() ([]Event, error)) {
	st := h.subscribe(topics)
	if st == nil {
		w.Header().Set("Retry-After", "2")
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(st)
	events, err := current()
	if err != nil {
		http.Error(w, "live events are unavailable", http.StatusServiceUnavailable)
		return
	}
	rc := http.NewResponseController(w)
	// A stream outlives the server's write timeout by design.
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && err != http.ErrNotSupported {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}

	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	w.WriteHeader(http.StatusOK)

	var b bytes.Buffer
	fmt.Fprintf(&b, "retry: %d\n\n", Retry.Milliseconds())
	for _, e := range events {
		e.write(&b)
	}
	send := func() bool {
		_, err := w.Write(b.Bytes())
		b.Reset()
		return err == nil && rc.Flush() == nil
	}
	if !send() {
		return
	}
	beat := time.NewTicker(Heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-st.ch:
			if !ok {
				return // fell behind or shutting down: the browser reconnects
			}
			e.write(&b)
			// Send what else is queued in the same write.
			for more := true; more; {
				select {
				case e, ok := <-st.ch:
					if !ok {
						send()
						return
					}
					e.write(&b)
				default:
					more = false
				}
			}
		case <-beat.C:
			b.WriteString(":\n\n")
		}
		if !send() {
			return
		}
	}
}
