package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
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

	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/internal/wxr/wxrgen"
)

// The crash tests kill the real binary with SIGKILL at random moments.
// They run three kills each by default, well under a minute together;
// AKHBAR_CRASH_KILLS=N runs N (a longer soak).

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// akhbarBinary builds cmd/akhbar once for the package's tests.
func akhbarBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "akhbar-crash-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "akhbar")
		out, err := exec.Command("go", "build", "-buildvcs=false", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func crashKills(t *testing.T) int {
	if v := os.Getenv("AKHBAR_CRASH_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("AKHBAR_CRASH_KILLS=%q: want a number of kills", v)
		}
		return n
	}
	return 3
}

// command runs the binary with only the given AKHBAR_* settings.
func command(bin string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AKHBAR_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

var servingAddr = regexp.MustCompile(`msg=serving addr=(\S+)`)

// startServer runs `akhbar serve` on a free port and returns its URL once
// it answers, and its log so far.
func startServer(t *testing.T, bin string, env []string) (*exec.Cmd, string, *logTail) {
	t.Helper()
	cmd := command(bin, env, "serve", "--addr", "127.0.0.1:0", "--api-rate", "0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	log := &logTail{}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			log.add(sc.Text())
			if m := servingAddr.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case a := <-addr:
		return cmd, "http://" + a, log
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("akhbar serve did not start within 30 s:\n%s", log)
	}
	return nil, "", nil
}

// logTail keeps a process's last log lines, for failures.
type logTail struct {
	mu    sync.Mutex
	lines []string
}

func (l *logTail) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, s)
	if len(l.lines) > 40 {
		l.lines = l.lines[1:]
	}
}

func (l *logTail) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// TestNoLostSave: four publishers create, edit and publish articles and
// upload images through the content API of `akhbar serve` (the real
// binary), which is killed with SIGKILL at random moments and started
// again. After every kill, every write the server answered with success
// is there, PRAGMA integrity_check (SQLite) is ok, and nothing is half
// written: no article without a revision or whose text differs from its
// newest revision's, no revision or article without a body, no image
// without its renditions.
func TestNoLostSave(t *testing.T) {
	bin := akhbarBinary(t)
	kills := crashKills(t)
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		crashServe(t, bin, kills, filepath.Join(dir, "akhbar.db"), []string{"AKHBAR_DATA_DIR=" + dir})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresSchema(t)
		dir := t.TempDir()
		crashServe(t, bin, kills, dsn, []string{"AKHBAR_DATA_DIR=" + dir, "AKHBAR_DATABASE=" + dsn})
	})
}

func crashServe(t *testing.T, bin string, kills int, dsn string, env []string) {
	ctx := context.Background()
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("seed %d, %d kills", seed, kills)
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	token, section := prepareDesk(t, ctx, s)
	s.Close()
	var mediaDir string
	for _, kv := range env {
		if d, ok := strings.CutPrefix(kv, "AKHBAR_DATA_DIR="); ok {
			mediaDir = filepath.Join(d, "media")
		}
	}

	ack := newAcked()
	for round := range kills {
		cmd, url, log := startServer(t, bin, env)
		desk := &newsDesk{url: url, token: token, section: section}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for n := range 4 {
			wg.Go(func() { desk.publisher(t, n+4*round, stop, ack, true, true) })
		}
		before, _, _ := ack.snapshot()
		// The kill comes at a random moment after the run's first answered
		// save (a busy machine may take a while to give one).
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if now, _, _ := ack.snapshot(); len(now) > len(before) || time.Now().After(deadline) {
				break
			}
		}
		time.Sleep(time.Duration(rng.IntN(1000)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		close(stop)
		wg.Wait()
		saves, published, media := ack.snapshot()
		t.Logf("kill %d: %d saves acknowledged in this run, %d in all, %d published, %d media files", round+1,
			len(saves)-len(before), len(saves), len(published), len(media))
		if len(saves) == len(before) {
			t.Errorf("kill %d: no save was acknowledged before it; the server's log:\n%s", round+1, log)
		}
		checkAcked(t, ctx, dsn, mediaDir, "", saves, published, media)
		checkWhole(t, ctx, dsn)
		if t.Failed() {
			t.Fatalf("after kill %d; the server's log:\n%s", round+1, log)
		}
	}
	// And it starts once more, serving what was saved.
	cmd, url, _ := startServer(t, bin, env)
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	saves, _, _ := ack.snapshot()
	desk := &newsDesk{url: url, token: token}
	var art struct{ Version int }
	if code, err := desk.call(&http.Client{Timeout: 10 * time.Second}, "GET", fmt.Sprintf("/api/v1/drafts/%d", saves[len(saves)-1].article), nil, "", &art); err != nil || code != 200 {
		t.Errorf("after the last restart, the last saved article: %d, %v", code, err)
	}
}

// checkWhole opens the database and looks for anything half written.
func checkWhole(t *testing.T, ctx context.Context, dsn string) {
	t.Helper()
	driver, src := "sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)"
	if store.IsPostgresURL(dsn) {
		driver, src = "pgx", dsn
	}
	db, err := sql.Open(driver, src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if driver == "sqlite" {
		var res string
		if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
			t.Errorf("integrity_check: %q, %v", res, err)
		}
		var bad int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&bad); err != nil || bad != 0 {
			t.Errorf("foreign_key_check: %d rows, %v", bad, err)
		}
	}
	for what, q := range map[string]string{
		// Scheduled publishing raises the version without a new revision
		// (nothing in the text changed), so an article's version may be
		// past its newest revision's, never behind it.
		"articles without a revision": `SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM revisions r WHERE r.article_id = a.id)`,
		"articles behind their newest revision": `SELECT COUNT(*) FROM articles a
			WHERE a.version < (SELECT MAX(r.version) FROM revisions r WHERE r.article_id = a.id)`,
		"articles whose text is not their newest revision's": `SELECT COUNT(*) FROM articles a
			WHERE a.body_html <> (SELECT r.body_html FROM revisions r WHERE r.article_id = a.id ORDER BY r.version DESC LIMIT 1)
			   OR a.headline <> (SELECT r.headline FROM revisions r WHERE r.article_id = a.id ORDER BY r.version DESC LIMIT 1)`,
		"revisions without a body":                  `SELECT COUNT(*) FROM revisions WHERE body_html = ''`,
		"articles without a body":                   `SELECT COUNT(*) FROM articles WHERE body_html = ''`,
		"revisions of no article":                   `SELECT COUNT(*) FROM revisions r WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.article_id)`,
		"images without renditions":                 `SELECT COUNT(*) FROM media m WHERE NOT EXISTS (SELECT 1 FROM media_variants v WHERE v.media_id = m.id)`,
		"published articles without a publish time": `SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at IS NULL`,
	} {
		var n int
		if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Errorf("%s: %v", what, err)
		} else if n > 0 {
			t.Errorf("%d %s", n, what)
		}
	}
}

// TestImportResumesAfterKill: `akhbar import wordpress` of a generated
// export of 1,500 posts, killed with SIGKILL at random moments, run again
// each time, ends with exactly one article per post: none missing, none
// twice, each whole (checkWhole).
func TestImportResumesAfterKill(t *testing.T) {
	ctx := context.Background()
	bin := akhbarBinary(t)
	kills := crashKills(t)
	const posts = 1500
	export := filepath.Join(t.TempDir(), "export.xml")
	f, err := os.Create(export)
	if err != nil {
		t.Fatal(err)
	}
	if err := wxrgen.Write(f, posts); err != nil {
		t.Fatal(err)
	}
	f.Close()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "akhbar.db")
	env := []string{"AKHBAR_DATA_DIR=" + dir}
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	// Each run is killed at a random count of articles beyond what the
	// run before it left, so every kill lands mid-way at a new place.
	watch, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	count := func() int {
		var n int
		if err := watch.QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&n); err != nil && !strings.Contains(err.Error(), "no such table") {
			t.Logf("count: %v", err)
		}
		return n
	}
	landed, imported := 0, 0
	for round := range kills {
		target := imported + 1 + rng.IntN((posts-imported)/(kills-round+1))
		cmd := command(bin, env, "import", "wordpress", "--zone", "Asia/Karachi", export)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		finished := false
	poll:
		for {
			select {
			case err := <-done:
				t.Logf("run %d ended before its kill: %v", round+1, err)
				finished = true
				break poll
			case <-time.After(10 * time.Millisecond):
				if count() >= target {
					break poll
				}
			}
		}
		if finished {
			continue
		}
		cmd.Process.Signal(syscall.SIGKILL)
		if err := <-done; err == nil {
			t.Logf("run %d finished as it was killed", round+1)
			continue
		}
		landed++
		imported = countImported(t, ctx, dsn)
		t.Logf("run %d killed at %d of %d articles imported (aimed at %d)", round+1, imported, posts, target)
		checkWhole(t, ctx, dsn)
	}
	t.Logf("seed %d: %d of %d kills landed mid-import", seed, landed, kills)
	if landed == 0 {
		t.Error("no kill landed while the import ran")
	}
	out, err := command(bin, env, "import", "wordpress", "--zone", "Asia/Karachi", export).CombinedOutput()
	if err != nil {
		t.Fatalf("the last run: %v\n%s", err, out)
	}
	if n := countImported(t, ctx, dsn); n != posts {
		t.Errorf("%d articles after resuming, want %d", n, posts)
	}
	var records, orphans int
	watch.QueryRow(`SELECT COUNT(*) FROM imports WHERE kind = 'post'`).Scan(&records)
	watch.QueryRow(`SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT local_id FROM imports WHERE kind = 'post')`).Scan(&orphans)
	if records != posts || orphans != 0 {
		t.Errorf("%d posts recorded as imported (want %d), %d articles imported by no record", records, posts, orphans)
	}
	checkWhole(t, ctx, dsn)
}

func countImported(t *testing.T, ctx context.Context, dsn string) int {
	t.Helper()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.CountArticles(ctx, store.AllArticles())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
