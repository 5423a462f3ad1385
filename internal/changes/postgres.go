package changes

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Notifier sends one NOTIFY; the store does it through its own pool, so
// publishing costs no connection of its own.
type Notifier interface {
	Notify(ctx context.Context, channel, payload string) error
}

// Postgres is the channel between nodes sharing one PostgreSQL database:
// NOTIFY to publish, and one dedicated connection per node that LISTENs.
//
// A node whose listening connection breaks cannot know what it missed, so
// once it listens again its subscribers get a change with All and
// Settings set: every page is dropped and the settings are read again.
type Postgres struct {
	subscribers
	node     string
	origin   string // node plus a random part: two nodes given one name still hear each other
	dsn      string
	channel  string
	notifier Notifier
	log      *slog.Logger

	listening atomic.Bool
	conn      *pgx.Conn // owned by Start, then by run
}

// Channel is the NOTIFY channel of the site whose tables live in schema:
// sites (and test runs) in other schemas of one database never hear each
// other.
func Channel(schema string) string { return "akhbar_changes_" + schema }

// NewPostgres returns a bus for node. dsn opens the listening connection;
// notifier publishes.
func NewPostgres(dsn, channel, node string, notifier Notifier, log *slog.Logger) *Postgres {
	if log == nil {
		log = slog.Default()
	}
	var b [4]byte
	rand.Read(b[:])
	return &Postgres{node: node, origin: node + "/" + hex.EncodeToString(b[:]), dsn: dsn, channel: channel, notifier: notifier, log: log}
}

// Node is the node's name.
func (p *Postgres) Node() string { return p.node }

// Listening reports whether the node hears other nodes' changes now.
func (p *Postgres) Listening() bool { return p.listening.Load() }

// Publish delivers c to this node's subscribers, then to other nodes.
// The local delivery happens even when the database cannot be told.
func (p *Postgres) Publish(ctx context.Context, c Change) error {
	if c.Empty() {
		return nil
	}
	c.Origin, c.Remote = p.origin, false
	p.Deliver(c)
	payloads, err := encode(c)
	if err != nil {
		return err
	}
	for _, pl := range payloads {
		if err := p.notifier.Notify(ctx, p.channel, pl); err != nil {
			return fmt.Errorf("changes: notify other nodes: %w", err)
		}
	}
	return nil
}

// Start opens the listening connection, so that no change made after it
// returns is missed, and keeps listening (reconnecting as needed) until
// ctx ends.
func (p *Postgres) Start(ctx context.Context) error {
	conn, err := p.listen(ctx)
	if err != nil {
		return err
	}
	p.conn = conn
	go p.run(ctx)
	return nil
}

// listen opens a connection and LISTENs on the channel.
func (p *Postgres) listen(ctx context.Context) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, p.dsn)
	if err != nil {
		return nil, fmt.Errorf("changes: connect to listen: %w", err)
	}
	if _, err := conn.Exec(cctx, "LISTEN "+pgx.Identifier{p.channel}.Sanitize()); err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("changes: listen on %s: %w", p.channel, err)
	}
	p.listening.Store(true)
	return conn, nil
}

// pingEvery is how long the listener waits in silence before it checks
// that its connection still answers: a connection that hangs rather than
// fails would otherwise go deaf without anyone noticing.
const pingEvery = 5 * time.Second

func (p *Postgres) run(ctx context.Context) {
	conn := p.conn
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		if conn == nil {
			c, err := p.listen(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				p.log.Warn("change channel: reconnect", "err", err, "retry_in", backoff)
				sleep(ctx, backoff)
				backoff = min(backoff*2, 5*time.Second)
				continue
			}
			conn, backoff = c, 100*time.Millisecond
			p.log.Info("change channel: listening again; dropping every cached page")
			p.Deliver(Change{All: true, Settings: true, Remote: true})
		}
		if err := p.wait(ctx, conn); err != nil {
			if ctx.Err() != nil {
				return
			}
			p.listening.Store(false)
			p.log.Warn("change channel: connection lost", "err", err)
			conn.Close(context.Background())
			conn = nil
		}
	}
}

// wait receives notifications until the connection fails or ctx ends.
func (p *Postgres) wait(ctx context.Context, conn *pgx.Conn) error {
	for {
		wctx, cancel := context.WithTimeout(ctx, pingEvery)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !pgconn.Timeout(err) && !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			err = conn.Ping(pctx)
			cancel()
			if err != nil {
				return fmt.Errorf("ping: %w", err)
			}
			continue
		}
		c, err := decode(n.Payload)
		if err != nil {
			p.log.Error("change channel", "err", err)
			continue
		}
		if c.Origin == p.origin {
			continue // delivered locally when published
		}
		c.Remote = true
		p.Deliver(c)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// ValidNode reports whether name can name a node: printable, short, and
// without spaces, since it goes into logs and audit entries.
func ValidNode(name string) bool {
	return name != "" && len(name) <= 64 && !strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f })
}
