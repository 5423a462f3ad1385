package clustertest

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// nginxConf balances over the nodes as docs/scaling.md advises: round
// robin, keepalive to the nodes, the reader's address appended to
// X-Forwarded-For, Host kept (the newsroom's cross-origin check compares
// Origin with it). A read that fails on a node (refused, reset, timed
// out, a 502/503/504) is tried on the next; a POST is retried only when
// it never reached a node: non_idempotent is left out, so an editor's
// publish or a sign-in attempt is never made twice.
const nginxConf = `{{user}}worker_processes 1;
daemon off;
pid {{dir}}/nginx.pid;
error_log {{dir}}/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path {{dir}}/tmp/body;
    proxy_temp_path {{dir}}/tmp/proxy;
    fastcgi_temp_path {{dir}}/tmp/fastcgi;
    uwsgi_temp_path {{dir}}/tmp/uwsgi;
    scgi_temp_path {{dir}}/tmp/scgi;
    upstream akhbar {
{{servers}}        keepalive 32;
    }
    server {
        listen 127.0.0.1:{{port}};
        location / {
            proxy_pass http://akhbar;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout http_502 http_503 http_504;
            proxy_next_upstream_tries 3;
            proxy_connect_timeout 1s;
            proxy_read_timeout 30s;
        }
        location /live/ {
            proxy_pass http://akhbar;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_buffering off;
            proxy_read_timeout 60s;
        }
    }
}
`

// startNginx runs nginx in the foreground in front of nodes and returns
// its base URL and error log. It connects to the nodes from 127.0.0.1,
// the address the nodes trust (--trusted-proxies 127.0.0.1).
func startNginx(t *testing.T, bin string, nodes []*Node) (base, errorLog string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	var servers strings.Builder
	for _, n := range nodes {
		fmt.Fprintf(&servers, "        server %s max_fails=1 fail_timeout=5s;\n", n.Addr)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n" // workers would run as nobody, who cannot enter a private temp folder
	}
	port := FreePort(t)
	conf := strings.NewReplacer("{{user}}", user, "{{dir}}", dir, "{{port}}", strconv.Itoa(port),
		"{{servers}}", servers.String()).Replace(nginxConf)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := StartProc("nginx", exec.Command(bin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log")),
		filepath.Join(dir, "nginx.out"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.Stop(syscall.SIGQUIT, 10*time.Second) // nginx's graceful stop
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("--- nginx error log:\n%s", b)
		}
	})
	base = fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if r, err := NewClient(base).Get("/healthz"); err == nil && r.Code == 200 {
			return base, filepath.Join(dir, "error.log")
		}
		if !p.Running() || time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not answer at %s (%v)\n%s\n%s", base, p.Running(), p.Tail(20), b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// marker is a word of random Latin letters, which no escaping, Urdu
// normalization or digit style changes, to find a headline in a page.
func marker() string {
	b := make([]byte, 10)
	rand.Read(b)
	for i := range b {
		b[i] = 'a' + b[i]%26
	}
	return "ct" + string(b)
}

// onEveryNode checks cond on each node, polling all of them at once for
// up to a second from since (the moment the change was asked for).
func onEveryNode(t *testing.T, nodes []*Node, since time.Time, what string, cond func(r *Response) bool, path string) {
	t.Helper()
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Go(func() {
			c := NewClient(n.URL)
			var last *Response
			ok := Within(since, time.Second, func() bool {
				r, err := c.Get(path)
				if err != nil {
					return false
				}
				last = r
				return cond(r)
			})
			if !ok {
				code := 0
				if last != nil {
					code = last.Code
				}
				t.Errorf("%s: not on %s within 1 s of the change (%s last answered %d)", what, n.Name, path, code)
			}
		})
	}
	wg.Wait()
}

// warm fetches path from every node, so that each holds it in its cache.
func warm(t *testing.T, nodes []*Node, paths ...string) {
	t.Helper()
	for _, n := range nodes {
		c := NewClient(n.URL)
		for _, p := range paths {
			if _, err := c.Get(p); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestBalancedNodes: three nodes on one schema behind nginx. Changes made
// through the balancer reach every node within a second; sign-in limits
// hold across the nodes, per reader address as nginx reports it; and a
// node killed under load costs no reader a failed request.
func TestBalancedNodes(t *testing.T) {
	nginxBin := Need(t, "nginx")
	wrkBin := Need(t, "wrk")
	c := New(t)
	start := time.Now()
	nodes := c.Start(3, "--demo", "--trusted-proxies", "127.0.0.1", "--db-max-conns", "5")
	lb, nginxLog := startNginx(t, nginxBin, nodes)
	const adminPass, editorPass = "a long admin passphrase", "a long editor passphrase"
	c.CreateAdmin("admin@example.pk", adminPass)
	c.CreateUser("editor", "مدیر", "editor@example.pk", editorPass)
	c.CreateUser("editor", "دوسرا مدیر", "other@example.pk", editorPass)
	t.Logf("3 nodes and nginx ready in %s", time.Since(start).Round(time.Millisecond))

	// Publish through the balancer: every node shows the article.
	admin := NewClient(lb)
	if err := admin.MustSignIn("admin@example.pk", adminPass); err != nil {
		t.Fatal(err)
	}
	warm(t, nodes, "/")
	word := marker()
	changed := time.Now()
	id, path, err := admin.Publish(Story{Headline: "توازن کار کے پیچھے خبر " + word, Strapline: "تین سرور، ایک ڈیٹا بیس",
		Body: "<p>یہ خبر توازن کار کے ذریعے شائع ہوئی۔</p>", Tags: "آزمائش"})
	if err != nil {
		t.Fatal(err)
	}
	onEveryNode(t, nodes, changed, "the published article", func(r *Response) bool { return r.Code == 200 }, path)
	onEveryNode(t, nodes, changed, "the published article on the home page", func(r *Response) bool { return strings.Contains(r.Body, word) }, "/")

	// Unpublish it through the balancer: gone from every node.
	warm(t, nodes, path, "/")
	changed = time.Now()
	if err := admin.Unpublish(id); err != nil {
		t.Fatal(err)
	}
	onEveryNode(t, nodes, changed, "the unpublished article's 404", func(r *Response) bool { return r.Code == http.StatusNotFound }, path)
	onEveryNode(t, nodes, changed, "the unpublished article gone from the home page", func(r *Response) bool {
		return r.Code == 200 && !strings.Contains(r.Body, word)
	}, "/")

	// A new tagline through the balancer: on every node.
	warm(t, nodes, "/")
	tagline := "ہر لمحہ باخبر " + marker()
	changed = time.Now()
	if err := admin.SetSettings(url.Values{"tagline": {tagline}}); err != nil {
		t.Fatal(err)
	}
	onEveryNode(t, nodes, changed, "the new tagline", func(r *Response) bool { return strings.Contains(r.Body, tagline) }, "/")

	t.Run("breaking news to open pages", func(t *testing.T) { breakingThroughNginx(t, admin, lb, nodes) })

	t.Run("sign-in limits", func(t *testing.T) { signInLimits(t, c, lb, editorPass) })

	// Under load through the balancer, one node is killed: no reader sees
	// an error. The article page read is the republished one.
	if err := admin.Press(id, "publish"); err != nil {
		t.Fatal(err)
	}
	t.Run("kill under load", func(t *testing.T) { killUnderLoad(t, wrkBin, lb, nginxLog, nodes, []string{"/", path}) })

	// The killed node comes back and serves the site as it is now.
	nodes[1].Restart()
	r, err := NewClient(nodes[1].URL).Get("/")
	if err != nil || r.Code != 200 || !strings.Contains(r.Body, tagline) || !strings.Contains(r.Body, word) {
		t.Errorf("the restarted node's home page: %v, tagline and article shown: %v %v", err, r != nil && strings.Contains(r.Body, tagline), r != nil && strings.Contains(r.Body, word))
	}
}

// signInLimits: five wrong passwords for one account, spread by nginx
// over the nodes, lock that account on every node, even for the right
// password; another reader, at another address, still signs in.
//
// Readers' addresses are real: the clients connect to nginx from
// 127.0.0.2 and 127.0.0.3 (all of 127/8 is this machine), nginx appends
// that address to X-Forwarded-For and connects to the nodes from
// 127.0.0.1, which they trust. No header is forged to make this work.
func signInLimits(t *testing.T, c *Cluster, lb, pass string) {
	attacker := NewClientFrom(lb, "127.0.0.2")
	for i := range 5 {
		if code, err := attacker.SignIn("editor@example.pk", "wrong "+strconv.Itoa(i)); err != nil || code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d through the balancer: %d %v, want 401", i+1, code, err)
		}
	}
	if code, err := attacker.SignIn("editor@example.pk", pass); err != nil || code != http.StatusTooManyRequests {
		t.Errorf("the right password after five failures: %d %v, want 429", code, err)
	}
	// The address is locked out of the account on every node; the
	// account's owner, elsewhere, is not.
	for _, n := range c.Nodes {
		if code, err := NewClientFrom(lb, "127.0.0.2").SignIn("editor@example.pk", pass); err != nil || code != http.StatusTooManyRequests {
			t.Errorf("the locked-out address through the balancer (%s): %d %v, want 429", n.Name, code, err)
		}
		if code, err := NewClientFrom(n.URL, "127.0.0.5").SignIn("editor@example.pk", pass); err != nil || code != http.StatusSeeOther {
			t.Errorf("the account's owner at another address, on %s: %d %v, want a sign-in", n.Name, code, err)
		}
	}
	reader := NewClientFrom(lb, "127.0.0.3")
	if code, err := reader.SignIn("other@example.pk", pass); err != nil || code != http.StatusSeeOther {
		t.Errorf("another account from another address: %d %v, want 303", code, err)
	}
	// A reader who writes an X-Forwarded-For of their own is still known
	// by the address nginx heard them from (the rightmost untrusted one).
	forger := NewClientFrom(lb, "127.0.0.3")
	forger.Header.Set("X-Forwarded-For", "127.0.0.2")
	if code, err := forger.SignIn("nobody@example.pk", "guess"); err != nil || code != http.StatusUnauthorized {
		t.Errorf("a guess with a forged X-Forwarded-For: %d %v, want 401", code, err)
	}
	// The limits counted the readers' addresses, never the balancer's.
	if n := c.Count(`SELECT count(*) FROM login_attempts WHERE key = 'ip:127.0.0.2'`); n != 5 {
		t.Errorf("%d failures counted for 127.0.0.2, want 5", n)
	}
	if n := c.Count(`SELECT count(*) FROM login_attempts WHERE key = 'ip:127.0.0.3'`); n != 1 {
		t.Errorf("%d failures counted for 127.0.0.3, want 1 (the forged header's)", n)
	}
	if n := c.Count(`SELECT count(*) FROM login_attempts WHERE key = 'ip:127.0.0.1'`); n != 0 {
		t.Errorf("%d failures counted for the balancer's own address", n)
	}
	// And nginx did spread the attempts over the nodes.
	if n := c.Count(`SELECT count(DISTINCT node) FROM audit_log WHERE action = 'login_failed' AND detail = 'editor@example.pk'`); n < 2 {
		t.Errorf("the failed attempts were audited by %d node(s), want them spread over several", n)
	}
}

var (
	wrkNon2xx  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSocket  = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	wrkTotal   = regexp.MustCompile(`(\d+) requests in ([\d.]+\w+)`)
	wrkRequest = `local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[i %% #paths + 1])
end
`
)

// killUnderLoad runs wrk against the balancer (16 connections, the paths
// in turn) for 10 s, SIGKILLs one node 3 s in, and wants every response a
// 2xx or 3xx and no socket error, with one exception that no balancer can
// avoid: a response the node had begun to send when it died. nginx has
// passed its status line and headers on to the reader by then, so it can
// only cut the connection (wrk counts a read error, nginx logs "upstream
// prematurely closed connection while reading upstream"). Every read
// error must be one of those, the dead node's; any other failure (a
// refused connection, a reset before the headers, a 502) is one the
// balancer should have retried on another node, and fails the test.
func killUnderLoad(t *testing.T, wrkBin, lb, nginxLog string, nodes []*Node, paths []string) {
	var quoted []string
	for _, p := range paths {
		quoted = append(quoted, strconv.Quote((&url.URL{Path: p}).EscapedPath()))
	}
	script := filepath.Join(t.TempDir(), "paths.lua")
	if err := os.WriteFile(script, []byte(fmt.Sprintf(wrkRequest, strings.Join(quoted, ", "))), 0o644); err != nil {
		t.Fatal(err)
	}
	// wrk's own timeout is 5 s rather than 2: two cores carry wrk, nginx,
	// three nodes and PostgreSQL here, and a reply slower than 2 s on
	// this machine is not an error a reader would see from a dead node.
	cmd := exec.Command(wrkBin, "-t2", "-c16", "-d10s", "--timeout", "5s", "-H", "Accept-Encoding: gzip", "-s", script, lb+"/")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	victim := nodes[1]
	var killedAt time.Duration
	var wg sync.WaitGroup
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	wg.Go(func() {
		time.Sleep(3 * time.Second)
		victim.Kill()
		killedAt = time.Since(start)
	})
	err := cmd.Wait()
	wg.Wait()
	report := out.String()
	t.Logf("wrk (%s killed at %s):\n%s", victim.Name, killedAt.Round(time.Millisecond), report)
	if err != nil {
		t.Fatalf("wrk: %v", err)
	}
	if m := wrkTotal.FindStringSubmatch(report); m == nil || m[1] == "0" {
		t.Fatalf("wrk made no requests")
	}
	if m := wrkNon2xx.FindStringSubmatch(report); m != nil && m[1] != "0" {
		t.Errorf("%s responses were not 2xx or 3xx", m[1])
	}
	if m := wrkSocket.FindStringSubmatch(report); m != nil {
		connect, _ := strconv.Atoi(m[1])
		read, _ := strconv.Atoi(m[2])
		write, _ := strconv.Atoi(m[3])
		timeout, _ := strconv.Atoi(m[4])
		b, _ := os.ReadFile(nginxLog)
		cut := 0
		for line := range strings.SplitSeq(string(b), "\n") {
			if strings.Contains(line, "upstream prematurely closed connection while reading upstream") &&
				strings.Contains(line, `upstream: "http://`+victim.Addr+`/`) {
				cut++
			}
		}
		if connect+write+timeout > 0 || read > cut {
			t.Errorf("%s; of these, %d read errors are responses %s was sending when it was killed", m[0], cut, victim.Name)
		} else {
			t.Logf("%d response(s) cut off: %s was sending them when it was killed (nginx had passed their headers on; no balancer can retry those)", read, victim.Name)
		}
	}
	if victim.Running() {
		t.Errorf("%s was not killed", victim.Name)
	}
}

// breakingThroughNginx: readers' live streams, opened through nginx (as
// docs/scaling.md configures /live/) and so spread over the nodes, each
// get a strip an editor raises through nginx within 2 s, and its
// take-down likewise, whichever node took the editor's post.
func breakingThroughNginx(t *testing.T, admin *Client, lb string, nodes []*Node) {
	var streams []<-chan string
	for range 2 * len(nodes) {
		streams = append(streams, openStream(t, lb+"/live/breaking"))
	}
	for i, s := range streams {
		if d := nextEvent(t, s, "the state on connect"); d != "{}" {
			t.Fatalf("stream %d: state on connect %q, want {}", i, d)
		}
	}
	text := "توازن کار کے پیچھے بریکنگ نیوز " + marker()
	r, err := admin.Submit("/newsroom/breaking", "/newsroom/breaking", url.Values{"text": {text}, "for": {"1h"}})
	if err != nil || r.Code != http.StatusSeeOther {
		t.Fatalf("raise: %v %v", err, r)
	}
	for i, s := range streams {
		if d := nextEvent(t, s, "the raise"); !strings.Contains(d, text) {
			t.Errorf("stream %d: raise event %s", i, d)
		}
	}
	page, err := admin.Get("/newsroom/breaking")
	if err != nil {
		t.Fatal(err)
	}
	end := regexp.MustCompile(`action="(/newsroom/breaking/\d+/end)"`).FindStringSubmatch(page.Body)
	if end == nil {
		t.Fatal("no take-down form on the breaking-news screen")
	}
	if r, err := admin.Submit("/newsroom/breaking", end[1], nil); err != nil || r.Code != http.StatusSeeOther {
		t.Fatalf("take down: %v %v", err, r)
	}
	for i, s := range streams {
		if d := nextEvent(t, s, "the take-down"); d != "{}" {
			t.Errorf("stream %d: take-down event %s, want {}", i, d)
		}
	}
}

// openStream opens a server-sent-events stream and returns the data of
// its "breaking" events; it closes when the test ends.
func openStream(t *testing.T, streamURL string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, streamURL, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", streamURL, resp.StatusCode)
	}
	c := make(chan string, 8)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var event, data string
		for sc.Scan() {
			switch line := sc.Text(); {
			case line == "":
				if event == "breaking" {
					c <- data
				}
				event, data = "", ""
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data += strings.TrimPrefix(line, "data: ")
			}
		}
		close(c)
	}()
	return c
}

// nextEvent waits up to 2 s, what readers are promised, for an event.
func nextEvent(t *testing.T, c <-chan string, what string) string {
	t.Helper()
	select {
	case d, ok := <-c:
		if !ok {
			t.Fatalf("%s: the stream ended", what)
		}
		return d
	case <-time.After(2 * time.Second):
		t.Fatalf("%s: no event within 2 s", what)
	}
	return ""
}
