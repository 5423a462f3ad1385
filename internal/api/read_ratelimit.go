package api

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// The API's rate limit: a token bucket per client address, in memory on
// each node. A client may send DefaultRate requests a second on average,
// and bursts of up to BurstSeconds seconds' worth; beyond that it is
// answered 429 with Retry-After. Cache hits count: the limit protects the
// node, not only the database.

// Defaults of the limit (akhbar serve --api-rate overrides the rate).
const (
	DefaultRate  = 20 // requests a second per client, on average
	BurstSeconds = 3  // a full bucket holds this many seconds of requests: 60 at the default rate
)

// Bounds of the limiter's memory.
const (
	// maxClients is the most buckets held. A bucket idle long enough to
	// have filled up again is no different from none, so those are
	// dropped first; past the bound, arbitrary ones are (those clients
	// start again with a full bucket).
	maxClients = 100_000
	// sweepEvery is how often buckets that have filled up again are
	// dropped, at the latest.
	sweepEvery = time.Minute
)

// Limiter limits requests per client. The zero value is unusable; build
// one with NewLimiter.
type Limiter struct {
	rate  float64 // tokens a second
	burst float64
	now   func() time.Time

	mu        sync.Mutex
	buckets   map[netip.Addr]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was right
}

// NewLimiter allows each client rate requests a second with a burst of
// BurstSeconds seconds' worth (at least one request); rate <= 0 means no
// limit, and NewLimiter returns nil, whose Handler passes everything on.
func NewLimiter(rate float64, now func() time.Time) *Limiter {
	if rate <= 0 || math.IsNaN(rate) || math.IsInf(rate, 0) {
		return nil
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{rate: rate, burst: max(1, rate*BurstSeconds), now: now,
		buckets: map[netip.Addr]*bucket{}, lastSweep: now()}
}

// Allow takes a token from the client's bucket, or says how long until
// one is there.
func (l *Limiter) Allow(client netip.Addr) (ok bool, retryAfter time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[client]
	if b == nil {
		if len(l.buckets) >= maxClients || now.Sub(l.lastSweep) >= sweepEvery {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[client] = b
	} else if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed.Seconds()*l.rate)
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// sweep drops the buckets that have filled up again, and arbitrary ones
// while there are still too many. The caller holds l.mu.
func (l *Limiter) sweep(now time.Time) {
	l.lastSweep = now
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.at) >= full {
			delete(l.buckets, k)
		}
	}
	for k := range l.buckets { // map order: arbitrary
		if len(l.buckets) < maxClients {
			break
		}
		delete(l.buckets, k)
	}
}

// Clients is how many clients the limiter holds a bucket for.
func (l *Limiter) Clients() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// clientOf is the address a request is limited by: its RemoteAddr (which
// realip has already set to the reader's address behind trusted
// proxies), and for IPv6 its /64, the block one subscriber holds.
func clientOf(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{} // one bucket for whatever has no address
	}
	a = a.Unmap().WithZone("")
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.Addr()
	}
	return a
}

// Handler refuses requests over the client's limit with a 429 problem and
// passes the rest to next. A nil limiter passes everything.
func (l *Limiter) Handler(next http.Handler) http.Handler {
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := l.Allow(clientOf(r))
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		secs := max(1, int(math.Ceil(wait.Seconds())))
		h := w.Header()
		h.Set("Retry-After", strconv.Itoa(secs))
		allowOrigin(h) // a script over its limit may read why
		refuse(w, r, http.StatusTooManyRequests, ProblemRateLimited,
			"اس پتے سے درخواستیں حد سے زیادہ ہیں؛ "+strconv.Itoa(secs)+" سیکنڈ بعد دوبارہ کوشش کریں۔")
	})
}
