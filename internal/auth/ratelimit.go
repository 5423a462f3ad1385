package auth

import (
	"sync"
	"time"
)

// Limiter counts failed sign-ins per key (an account or an address) over
// a sliding window. It lives in each app node's memory: several nodes
// each allow the limit, which still stops guessing at any useful speed.
type Limiter struct {
	Max    int
	Window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time
}

// maxKeys bounds memory under a flood of distinct keys.
const maxKeys = 100_000

// NewLimiter allows max failures per window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, failures: map[string][]time.Time{}}
}

// Blocked reports whether key has used up its failures, and how long until
// the oldest of them leaves the window.
func (l *Limiter) Blocked(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.prune(key, now)
	if len(recent) < l.Max {
		return false, 0
	}
	return true, recent[0].Add(l.Window).Sub(now)
}

// Fail records a failed attempt.
func (l *Limiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) >= maxKeys {
		for k := range l.failures { // drop stale keys; if none are stale, drop some
			if len(l.prune(k, now)) == 0 || len(l.failures) >= maxKeys {
				delete(l.failures, k)
			}
			if len(l.failures) < maxKeys*9/10 {
				break
			}
		}
	}
	l.failures[key] = append(l.prune(key, now), now)
}

// Reset forgets key's failures (after a successful sign-in).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.failures, key)
	l.mu.Unlock()
}

func (l *Limiter) prune(key string, now time.Time) []time.Time {
	list := l.failures[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= l.Window {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = list
	return list
}
