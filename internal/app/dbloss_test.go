package app

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// tcpProxy stands between a node and PostgreSQL, so a test can take the
// database away from the node (and give it back) without touching the
// shared server.
type tcpProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	conns []net.Conn
	state atomic.Int32 // proxyUp, proxyCut or proxyHung
}

const (
	proxyUp   = iota
	proxyCut  // connections are refused and closed
	proxyHung // connections stay open and nothing gets through
)

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.closeAll() })
	go p.accept()
	return p
}

func (p *tcpProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if p.state.Load() == proxyCut {
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go p.pipe(c, up)
		go p.pipe(up, c)
	}
}

// pipe copies until either side closes; while the proxy is hung it
// holds what it reads.
func (p *tcpProxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		for p.state.Load() == proxyHung {
			time.Sleep(10 * time.Millisecond)
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	dst.Close()
	src.Close()
}

func (p *tcpProxy) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *tcpProxy) set(state int32) {
	p.state.Store(state)
	if state == proxyCut {
		p.closeAll()
	}
}

// through rewrites a PostgreSQL URL to go through the proxy.
func (p *tcpProxy) through(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = p.ln.Addr().String()
	return u.String()
}

// eventually polls cond for up to limit.
func eventually(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	start := time.Now()
	for time.Since(start) < limit {
		if cond() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: not within %s", what, limit)
}

// TestDatabaseLoss: while PostgreSQL cannot be reached, a node answers its
// cached pages, even past their freshness, and an Urdu 503 with
// Retry-After for the rest; /healthz says so; and when the database
// returns the node recovers by itself. A database that hangs rather than
// refuses holds no request past the database timeout.
func TestDatabaseLoss(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	u, _ := url.Parse(dsn)
	proxy := newTCPProxy(t, u.Host)
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()) }
	n := startNodes(t, proxy.through(t, dsn), 1, now, "--db-timeout", "2s")[0]
	go n.watchDatabase(t.Context())

	_, home := n.get(t, "/")
	list, err := n.Store.ListArticles(t.Context(), store.PublishedArticles().Limit(5))
	if err != nil {
		t.Fatal(err)
	}
	story := list[0]
	n.get(t, story.Path())
	if code, _ := n.get(t, "/healthz"); code != 200 {
		t.Fatalf("healthz before the cut: %d", code)
	}

	proxy.set(proxyCut)
	eventually(t, 5*time.Second, "healthz reporting the database gone", func() bool { code, _ := n.get(t, "/healthz"); return code == 503 })
	clock.Add(int64(10 * time.Minute)) // every cached page is past its freshness
	if code, body := n.get(t, "/"); code != 200 || body != home {
		t.Errorf("cached home page while the database is gone: %d", code)
	}
	if code, body := n.get(t, story.Path()); code != 200 || !strings.Contains(body, story.Headline) {
		t.Errorf("cached article while the database is gone: %d", code)
	}
	for _, p := range []string{story.Section.Path(), "/search?q=کراچی", "/newsroom/login"} {
		resp, err := http.Get(n.url + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "عارضی طور پر دستیاب نہیں") {
			t.Errorf("%s while the database is gone: %d, Retry-After %q", p, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}

	proxy.set(proxyUp)
	eventually(t, 10*time.Second, "healthz after the database returned", func() bool { code, _ := n.get(t, "/healthz"); return code == 200 })
	eventually(t, 10*time.Second, "a page rendered after the database returned", func() bool {
		code, _ := n.get(t, story.Section.Path())
		return code == 200
	})
	eventually(t, 10*time.Second, "the change channel listening again", n.Changes.(interface{ Listening() bool }).Listening)

	// A database that hangs: requests end within the timeout, not never.
	proxy.set(proxyHung)
	start := time.Now()
	code, _ := n.get(t, list[1].Section.Path()+"?page=2")
	if took := time.Since(start); took > 5*time.Second || code < 500 {
		t.Errorf("a page while the database hangs: %d after %s, want a 5xx within the 2 s timeout", code, took.Round(time.Millisecond))
	}
	eventually(t, 5*time.Second, "healthz reporting the hung database", func() bool { code, _ := n.get(t, "/healthz"); return code == 503 })
	proxy.set(proxyCut) // drop the hung connections
	proxy.set(proxyUp)
	eventually(t, 10*time.Second, "recovery from the hung database", func() bool { code, _ := n.get(t, "/healthz"); return code == 200 })
}
