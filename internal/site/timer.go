package site

import (
	"sync"
	"time"
)

// changeTimer runs a function at a time: the breaking strip's expiry, the
// home page's first pin. Each node arms its own on its own clock and then
// delivers a change to itself alone, so no message needs to travel
// between nodes and none can be lost.
type changeTimer struct {
	mu     sync.Mutex
	at     time.Time // when the armed timer fires; zero: none armed
	timer  *time.Timer
	closed bool // stop ran: arm no more
}

// set arms the timer to run fire at at, replacing any armed one; a zero
// at only disarms. It reports false once the timer is stopped.
func (c *changeTimer) set(at, now time.Time, fire func()) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	c.arm(at, now, fire)
	return true
}

// earliest arms the timer for at unless one as early is armed.
func (c *changeTimer) earliest(at, now time.Time, fire func()) {
	if at.IsZero() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || !c.at.IsZero() && !c.at.After(at) {
		return
	}
	c.arm(at, now, fire)
}

// arm replaces the armed timer; c.mu is held. The 10 ms margin lets the
// clock pass at before fire looks at it.
func (c *changeTimer) arm(at, now time.Time, fire func()) {
	if c.timer != nil {
		c.timer.Stop()
	}
	c.at, c.timer = at, nil
	if at.IsZero() {
		return
	}
	var t *time.Timer
	t = time.AfterFunc(at.Sub(now)+10*time.Millisecond, func() {
		c.mu.Lock()
		if c.timer == t {
			c.at, c.timer = time.Time{}, nil
		}
		c.mu.Unlock()
		fire()
	})
	c.timer = t
}

// stop disarms the timer for good.
func (c *changeTimer) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.timer != nil {
		c.timer.Stop()
		c.at, c.timer = time.Time{}, nil
	}
}
