package app

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akhbar/internal/config"
	"akhbar/internal/store"
)

// testConfig is the configuration of a test server with its data in dir,
// read only from args (the machine's AKHBAR_* variables are ignored).
func testConfig(t *testing.T, dir string, args ...string) config.Config {
	t.Helper()
	cfg, _, err := config.Load("serve", append([]string{"--data", dir}, args...), func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestServeDemoEndToEnd starts the real server with the demo on a free
// port of 127.0.0.1, reads the home page and the seed article, then stops
// it the way SIGTERM does and checks that the views it counted were saved.
func TestServeDemoEndToEnd(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir, "--addr", "127.0.0.1:0", "--demo")
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	start := time.Now()
	a, err := Open(ctx, cfg, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, func(addr net.Addr) { addrc <- addr }) }()
	base := "http://" + (<-addrc).String()

	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return string(b)
	}
	home := get("/")
	t.Logf("serve --demo to first page: %v", time.Since(start))
	if !strings.Contains(home, "مقبول مضامین") || !strings.Contains(home, "دانشگاه") {
		t.Fatal("home page lacks the masthead or the most-read list")
	}
	if got := get("/healthz"); got != "ok\n" {
		t.Errorf("/healthz = %q", got)
	}
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(100))
	if err != nil {
		t.Fatal(err)
	}
	var seedPath string
	var seedID int64
	for _, art := range list {
		if strings.HasPrefix(art.Headline, "روس شمالی کوریا") {
			seedPath, seedID = art.Path(), art.ID
		}
	}
	if !strings.Contains(home, `href="`+seedPath+`"`) {
		t.Fatalf("home page does not link the seed article %q", seedPath)
	}
	viewsNow := func(s *store.Store) int64 {
		t.Helper()
		h := store.Hour(time.Now())
		top, err := s.MostRead(context.Background(), h, h, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, art := range top {
			if art.ID == seedID {
				return art.Views
			}
		}
		return 0
	}
	before := viewsNow(a.Store)
	page := ""
	for range 3 {
		page = get(seedPath)
	}
	// The seed page shows its parts in the seed's order.
	pos := 0
	for _, want := range []string{`class="datebar"`, `class="breadcrumbs"`, ">ہوم<", ">بین الاقوامی<",
		`<h1 class="headline">روس شمالی کوریا دفاعی شراکت کو وسعت دینے پر آمادہ</h1>`,
		`<p class="strapline">سرگئی شوئیگو کا پیانگ یانگ کا دوسرا دورہ`,
		`<span class="dateline">دانشگاه (نیوز ڈیسک) پیانگ یانگ:</span> روسی سلامتی کونسل`,
		"<h2>کم جونگ اُن سے دو ہفتوں میں دوسرا متوقع رابطہ</h2>", "یوکرین جنگ کے تناظر میں۔</p>",
		"مقبول مضامین", "مقبول مضامین"} {
		i := strings.Index(page[pos:], want)
		if i < 0 {
			t.Fatalf("seed page: %q missing after byte %d", want, pos)
		}
		pos += i + len(want)
	}

	stop() // what SIGTERM does through signal.NotifyContext
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	a.Close()

	// The views counted before the stop are in the database now.
	s, err := store.Open(context.Background(), filepath.Join(dir, "akhbar.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	counted := viewsNow(s) - before
	if counted != 3 {
		t.Errorf("%d views of %s saved on shutdown, want 3", counted, seedPath)
	}
}

// TestOpenNewerDatabase: a binary started on a database that a newer
// release has migrated further refuses with the store's message (and
// leaves the database alone) instead of failing on its way out.
func TestOpenNewerDatabase(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := Open(context.Background(), cfg, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	db, err := sql.Open("sqlite", "file:"+cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(context.Background(), cfg, log, nil)
	if err == nil || !strings.Contains(err.Error(), "newer than this binary") {
		t.Fatalf("open on a newer database: %v, want the store's refusal", err)
	}
}
