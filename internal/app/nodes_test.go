package app

import (
	"context"
	"database/sql"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// node is one app node of a test site on PostgreSQL, served on loopback.
type node struct {
	*App
	url string
}

// get fetches path from the node as a reader's browser would.
func (n *node) get(t *testing.T, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", n.url+path, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (Linux; Android 14) Chrome/120 Mobile")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// startNodes opens n app nodes on one PostgreSQL database (a fresh schema
// unless dsn is given), all asked to load the demo, with extra flags.
func startNodes(t *testing.T, dsn string, n int, now func() time.Time, flags ...string) []*node {
	t.Helper()
	if dsn == "" {
		dsn = storetest.PostgresSchema(t)
	}
	nodes := make([]*node, n)
	for i := range nodes {
		cfg := testConfig(t, t.TempDir(), append([]string{"--database", dsn, "--demo", "--node", "node" + string(rune('a'+i))}, flags...)...)
		a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		srv := httptest.NewServer(a.Handler)
		t.Cleanup(srv.Close)
		nodes[i] = &node{App: a, url: srv.URL}
	}
	return nodes
}

// within polls cond every 10 ms for up to a second: the promise made for
// changes reaching other nodes.
func within(t *testing.T, what string, cond func() bool) {
	t.Helper()
	start := time.Now()
	for time.Since(start) < time.Second {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%s: not within 1 s", what)
}

// TestNodesDropEachOthersPages: a change made on one node drops the same
// pages on the other within a second, and nothing else.
func TestNodesDropEachOthersPages(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()) }
	nodes := startNodes(t, "", 2, now)
	a, b := nodes[0], nodes[1]
	ctx := context.Background()
	if n, err := a.Store.CountArticles(ctx, store.PublishedArticles()); err != nil || n < 40 {
		t.Fatalf("%d demo articles (%v): loaded more or less than once?", n, err)
	}
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(100))
	if err != nil {
		t.Fatal(err)
	}
	_, home := b.get(t, "/")
	popularStory := findArticle(t, list, firstMostRead(home))
	var story, unrelated content.Article // neither in the most-read list
	for _, x := range list {
		if !strings.Contains(mostReadBlock(home), x.Headline) {
			story = x
			break
		}
	}
	for _, x := range list {
		if x.SectionID != story.SectionID && !strings.Contains(mostReadBlock(home), x.Headline) {
			unrelated = x
			break
		}
	}
	for _, p := range []string{"/", story.Path(), story.Section.Path(), unrelated.Path()} {
		if code, _ := b.get(t, p); code != 200 {
			t.Fatalf("%s on node b: %d", p, code)
		}
	}

	// A legal withdrawal on node a.
	withdraw := func(x content.Article) {
		x.Status = content.StatusUnpublished
		if err := a.Store.SaveArticle(ctx, &x, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		a.articleChanged(ctx, x.ID)
	}
	withdraw(story)
	within(t, "the withdrawn article's page on node b", func() bool { code, _ := b.get(t, story.Path()); return code == 404 })
	within(t, "node b's home page", func() bool { _, body := b.get(t, "/"); return !strings.Contains(body, story.Headline) })
	before := b.Store.QueryCount()
	b.get(t, unrelated.Path())
	if b.Store.QueryCount() != before {
		t.Error("node b rendered an unrelated article page again")
	}
	// A story in the most-read list leaves it on every page at once.
	withdraw(popularStory)
	within(t, "the withdrawn story leaving node b's most-read list", func() bool {
		_, body := b.get(t, unrelated.Path())
		return !strings.Contains(mostReadBlock(body), popularStory.Headline)
	})
	story, _ = a.Store.Article(ctx, story.ID)

	// Publishing it again shows it again.
	story.Status = content.StatusPublished
	if err := a.Store.SaveArticle(ctx, &story, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, story.ID)
	within(t, "the republished article on node b", func() bool { code, _ := b.get(t, story.Path()); return code == 200 })

	// A setting changed on node a.
	const tagline = "ہر لمحہ باخبر، دو سرورز پر"
	if err := a.Store.SetSetting(ctx, "tagline", tagline); err != nil {
		t.Fatal(err)
	}
	if err := a.Site.SettingsChanged(ctx); err != nil {
		t.Fatal(err)
	}
	within(t, "the new tagline on node b", func() bool { _, body := b.get(t, "/"); return strings.Contains(body, tagline) })

	// The most-read list re-ranked on node a: node b shows the same list.
	_, home = b.get(t, "/")
	top := firstMostRead(home)
	var climber content.Article
	for _, x := range list[5:] {
		if x.Headline != top && x.ID != story.ID {
			climber = x
			break
		}
	}
	if err := a.Store.AddViews(ctx, store.Hour(now()), map[int64]int64{climber.ID: 1_000_000}); err != nil {
		t.Fatal(err)
	}
	clock.Add(int64(2 * time.Minute)) // node a's list is due for ranking
	a.get(t, story.Path())            // and a render on node a ranks it
	b.get(t, "/")
	clock.Add(int64(time.Second)) // b's own list is still fresh by its clock
	within(t, "node b's most-read list", func() bool {
		_, body := b.get(t, unrelated.Path())
		return firstMostRead(body) == climber.Headline
	})
}

// mostReadBlock is the most-read list of a page.
func mostReadBlock(page string) string {
	_, rest, _ := strings.Cut(page, `<ol class="most-read">`)
	list, _, _ := strings.Cut(rest, "</ol>")
	return html.UnescapeString(list)
}

func findArticle(t *testing.T, list []content.Article, headline string) content.Article {
	t.Helper()
	for _, x := range list {
		if x.Headline == headline {
			return x
		}
	}
	t.Fatalf("no article %q", headline)
	return content.Article{}
}

// TestSchedulerOnTwoNodes: when both nodes' scheduler ticks coincide, each
// due article is published once, and logged and audited once, by the
// node that published it.
func TestSchedulerOnTwoNodes(t *testing.T) {
	nodes := startNodes(t, "", 2, nil)
	ctx := context.Background()
	sec, err := nodes[0].Store.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const due = 20
	for i := range due {
		a := content.Article{SectionID: sec[0].ID, Status: content.StatusScheduled, Headline: "طے شدہ خبر " + string(rune('۰'+i%10)),
			BodyHTML: "<p>متن</p>", BodyText: "متن", Slug: "scheduled", Language: "ur",
			PublishedAt: time.Now().Add(-time.Minute), UpdatedAt: time.Now()}
		if err := nodes[0].Store.SaveArticle(ctx, &a, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Go(func() {
			if err := n.publishDue(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	entries, err := nodes[0].Store.AuditLog(ctx, 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	perNode := map[string]int{}
	for _, e := range entries {
		if e.Action == "scheduled_publish" {
			perNode[e.Node]++
		}
	}
	if perNode["nodea"]+perNode["nodeb"] != due || len(perNode) > 2 {
		t.Errorf("audit entries per node: %v, want %d in all", perNode, due)
	}
}

// TestSignInLimitsAcrossNodes: failed sign-ins count on every node, and
// parallel guesses cannot outrun the limit. Behind a trusted balancer the
// reader's own address is limited, not the balancer's.
func TestSignInLimitsAcrossNodes(t *testing.T) {
	nodes := startNodes(t, "", 2, nil, "--trusted-proxies", "127.0.0.1")
	ctx := context.Background()
	const pass = "a long and secret passphrase"
	hash, err := auth.HashPassword(pass)
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"editor@example.pk", "reporter@example.pk"} {
		u := content.User{Email: email, Name: "مدیر", Role: content.RoleEditor, PasswordHash: hash, Slug: strings.Split(email, "@")[0]}
		if _, err := nodes[0].Store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	// Five wrong passwords, alternating between the nodes, from one address.
	for i := range 5 {
		if code := signIn(t, nodes[i%2].url, "editor@example.pk", "wrong", "198.51.100.7"); code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i+1, code)
		}
	}
	// That address is locked out of the account on both nodes; the
	// account's owner, at another address, is not.
	for _, n := range nodes {
		if code := signIn(t, n.url, "editor@example.pk", pass, "198.51.100.7"); code != http.StatusTooManyRequests {
			t.Errorf("the right password from the guessing address, on both nodes: %d, want 429", code)
		}
	}
	if code := signIn(t, nodes[1].url, "editor@example.pk", pass, "203.0.113.50"); code != http.StatusSeeOther {
		t.Errorf("the owner at another address: %d, want a sign-in", code)
	}
	// The attacker's address is not everyone's: the balancer's address
	// (127.0.0.1) is trusted, so another reader signs in.
	if code := signIn(t, nodes[1].url, "reporter@example.pk", pass, "203.0.113.51"); code != http.StatusSeeOther {
		t.Errorf("another reader behind the same balancer: %d, want 303", code)
	}

	// Twelve guesses at once, over both nodes and nine addresses, at a
	// fresh account: the account's limit across addresses (ten, then
	// one every 30 s) is reserved before the password is checked, so
	// exactly ten are checked.
	var wg sync.WaitGroup
	var checked, blocked atomic.Int64
	for i := range 12 {
		wg.Go(func() {
			switch signIn(t, nodes[i%2].url, "reporter@example.pk", "guess", "192.0.2."+string(rune('1'+i%9))) {
			case http.StatusUnauthorized:
				checked.Add(1)
			case http.StatusTooManyRequests:
				blocked.Add(1)
			}
		})
	}
	wg.Wait()
	if checked.Load() != 10 || blocked.Load() != 2 {
		t.Errorf("12 parallel guesses: %d checked, %d refused; want 10 and 2", checked.Load(), blocked.Load())
	}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn tries a password on a node as a browser behind a balancer that
// says the reader is at forwardedFor, and returns the status.
func signIn(t *testing.T, base, email, password, forwardedFor string) int {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", base+"/newsroom/login", nil)
	req.Header.Set("X-Forwarded-For", forwardedFor)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no CSRF token on the sign-in page (%d)", resp.StatusCode)
	}
	form := url.Values{"email": {email}, "password": {password}, "csrf": {m[1]}}
	req, _ = http.NewRequest("POST", base+"/newsroom/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", forwardedFor)
	req.Header.Set("Origin", base)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestViewsAddUpAcrossNodes: views counted on several nodes add up exactly.
func TestViewsAddUpAcrossNodes(t *testing.T) {
	nodes := startNodes(t, "", 3, nil)
	ctx := context.Background()
	list, err := nodes[0].Store.ListArticles(ctx, store.PublishedArticles().Limit(1))
	if err != nil {
		t.Fatal(err)
	}
	story := list[0]
	before := totalViews(t, nodes[0].Store, story.ID)
	const requests = 300
	var wg sync.WaitGroup
	for i := range requests {
		wg.Go(func() {
			if code, _ := nodes[i%3].get(t, story.Path()); code != 200 {
				t.Errorf("request %d: %d", i, code)
			}
		})
		if i%30 == 29 {
			wg.Wait()
		}
	}
	wg.Wait()
	for _, n := range nodes {
		if err := n.Views.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := totalViews(t, nodes[0].Store, story.ID) - before; got != requests {
		t.Errorf("%d views stored for %d requests over three nodes", got, requests)
	}
}

func totalViews(t *testing.T, s *store.Store, id int64) int64 {
	t.Helper()
	list, err := s.MostRead(context.Background(), 0, store.Hour(time.Now())+1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.ID == id {
			return a.Views
		}
	}
	return 0
}

// TestPoolSizeAndMediaWarning: --db-max-conns bounds a node's PostgreSQL
// connections under load (plus the one that listens), and a node on
// PostgreSQL with media on its own disk warns that other nodes will not
// see its images.
func TestPoolSizeAndMediaWarning(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	u, _ := url.Parse(dsn)
	q := u.Query()
	app := "akhbar-pool-test-" + strings.ReplaceAll(t.Name(), "/", "-")
	q.Set("application_name", app)
	u.RawQuery = q.Encode()
	var logs strings.Builder
	var logMu sync.Mutex
	cfg := testConfig(t, t.TempDir(), "--database", u.String(), "--demo", "--db-max-conns", "3", "--page-cache-mb", "0")
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	logMu.Lock()
	if !strings.Contains(logs.String(), "images uploaded on one node will be missing") {
		t.Errorf("no warning about local media on PostgreSQL in:\n%s", logs.String())
	}
	logMu.Unlock()
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	n := &node{App: a, url: srv.URL}

	db, err := sql.Open("pgx", storetest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var most atomic.Int64
	stop := make(chan struct{})
	var watcher sync.WaitGroup
	watcher.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			var c int64
			if db.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`, app).Scan(&c) == nil && c > most.Load() {
				most.Store(c)
			}
			time.Sleep(2 * time.Millisecond)
		}
	})
	var wg sync.WaitGroup
	at := make(chan struct{}, 20)
	for i := range 40 { // uncached pages, 20 at a time
		at <- struct{}{}
		wg.Go(func() {
			defer func() { <-at }()
			if code, body := n.get(t, []string{"/", "/search?q=پاکستان"}[i%2]); code != 200 {
				t.Errorf("request %d: %d %.300s", i, code, body)
			}
		})
	}
	wg.Wait()
	close(stop)
	watcher.Wait()
	if m := most.Load(); m > 3+1 || m < 2 {
		t.Errorf("at most %d connections seen, want 3 for requests plus 1 listening", m)
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
