package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"akhbar/internal/metrics"
)

// statusRecorder notes what a response was: its status, its size and,
// for the access log, whether the page cache served it.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
	cache  string // "hit", "miss" or "" (a route the page cache does not hold)
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (live streams
// flush and lift the write deadline).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Flush passes a flush on: the gzip writer in front of it (live streams)
// asks its writer for http.Flusher directly.
func (r *statusRecorder) Flush() {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// recorders are reused: a cache hit allocates nothing for being measured.
var recorders = sync.Pool{New: func() any { return new(statusRecorder) }}

// recorderKey finds a request's recorder in its context, so the page
// cache's hit and miss hooks can note the outcome for the access log.
type recorderKey struct{}

// noteCache records for the access log whether the page cache served r.
func noteCache(r *http.Request, outcome string) {
	if rec, ok := r.Context().Value(recorderKey{}).(*statusRecorder); ok {
		rec.cache = outcome
	}
}

// clockEpoch lets a request be timed with two readings of the monotonic
// clock alone (time.Since), where time.Now reads the wall clock too: a
// reading costs tens of nanoseconds, and a cache hit about a microsecond.
var clockEpoch = time.Now()

// accessLogTo is where the JSON access log goes; tests replace it.
var accessLogTo io.Writer = os.Stdout

// accessLog writes one JSON line per request.
type accessLog struct {
	mu sync.Mutex
	w  io.Writer
}

// accessLine is one request in the access log.
type accessLine struct {
	Time     string  `json:"time"` // when the request arrived, RFC 3339 UTC
	Method   string  `json:"method"`
	Path     string  `json:"path"`
	Query    string  `json:"query,omitempty"`
	Route    string  `json:"route"` // the class the metrics count it in
	Status   int     `json:"status"`
	Bytes    int     `json:"bytes"` // body bytes sent (compressed, when they were)
	Duration float64 `json:"duration_ms"`
	Client   string  `json:"client"` // the reader's address (behind trusted proxies, theirs)
	Cache    string  `json:"cache,omitempty"`
	Agent    string  `json:"user_agent,omitempty"`
}

func (l *accessLog) write(start time.Time, r *http.Request, rec *statusRecorder, status int, d time.Duration) {
	client, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		client = r.RemoteAddr
	}
	b, err := json.Marshal(accessLine{
		Time: start.UTC().Format("2006-01-02T15:04:05.000Z07:00"), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Route: metrics.Classify(r.URL.Path).String(), Status: status, Bytes: rec.bytes,
		Duration: float64(d.Microseconds()) / 1000, Client: client, Cache: rec.cache, Agent: r.UserAgent(),
	})
	if err != nil {
		return
	}
	b = append(b, '\n')
	l.mu.Lock()
	l.w.Write(b)
	l.mu.Unlock()
}

// logRequests recovers a panic into a 500 so one bad request never takes
// the server down, and logs each request at debug level (errors are
// logged where they happen).
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return observeRequests(log, nil, nil, next)
}

// observeRequests is logRequests that also counts each request in m and
// writes it to the access log, each when not nil. With all three off it
// records nothing per request: it wraps every cache hit. With any on, a
// pooled recorder notes the status and size, without allocating.
func observeRequests(log *slog.Logger, m *metrics.Registry, access *accessLog, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		debug := log.Enabled(r.Context(), slog.LevelDebug)
		if m == nil && access == nil && !debug {
			defer recoverPanic(log, w, r, nil)
			next.ServeHTTP(w, r)
			return
		}
		t0 := time.Since(clockEpoch)
		var start time.Time // wall clock, for the access log
		if access != nil {
			start = time.Now()
		}
		rec := recorders.Get().(*statusRecorder)
		*rec = statusRecorder{ResponseWriter: w}
		if access != nil {
			r = r.WithContext(context.WithValue(r.Context(), recorderKey{}, rec))
		}
		defer func() {
			recoverPanic(log, rec, r, recover())
			d := time.Since(clockEpoch) - t0
			status := rec.status
			if status == 0 {
				status = http.StatusOK // nothing written: net/http sends 200
			}
			if m != nil {
				m.Request(metrics.Classify(r.URL.Path), status, d)
			}
			if access != nil {
				access.write(start, r, rec, status, d)
			}
			if debug {
				log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", status,
					"bytes", rec.bytes, "duration", d)
			}
			*rec = statusRecorder{}
			recorders.Put(rec)
		}()
		next.ServeHTTP(rec, r)
	})
}

// recoverPanic answers a request whose handler panicked with a 500 (when
// nothing was sent yet) and logs the panic. It is deferred as is, and
// then recovers itself (p is nil), or called with what a deferred
// function recovered. http.ErrAbortHandler goes on up, as net/http wants.
func recoverPanic(log *slog.Logger, w http.ResponseWriter, r *http.Request, p any) {
	if p == nil {
		if p = recover(); p == nil {
			return
		}
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	log.Error("panic serving request", "path", r.URL.Path, "panic", p)
	if rec, ok := w.(*statusRecorder); !ok || rec.status == 0 {
		http.Error(w, "خرابی", http.StatusInternalServerError)
	}
}
