// Package changes is the channel that tells every part of every app node
// what changed, so each can drop exactly what went stale: cached pages,
// edge caches, and later live updates and webhooks.
//
// A change names page dependencies ("article:12", "home", …), or says that
// everything may have changed. The node that makes a change publishes it;
// its own subscribers get it at once, before Publish returns, so the next
// request on that node already sees it. Other nodes get it through the
// database: PostgreSQL LISTEN/NOTIFY (Postgres). With SQLite there is one
// node, and the in-process Local bus is the whole channel.
package changes

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
)

// Change is one message on the channel.
type Change struct {
	// Origin names the node that made the change.
	Origin string `json:"o"`
	// Deps are the page dependencies that changed.
	Deps []string `json:"d,omitempty"`
	// All says anything may have changed: drop every page.
	All bool `json:"a,omitempty"`
	// Settings says the site settings changed: read them again (every
	// page shows them, so this drops every page too).
	Settings bool `json:"s,omitempty"`
	// Breaking says the breaking-news strip was raised or taken down:
	// read it again and tell readers with a page open.
	Breaking bool `json:"b,omitempty"`
	// Live names articles whose live coverage changed (an update posted,
	// edited, pinned or deleted): send readers what is new since the
	// last update this node sent.
	Live []int64 `json:"l,omitempty"`
	// Remote is set on changes that came from another node (or process).
	Remote bool `json:"-"`
}

// Empty reports whether the change asks for nothing.
func (c Change) Empty() bool {
	return len(c.Deps) == 0 && !c.All && !c.Settings && !c.Breaking && len(c.Live) == 0
}

// Bus carries changes. Publish delivers to this process's subscribers
// before it returns, and to every other node's as soon as it can.
type Bus interface {
	Publish(ctx context.Context, c Change) error
	// Subscribe adds fn, called for every change, local or remote, one
	// at a time in the order received.
	Subscribe(fn func(Change))
	// Deliver gives c to this process's subscribers only: for changes
	// every node makes by itself at the same moment, such as a breaking
	// strip reaching its expiry, which need no message between nodes.
	Deliver(c Change)
	// Node is the name this bus publishes under.
	Node() string
}

// subscribers is the in-process fan-out every bus uses.
type subscribers struct {
	mu  sync.Mutex // held while delivering: subscribers see changes in order
	fns []func(Change)
}

func (s *subscribers) Subscribe(fn func(Change)) {
	s.mu.Lock()
	s.fns = append(s.fns, fn)
	s.mu.Unlock()
}

// Deliver calls every subscriber with c, in order.
func (s *subscribers) Deliver(c Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, fn := range s.fns {
		fn(c)
	}
}

// Local is the channel of a single node: changes go to this process's
// subscribers only.
type Local struct {
	subscribers
	node string
}

// NewLocal returns an in-process bus for node.
func NewLocal(node string) *Local { return &Local{node: node} }

// Publish delivers c to the subscribers.
func (l *Local) Publish(_ context.Context, c Change) error {
	if c.Empty() {
		return nil
	}
	c.Origin = l.node
	l.Deliver(c)
	return nil
}

// Node is the node's name.
func (l *Local) Node() string { return l.node }

// maxPayload keeps a NOTIFY payload under PostgreSQL's 8000-byte limit
// with room to spare.
const maxPayload = 7000

// encode splits c into payloads of at most maxPayload bytes each.
func encode(c Change) ([]string, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("changes: encode: %w", err)
	}
	if len(b) <= maxPayload {
		return []string{string(b)}, nil
	}
	// Too many dependencies for one message: send them in parts, the
	// flags and live articles (a few numbers) with the first.
	var out []string
	part := Change{Origin: c.Origin, All: c.All, Settings: c.Settings, Breaking: c.Breaking, Live: c.Live}
	size := len(c.Live) * 21
	flush := func() error {
		b, err := json.Marshal(part)
		if err != nil {
			return fmt.Errorf("changes: encode: %w", err)
		}
		out = append(out, string(b))
		part = Change{Origin: c.Origin}
		size = 0
		return nil
	}
	for _, d := range c.Deps {
		if len(d) > maxPayload/2 {
			return nil, fmt.Errorf("changes: dependency %.40q… is too long", d)
		}
		if size+len(d)+64 > maxPayload {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		part.Deps = append(part.Deps, d)
		size += len(d) + 3
	}
	if !part.Empty() {
		if err := flush(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decode reads one payload.
func decode(payload string) (Change, error) {
	var c Change
	if err := json.Unmarshal([]byte(payload), &c); err != nil {
		return Change{}, fmt.Errorf("changes: decode %.60q: %w", payload, err)
	}
	return c, nil
}
