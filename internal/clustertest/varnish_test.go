package clustertest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

// testBackends replaces the shipped VCL's node block (BEGIN nodes … END
// nodes) with the test's nodes; everything else runs as shipped.
func testBackends(nodes []*Node) string {
	var b strings.Builder
	b.WriteString("probe akhbar_health { .url = \"/healthz\"; .interval = 1s; .timeout = 1s; .window = 3; .threshold = 2; }\n")
	for i, n := range nodes {
		host, port, _ := strings.Cut(n.Addr, ":")
		fmt.Fprintf(&b, "backend web%d { .host = %q; .port = %q; .probe = akhbar_health; .connect_timeout = 1s; .first_byte_timeout = 30s; }\n", i+1, host, port)
	}
	b.WriteString("sub vcl_init {\n    new akhbar = directors.round_robin();\n")
	for i := range nodes {
		fmt.Fprintf(&b, "    akhbar.add_backend(web%d);\n", i+1)
	}
	b.WriteString("}\n")
	return b.String()
}

// renderVCL is docs/varnish.vcl with the test's nodes.
func renderVCL(t *testing.T, nodes []*Node) string {
	t.Helper()
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := os.ReadFile(filepath.Join(root, "docs", "varnish.vcl"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(shipped)
	begin := strings.Index(s, "# BEGIN nodes")
	end := strings.Index(s, "# END nodes")
	if begin < 0 || end < begin {
		t.Fatal("docs/varnish.vcl has no BEGIN nodes … END nodes block for the test to replace")
	}
	return s[:begin] + testBackends(nodes) + s[end:]
}

// startVarnish runs varnishd in the foreground on 127.0.0.1:port with
// the shipped VCL in front of nodes, and returns its work folder (for
// varnishstat -n).
func startVarnish(t *testing.T, bin string, port int, nodes []*Node) string {
	t.Helper()
	dir := t.TempDir()
	vcl := filepath.Join(dir, "akhbar.vcl")
	if err := os.WriteFile(vcl, []byte(renderVCL(t, nodes)), 0o644); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	args := []string{"-F", "-n", work, "-a", fmt.Sprintf("127.0.0.1:%d", port), "-T", "127.0.0.1:0",
		"-f", vcl, "-s", "malloc,64m", "-p", "thread_pools=1", "-p", "thread_pool_min=10"}
	if os.Geteuid() == 0 {
		// As root varnishd would hand its work to the unprivileged
		// varnish users, who cannot enter the test's private temp folder.
		args = append(args, "-j", "none")
	}
	p, err := StartProc("varnishd", exec.Command(bin, args...), filepath.Join(dir, "varnishd.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.Stop(syscall.SIGTERM, 10*time.Second)
		if t.Failed() {
			t.Logf("--- varnishd output:\n%s", p.Tail(40))
		}
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for { // up once the probes found a node healthy
		if r, err := NewClient(base).Get("/healthz"); err == nil && r.Code == 200 {
			return work
		}
		if !p.Running() || time.Now().After(deadline) {
			t.Fatalf("varnishd did not answer at %s (running: %v)\n%s", base, p.Running(), p.Tail(40))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestVarnishPurge: Varnish with docs/varnish.vcl in front of two nodes
// that purge it (--purge-url). An article unpublished on one node leaves
// Varnish within a second, its page and the home page listing it; pages
// that do not show it stay cached.
func TestVarnishPurge(t *testing.T) {
	varnishd := Need(t, "varnishd")
	varnishstat := Need(t, "varnishstat")
	c := New(t)
	start := time.Now()
	vport := FreePort(t)
	nodes := c.Start(2, "--demo", "--purge-url", fmt.Sprintf("http://127.0.0.1:%d/", vport),
		"--trusted-proxies", "127.0.0.1", "--db-max-conns", "5")
	work := startVarnish(t, varnishd, vport, nodes)
	edge := NewClient(fmt.Sprintf("http://127.0.0.1:%d", vport))
	// get fetches through Varnish and counts its hits, to compare with
	// varnishstat at the end. A hit's X-Varnish names two requests (this
	// one and the one that fetched the object): a check of X-Cache that
	// does not rely on our own VCL.
	var hits int64
	get := func(p string) (*Response, error) {
		r, err := edge.Get(p)
		if err == nil && r.Header.Get("X-Cache") == "HIT" {
			hits++
			if ids := strings.Fields(r.Header.Get("X-Varnish")); len(ids) != 2 {
				t.Errorf("%s: X-Cache HIT, but X-Varnish %q", p, r.Header.Get("X-Varnish"))
			}
		}
		return r, err
	}
	const pass = "a long admin passphrase"
	c.CreateAdmin("admin@example.pk", pass)
	t.Logf("2 nodes and varnishd ready in %s", time.Since(start).Round(time.Millisecond))

	// An article of our own (not in the most-read list, which every page
	// shows), in the first section, with a tag of its own.
	ctx := context.Background()
	s, err := store.Open(ctx, c.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sections, err := s.Sections(ctx)
	if err != nil || len(sections) < 2 {
		t.Fatalf("sections: %v %v", sections, err)
	}
	editor := NewClient(nodes[0].URL)
	if err := editor.MustSignIn("admin@example.pk", pass); err != nil {
		t.Fatal(err)
	}
	word := marker()
	id, path, err := editor.Publish(Story{Headline: "ورنش کے پیچھے خبر " + word, Strapline: "کنارے کا کیش",
		Body: "<p>یہ خبر ورنش کی صفائی جانچنے کے لیے ہے۔</p>", Tags: "ورنش " + word, SectionID: sections[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	// Unrelated pages: another section, and a published article there
	// with a tag, and that tag's page.
	other := sections[1]
	list, err := s.ListArticles(ctx, store.PublishedArticles().Limit(200))
	if err != nil {
		t.Fatal(err)
	}
	var story content.Article
	for _, a := range list {
		if a.SectionID != other.ID {
			continue
		}
		if full, err := s.Article(ctx, a.ID); err == nil && len(full.Tags) > 0 {
			story = full
			break
		}
	}
	if story.ID == 0 {
		t.Fatalf("no tagged article in section %s", other.Slug)
	}
	unrelated := []string{other.Path(), story.Path(), story.Tags[0].Path()}

	// Warm Varnish: each page fetched until Varnish answers from cache.
	for _, p := range append([]string{path, "/"}, unrelated...) {
		var r *Response
		for range 5 {
			if r, err = get(p); err != nil {
				t.Fatal(err)
			}
			if r.Header.Get("X-Cache") == "HIT" {
				break
			}
		}
		if r.Code != 200 || r.Header.Get("X-Cache") != "HIT" {
			t.Fatalf("%s through Varnish: %d, X-Cache %q; want a cached 200", p, r.Code, r.Header.Get("X-Cache"))
		}
		if r.Header.Get("Surrogate-Key") != "" || r.Header.Get("Xkey") != "" {
			t.Errorf("%s: Varnish shows readers the surrogate keys: %q %q", p, r.Header.Get("Surrogate-Key"), r.Header.Get("Xkey"))
		}
	}
	if r, _ := get("/"); !strings.Contains(r.Body, word) {
		t.Fatal("the new article is not on the home page Varnish holds")
	}

	// Readers keep asking Varnish for the article and the home page while
	// it is unpublished, so that Varnish fetches from the nodes while the
	// change travels between them (a node that has not heard of it yet
	// still holds the old pages; it purges again once it has).
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 4 {
		readers.Go(func() {
			reader := NewClient(edge.Base)
			for {
				select {
				case <-stop:
					return
				default:
				}
				reader.Get(path)
				reader.Get("/")
			}
		})
	}
	time.Sleep(100 * time.Millisecond)

	// Unpublished on node 1, directly.
	changed := time.Now()
	if err := editor.Unpublish(id); err != nil {
		t.Fatal(err)
	}
	var last *Response
	if !Within(changed, time.Second, func() bool { last, err = get(path); return err == nil && last.Code == http.StatusNotFound }) {
		t.Errorf("Varnish still answers %d (X-Cache %s) for the unpublished article 1 s after", last.Code, last.Header.Get("X-Cache"))
	} else {
		t.Logf("the unpublished article answered 404 through Varnish %s after the change", time.Since(changed).Round(time.Millisecond))
	}
	if !Within(changed, time.Second, func() bool {
		last, err = get("/")
		return err == nil && last.Code == 200 && !strings.Contains(last.Body, word)
	}) {
		t.Errorf("Varnish's home page still lists the unpublished article 1 s after (%d, X-Cache %s)", last.Code, last.Header.Get("X-Cache"))
	}
	time.Sleep(time.Until(changed.Add(1500 * time.Millisecond)))
	close(stop)
	readers.Wait()
	// What Varnish holds once the change has settled: no copy fetched
	// while it travelled may have outlived the nodes' purges.
	if r, err := get(path); err != nil || r.Code != http.StatusNotFound {
		t.Errorf("after the readers' storm Varnish answers %v for the unpublished article (X-Cache %s), want 404", r.Code, r.Header.Get("X-Cache"))
	}
	if r, err := get("/"); err != nil || strings.Contains(r.Body, word) {
		t.Errorf("after the readers' storm Varnish's home page lists the unpublished article again (X-Cache %s)", r.Header.Get("X-Cache"))
	}
	for _, p := range unrelated {
		r, err := get(p)
		if err != nil || r.Code != 200 || r.Header.Get("X-Cache") != "HIT" {
			t.Errorf("%s, unrelated to the article, was purged or not cached: %v %v X-Cache %q", p, r.Code, err, r.Header.Get("X-Cache"))
		}
	}
	// Only the nodes may purge.
	req, _ := http.NewRequest("PURGE", edge.Base+"/", nil)
	req.Header.Set("xkey-purge", "all")
	resp, err := NewClientFrom(edge.Base, "127.0.0.2").HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a PURGE from outside the ACL: %d, want 403", resp.StatusCode)
	}
	if r, _ := get(story.Path()); r.Header.Get("X-Cache") != "HIT" {
		t.Errorf("a refused PURGE still emptied the cache (X-Cache %q)", r.Header.Get("X-Cache"))
	}

	// Varnish's own count agrees with the hits seen. Its workers add
	// their counts to the totals when their connection goes idle, so the
	// client's connections are closed first.
	edge.HTTP.CloseIdleConnections()
	var counted int64
	if !Within(time.Now(), 3*time.Second, func() bool {
		counted = varnishCounter(t, varnishstat, work, "MAIN.cache_hit")
		return counted >= hits
	}) {
		t.Errorf("varnishstat MAIN.cache_hit is %d; the test saw %d hits", counted, hits)
	}
}

// varnishCounter reads one counter with varnishstat -1.
func varnishCounter(t *testing.T, bin, work, name string) int64 {
	t.Helper()
	out, err := exec.Command(bin, "-n", work, "-1", "-f", name).CombinedOutput()
	if err != nil {
		t.Fatalf("varnishstat: %v\n%s", err, out)
	}
	var v int64
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == name {
			fmt.Sscan(f[1], &v)
			return v
		}
	}
	t.Fatalf("varnishstat has no %s:\n%s", name, out)
	return 0
}

// blackhole is an address that accepts connections and never answers,
// as a hung edge cache (or a firewall dropping packets after the
// handshake) would; its connections are closed when the test ends.
func blackhole(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return ln.Addr().String()
}

// TestHungEdgeCache: an edge cache that takes purges but never answers
// them must not hold up the site: publishing and unpublishing return at
// once, and the other node shows each change within a second, as it
// would without an edge.
func TestHungEdgeCache(t *testing.T) {
	c := New(t)
	hole := blackhole(t)
	nodes := c.Start(2, "--demo", "--purge-url", "http://"+hole+"/", "--db-max-conns", "5")
	const pass = "a long admin passphrase"
	c.CreateAdmin("admin@example.pk", pass)
	editor := NewClient(nodes[0].URL)
	if err := editor.MustSignIn("admin@example.pk", pass); err != nil {
		t.Fatal(err)
	}
	warm(t, nodes, "/")
	word := marker()
	var id int64
	var path string
	change(t, "publishing", nodes[1], "/", func(r *Response) bool { return strings.Contains(r.Body, word) }, func() (err error) {
		id, path, err = editor.Publish(Story{Headline: "رکے ہوئے کیش کے باوجود خبر " + word, Body: "<p>متن</p>"})
		return err
	})
	warm(t, nodes, path)
	change(t, "unpublishing", nodes[1], path, func(r *Response) bool { return r.Code == http.StatusNotFound }, func() error {
		return editor.Unpublish(id)
	})
}

// change makes a change with do, while it watches path on another node
// until cond holds; the change must take under a second, and show on
// the other node within a second of being asked for.
func change(t *testing.T, what string, other *Node, path string, cond func(*Response) bool, do func() error) {
	t.Helper()
	stop := make(chan struct{})
	seen := make(chan time.Time, 1)
	go func() {
		c := NewClient(other.URL)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if r, err := c.Get(path); err == nil && cond(r) {
				seen <- time.Now()
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	defer close(stop)
	start := time.Now()
	if err := do(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("%s took %s", what, took.Round(time.Millisecond))
	}
	select {
	case at := <-seen:
		if d := at.Sub(start); d > time.Second {
			t.Errorf("%s: shown on %s %s after it was asked for, want within 1 s", what, other.Name, d.Round(time.Millisecond))
		}
	case <-time.After(10 * time.Second):
		t.Errorf("%s: not shown on %s at all", what, other.Name)
	}
}
