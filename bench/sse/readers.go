package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"akhbar/bench/harness"
)

// dialers is how many streams the readers open at once: the server's
// listen backlog takes the rest in turn.
const dialers = 200

// roundWait is how long after a change's first delivery the readers wait
// for the rest before reporting how many got it.
const roundWait = 10 * time.Second

// rounds collects, per change, when each reader got it.
type rounds struct {
	mu    sync.Mutex
	n     int
	out   io.Writer
	times map[string][]int64
	timer map[string]*time.Timer
	done  map[string]bool // reported: later events do not count
}

func (r *rounds) add(name string, at int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done[name] {
		return
	}
	if r.times[name] == nil {
		r.timer[name] = time.AfterFunc(roundWait, func() { r.finish(name) })
	}
	r.times[name] = append(r.times[name], at)
	if len(r.times[name]) == r.n {
		r.timer[name].Stop()
		r.report(name)
	}
}

func (r *rounds) finish(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.done[name] {
		r.report(name)
	}
}

// report prints the round once; r.mu is held.
func (r *rounds) report(name string) {
	report(r.out, r.times[name])
	r.done[name] = true
}

// runReaders opens n streams to streamURL, says "ready" when every one
// has its first event (the strip as it is), then reports each change
// (strip raised: an event with text; taken down: one without) as a "got"
// line once every reader has it, or roundWait after the first did. It
// runs until its standard input closes; the line "stop" on it says the
// server is about to stop, and fails the run if any stream ended before.
func runReaders(ctx context.Context, streamURL string, n int, in io.Reader, out io.Writer) error {
	u, err := url.Parse(streamURL)
	if err != nil {
		return err
	}
	w := &syncWriter{w: out}
	r := &rounds{n: n, out: w, times: map[string][]int64{}, timer: map[string]*time.Timer{}, done: map[string]bool{}}
	var connected, lost atomic.Int64
	var stopping atomic.Bool // the server is being stopped: streams end
	ready := make(chan struct{})
	sem := make(chan struct{}, dialers)
	for i := range n {
		sem <- struct{}{}
		go func() {
			first := true
			err := stream(ctx, u, func(data []byte) {
				if first {
					first = false
					<-sem
					if connected.Add(1) == int64(n) {
						close(ready)
					}
					return
				}
				name := "end"
				if bytes.Contains(data, []byte(`"text"`)) {
					name = "raise"
				}
				r.add(name, time.Now().UnixNano())
			})
			if first {
				<-sem
			}
			if ctx.Err() == nil && !stopping.Load() {
				lost.Add(1)
				fmt.Fprintf(os.Stderr, "reader %d: %v\n", i, err)
			}
		}()
	}
	select {
	case <-ready:
		fmt.Fprintln(w, "ready")
	case <-ctx.Done():
		return ctx.Err()
	}
	// Until the harness is done; "stop" says the server is stopping, so
	// streams that end from then on were not lost.
	cmds := bufio.NewScanner(in)
	for cmds.Scan() {
		if cmds.Text() == "stop" {
			if l := lost.Load(); l > 0 {
				return fmt.Errorf("%d of %d streams ended early", l, n)
			}
			stopping.Store(true)
		}
	}
	return nil
}

// stream opens one event stream and calls got with the data of each
// event, until the stream ends.
func stream(ctx context.Context, u *url.URL, got func(data []byte)) error {
	var d net.Dialer
	var conn net.Conn
	var err error
	for try := range 8 { // a full listen backlog refuses: try again
		if conn, err = d.DialContext(ctx, "tcp", u.Host); err == nil {
			break
		}
		time.Sleep(time.Duration(try+1) * 100 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	defer conn.Close()
	context.AfterFunc(ctx, func() { conn.Close() })
	req, _ := http.NewRequest(http.MethodGet, u.String(), nil)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("User-Agent", harness.UA)
	if err := req.Write(conn); err != nil {
		return err
	}
	br := bufio.NewReaderSize(conn, 1024)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	lines := bufio.NewScanner(resp.Body)
	var data []byte
	for lines.Scan() {
		line := lines.Bytes()
		switch {
		case len(line) == 0:
			if data != nil {
				got(data)
			}
			data = nil
		case bytes.HasPrefix(line, []byte("data: ")):
			data = append(data, line[len("data: "):]...)
		}
	}
	if err := lines.Err(); err != nil {
		return err
	}
	return io.ErrUnexpectedEOF
}

// syncWriter serializes lines from many goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
