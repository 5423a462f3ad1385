// Package live sends what changes on a page to readers who have it open,
// as server-sent events: the breaking-news strip and live coverage. A Hub
// holds one node's open streams; every node has its own and hears of
// changes through the change channel, so a reader gets an event from
// whichever node it is connected to.
package live

import (
	"bytes"
	"errors"
	"fmt"
	"net"
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

// writeTimeout bounds each write to a stream.
const writeTimeout = 15 * time.Second

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
//
// On HTTP/1.1 it takes the connection over from net/http and returns: a
// stream then costs one small goroutine and its socket, not a server
// goroutine with its read and write buffers and its watcher of the
// connection, which is what lets one node hold tens of thousands. A dead
// reader is noticed at the next write (at most Heartbeat later). Where
// the connection cannot be taken (HTTP/2, tests), it streams in place.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, topics []string, current func() ([]Event, error)) {
	st := h.subscribe(topics)
	if st == nil {
		w.Header().Set("Retry-After", "2")
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	events, err := current()
	if err != nil {
		h.unsubscribe(st)
		http.Error(w, "live events are unavailable", http.StatusServiceUnavailable)
		return
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "retry: %d\n\n", Retry.Milliseconds())
	for _, e := range events {
		e.write(&b)
	}

	rc := http.NewResponseController(w)
	if conn, _, err := rc.Hijack(); err == nil {
		go h.stream(st, conn, &b)
		return
	}
	defer h.unsubscribe(st)
	hd := w.Header()
	for k, v := range streamHeader {
		hd[k] = v
	}
	w.WriteHeader(http.StatusOK)
	h.run(st, &b, &responseSink{w: w, rc: rc}, r.Context().Done())
}

// streamHeader is the response header of every stream.
var streamHeader = http.Header{
	"Content-Type":      {"text/event-stream; charset=utf-8"},
	"Cache-Control":     {"no-store"},
	"X-Accel-Buffering": {"no"}, // nginx: pass events on at once
}

// sink is where a stream's bytes go: a connection taken over, or a
// response writer.
type sink interface {
	send(p []byte) error
}

// connSink writes to a connection taken over from net/http.
type connSink struct{ conn net.Conn }

func (c connSink) send(p []byte) error {
	// A reader that takes no bytes for this long is gone, or too slow to
	// follow: drop it rather than hold its buffers.
	if err := c.conn.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil {
		return err
	}
	_, err := c.conn.Write(p)
	return err
}

// responseSink writes through net/http.
type responseSink struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

func (s *responseSink) send(p []byte) error {
	if err := s.rc.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	if _, err := s.w.Write(p); err != nil {
		return err
	}
	return s.rc.Flush()
}

// stream runs a stream on a connection taken over: it writes the response
// head itself (the body ends when the connection does) and closes the
// connection at the end.
func (h *Hub) stream(st *stream, conn net.Conn, first *bytes.Buffer) {
	defer conn.Close()
	defer h.unsubscribe(st)
	var head bytes.Buffer
	head.WriteString("HTTP/1.1 200 OK\r\n")
	streamHeader.Write(&head)
	head.WriteString("Connection: close\r\n\r\n")
	head.Write(first.Bytes())
	*first = head
	h.run(st, first, connSink{conn}, nil)
}

// run sends b, then each event published to st and a heartbeat when idle,
// until st is dropped, done closes or a write fails.
func (h *Hub) run(st *stream, b *bytes.Buffer, out sink, done <-chan struct{}) {
	if out.send(b.Bytes()) != nil {
		return
	}
	b.Reset()
	beat := time.NewTicker(Heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-done:
			return
		case e, ok := <-st.ch:
			if !ok {
				return // fell behind or shutting down: the browser reconnects
			}
			e.write(b)
			// Send what else is queued in the same write.
			for more := true; more; {
				select {
				case e, ok := <-st.ch:
					if !ok {
						out.send(b.Bytes())
						return
					}
					e.write(b)
				default:
					more = false
				}
			}
		case <-beat.C:
			b.WriteString(":\n\n")
		}
		if out.send(b.Bytes()) != nil {
			return
		}
		b.Reset()
	}
}
