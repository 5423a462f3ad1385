// Command http is the page-speed benchmark of issue 9 ("serve pages as
// fast as a static file server"). One command does everything:
//
//	go run ./bench/http                          # 100,000 articles, 10 s per URL (~15 min, most of it loading)
//	go run ./bench/http -quick                   # smoke run: 2,000 articles, 3 s per URL (~1–2 min)
//	go run ./bench/http -dir /tmp/akhbar-100k    # keep the loaded data folder; later runs reuse it
//	go run ./bench/http -postgres 'postgres://postgres@127.0.0.1:5432/akhbar_bench?sslmode=disable'
//	                                             # SQLite, then PostgreSQL, on the same corpus (issue 15)
//
// It installs wrk and nginx with apt-get when they are missing; loads the
// deterministic corpus (bench/corpus, through store.SaveArticle, with a
// progress bar) unless -dir already holds it; builds ./cmd/akhbar and runs
// `akhbar serve` on 127.0.0.1 twice, with the page cache on (default) and
// off (AKHBAR_PAGE_CACHE_MB=0); measures with wrk (-t2 -c32 --latency,
// Accept-Encoding: gzip, a browser User-Agent) the newest article, the home
// page, a section, page 50 of it, a tag, a search, the feed and the content
// API's article list (/api/v1/articles, its rate limit raised out of the
// way: wrk is one client); measures
// the same article's HTML served by nginx (gzip on) as a static file; signs
// in to the newsroom as an admin made with `akhbar user create` and times
// publish-to-visible on the home page; reads the server's peak RSS; stops it
// with SIGTERM and checks that the stored views of the article equal the
// article requests wrk completed. It prints a Markdown table and the
// issue's targets, each met or not met.
//
// Search is measured for three queries as readers type them into the
// search box: the word found in most articles, two common words, and the
// most common two-word phrase; with the cache on (result pages are kept
// per query until any article changes) and off, with 32 connections
// (throughput), and with the cache off also with one connection (the
// latency one reader sees).
//
// With -postgres URL it measures PostgreSQL as well, after SQLite, on the
// same corpus: the database is created if missing, loaded in transactions
// of 500 articles and vacuumed, and reused by later runs like -dir; the
// report then adds issue 15's comparisons of the two engines. -engines
// picks the engines and their order (e.g. -engines postgres).
//
// Flags: -n articles, -duration per wrk run, -connections, -threads, -dir,
// -postgres, -engines, -repeat, -quick, -publishes. Everything listens on
// 127.0.0.1 only and every load run is bounded by -duration. The exit
// status is non-zero only when the harness itself fails, never for a
// missed target.
package main

import (
	"akhbar/bench/harness"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

// options are the command's flags.
type options struct {
	n         int
	dir       string
	postgres  string
	engines   []string
	wrk       wrkSettings
	publishes int
	repeat    int
	quick     bool
}

func main() {
	if spec := os.Getenv(bareEnv); spec != "" {
		if err := serveBare(spec); err != nil {
			fmt.Fprintln(os.Stderr, "bare server:", err)
			os.Exit(1)
		}
		return
	}
	var o options
	flag.IntVar(&o.n, "n", 100000, "articles to load (-quick: 2000)")
	flag.DurationVar(&o.wrk.Duration, "duration", 10*time.Second, "length of each wrk run (-quick: 3s)")
	flag.IntVar(&o.wrk.Connections, "connections", 32, "wrk connections")
	flag.IntVar(&o.wrk.Threads, "threads", 2, "wrk threads")
	flag.StringVar(&o.dir, "dir", "", "data folder to load into and keep; if it already holds articles, loading is skipped (default: a temporary folder, removed after)")
	flag.IntVar(&o.publishes, "publishes", 5, "publish-to-visible measurements per cache mode")
	flag.BoolVar(&o.quick, "quick", false, "small smoke run: 2000 articles, 3 s per wrk run, unless -n or -duration are given")
	flag.StringVar(&o.postgres, "postgres", "", "PostgreSQL database to measure as well, e.g. postgres://postgres@127.0.0.1:5432/akhbar_bench?sslmode=disable (created if missing; loaded once, later runs reuse it)")
	engines := flag.String("engines", "", "engines to measure, in this order: sqlite, postgres (default sqlite, or sqlite,postgres with -postgres)")
	flag.IntVar(&o.repeat, "repeat", 1, "wrk runs per URL; the table keeps the fastest, the one other work on the machine disturbed least")
	flag.Parse()
	switch {
	case *engines != "":
		o.engines = strings.Split(*engines, ",")
	case o.postgres != "":
		o.engines = []string{"sqlite", "postgres"}
	default:
		o.engines = []string{"sqlite"}
	}
	for _, e := range o.engines {
		if e != "sqlite" && e != "postgres" || e == "postgres" && o.postgres == "" {
			fmt.Fprintln(os.Stderr, "bench/http: -engines lists sqlite and postgres; postgres needs -postgres URL")
			os.Exit(2)
		}
	}
	if o.quick {
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["n"] {
			o.n = 2000
		}
		if !set["duration"] {
			o.wrk.Duration = 3 * time.Second
		}
	}
	if o.n < 1 || o.wrk.Connections < 1 || o.wrk.Threads < 1 || o.wrk.Threads > o.wrk.Connections || o.wrk.Duration < time.Second || o.publishes < 1 || o.repeat < 1 {
		fmt.Fprintln(os.Stderr, "bench/http: want -n ≥ 1, 1 ≤ -threads ≤ -connections, -duration ≥ 1s, -publishes ≥ 1, -repeat ≥ 1")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		stop()
		fmt.Fprintln(os.Stderr, "bench/http:", err)
		os.Exit(1)
	}
}

// page is one URL the benchmark loads.
type page struct {
	kind string // "article", "home", …
	path string // escaped path and query
}

// measured is one wrk run.
type measured struct {
	page
	engine string // "sqlite", "postgres", or "" for nginx
	cache  string // "on", "off", or "—" for nginx
	conns  int    // wrk's connections
	res    wrkResult
	others float64 // CPU other processes took during the run, in cores
}

// modeResult is what one server run (one cache mode) found besides wrk.
type modeResult struct {
	cache          string
	rss            int64
	publish        []time.Duration
	notVisible     int
	viewsBefore    int64
	viewsAfter     int64
	articleReqs    int64
	articleRuns    int // wrk runs on the article, each leaving up to a request per connection in flight
	stoppedCleanly bool
}

// engine is where one server run keeps its data.
type engine struct {
	name    string // "sqlite" or "postgres"
	dsn     string // --database: the SQLite file or the PostgreSQL URL
	dataDir string // --data: the SQLite file's folder, and media
}

// data is what the harness needs to know about the loaded database.
type data struct {
	engine
	loadavg     string // /proc/loadavg before the measurements
	articles    int
	loaded      time.Duration // 0 when reused
	article     content.Article
	sectionID   int64
	pages       []page
	searches    []page // measured with the cache on and off, and with one connection when off
	queries     []searchQuery
	adminExists bool
}

// engineResult is everything measured on one engine.
type engineResult struct {
	d     data
	rows  []measured
	modes []modeResult
}

const adminEmail = "bench-admin@bench.akhbar.invalid"

func run(ctx context.Context, o options) (err error) {
	start := time.Now()
	if err := ensureTools(ctx); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "akhbar-http-bench-")
	if err != nil {
		return err
	}
	defer func() {
		if err == nil {
			os.RemoveAll(tmp)
		} else {
			fmt.Fprintf(os.Stderr, "bench/http: logs and data kept in %s\n", tmp)
		}
	}()
	if err := writeWrkScript(tmp); err != nil {
		return err
	}
	var engines []engine
	for _, name := range o.engines {
		e := engine{name: name}
		switch name {
		case "sqlite":
			if e.dataDir = o.dir; e.dataDir == "" {
				e.dataDir = filepath.Join(tmp, "data")
			} else if e.dataDir, err = filepath.Abs(e.dataDir); err != nil {
				return err
			}
			e.dsn = filepath.Join(e.dataDir, "akhbar.db")
		case "postgres":
			// The data folder holds only media, which the corpus has none of.
			e.dataDir, e.dsn = filepath.Join(tmp, "data-postgres"), o.postgres
			if err := ensureDatabase(ctx, e.dsn); err != nil {
				return err
			}
		}
		engines = append(engines, e)
	}

	fmt.Println("building ./cmd/akhbar …")
	bin, err := harness.BuildAkhbar(ctx, tmp)
	if err != nil {
		return err
	}
	nginx := &staticBaseline{o: o, tmp: tmp}
	defer nginx.stop()
	var results []engineResult
	for _, e := range engines {
		fmt.Printf("\n# %s\n", e.name)
		d, err := prepare(ctx, e, o.n)
		if err != nil {
			return err
		}
		password := "bench " + harness.Letters(24)
		if err := harness.EnsureAdmin(ctx, bin, e.dataDir, e.dsn, adminEmail, password, d.adminExists); err != nil {
			return err
		}
		d.loadavg = loadavg()
		r := engineResult{d: d}
		for _, cacheOn := range []bool{true, false} {
			rs, mr, err := measureMode(ctx, o, bin, tmp, d, password, cacheOn, nginx)
			if err != nil {
				return err
			}
			r.rows = append(r.rows, rs...)
			r.modes = append(r.modes, mr)
		}
		results = append(results, r)
	}
	report(os.Stdout, o, results, nginx)
	fmt.Printf("\nwhole run: %s\n", time.Since(start).Round(time.Second))
	return nil
}

// staticBaseline is nginx serving the article's HTML as a static file:
// compressed per request (gzip on: the baseline of the targets) and
// compressed beforehand (gzip_static: for comparison). The gzip on figure
// is measured right before the cached pages it is compared with and again
// right after them, so that other load on the machine, if any, weighs on
// both sides alike and shows as a difference between the two.
type staticBaseline struct {
	o        options
	tmp      string
	ng       *harness.Child
	base     string
	html     int
	rows     []measured
	gzipOnRS []float64      // req/s of each gzip on run
	bare     *harness.Child // a bare net/http handler with the gzip_static bytes
	bareBase string
}

const (
	nginxGzipOn     = "static article (nginx, gzip on)"
	nginxGzipStatic = "static article (nginx, gzip_static)"
	bareNetHTTP     = "static article (bare Go net/http, same gzipped bytes)"
)

// first starts nginx with html and measures both variants.
func (b *staticBaseline) first(ctx context.Context, html []byte) error {
	var err error
	if b.ng, b.base, err = startNginx(ctx, b.tmp, html); err != nil {
		return err
	}
	b.html = len(html)
	fmt.Printf("wrk -t%d -c%d -d%s --latency, Accept-Encoding: gzip, nginx (load average %s):\n",
		b.o.wrk.Threads, b.o.wrk.Connections, b.o.wrk.Duration, loadavg())
	if err := b.measure(ctx, nginxGzipOn+", before", "/article.html"); err != nil {
		return err
	}
	if err := b.measure(ctx, nginxGzipStatic, "/pre/article.html"); err != nil {
		return err
	}
	gz, err := os.ReadFile(filepath.Join(b.tmp, "nginx", "html", "pre", "article.html.gz"))
	if err != nil {
		return err
	}
	if b.bare, b.bareBase, err = startBare(ctx, b.tmp, gz); err != nil {
		return err
	}
	defer func() {
		if err := b.bare.Stop(syscall.SIGTERM, 5*time.Second); err != nil {
			fmt.Printf("warning: bare server: %v\n", err)
		}
	}()
	return b.measureAt(ctx, bareNetHTTP, b.bareBase, "/article.html", b.bare.PID())
}

// again measures gzip on once more and stops nginx.
func (b *staticBaseline) again(ctx context.Context) error {
	fmt.Println("nginx again, after the cached pages:")
	err := b.measure(ctx, nginxGzipOn+", after", "/article.html")
	b.stop()
	return err
}

func (b *staticBaseline) measure(ctx context.Context, kind, path string) error {
	return b.measureAt(ctx, kind, b.base, path, b.ng.PID())
}

// measureAt measures base+path served by the process pid.
func (b *staticBaseline) measureAt(ctx context.Context, kind, base, path string, pid int) error {
	res, others, _, err := bestOf(ctx, b.o.repeat, b.o.wrk, base+path, pid)
	if err != nil {
		return err
	}
	m := measured{page: page{kind, path}, cache: "—", conns: b.o.wrk.Connections, res: res, others: others}
	printRow(m)
	b.rows = append(b.rows, m)
	if strings.HasPrefix(kind, nginxGzipOn) {
		b.gzipOnRS = append(b.gzipOnRS, res.ReqPerSec)
	}
	return nil
}

// running reports whether nginx was started and not stopped yet.
func (b *staticBaseline) running() bool { return b.ng != nil && !b.ng.Exited() }

func (b *staticBaseline) stop() {
	if b.ng != nil && !b.ng.Exited() {
		if err := b.ng.Stop(syscall.SIGQUIT, 15*time.Second); err != nil {
			fmt.Printf("warning: nginx: %v\n", err)
		}
	}
}

// reqPerSec is the baseline: the mean of the gzip on runs.
func (b *staticBaseline) reqPerSec() float64 {
	var sum float64
	for _, v := range b.gzipOnRS {
		sum += v
	}
	return sum / float64(max(1, len(b.gzipOnRS)))
}

// spread is how far apart the gzip on runs are, relative to their mean.
func (b *staticBaseline) spread() float64 {
	if len(b.gzipOnRS) < 2 {
		return 0
	}
	return (slices.Max(b.gzipOnRS) - slices.Min(b.gzipOnRS)) / b.reqPerSec()
}

// prepare loads the corpus into the engine's database unless it already
// holds articles, and picks the URLs to measure from the store.
func prepare(ctx context.Context, e engine, n int) (data, error) {
	d := data{engine: e}
	s, err := store.Open(ctx, e.dsn)
	if err != nil {
		return d, err
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		return d, err
	}
	have, err := s.CountArticles(ctx, store.AllArticles())
	if err != nil {
		return d, err
	}
	where := e.dataDir
	if e.name == "postgres" {
		where = redactURL(e.dsn)
	}
	if have == 0 {
		fmt.Printf("loading %d articles into %s (%d a transaction) …\n", n, where, loadBatch)
		t := time.Now()
		var analyze func() error
		if e.name == "postgres" {
			// Statistics as the tables grow: without them (autovacuum may be
			// off, or not yet round) a statement prepared on the empty tables
			// keeps a plan that scans them whole, and loading slows to a crawl.
			analyze = func() error { return runSQL(ctx, e.dsn, "ANALYZE") }
		}
		if err := loadCorpus(ctx, s, n, os.Stderr, analyze); err != nil {
			return d, fmt.Errorf("load corpus: %w", err)
		}
		if e.name == "postgres" {
			if err := vacuumAnalyze(ctx, e.dsn); err != nil {
				return d, err
			}
		}
		d.loaded = time.Since(t)
		fmt.Printf("load: %d articles in %s, %.0f articles/s\n", n, d.loaded.Round(time.Millisecond), float64(n)/d.loaded.Seconds())
	} else {
		fmt.Printf("reusing %s: %d articles already loaded, loading skipped\n", where, have)
		if have != n {
			fmt.Printf("note: -n is %d but the folder holds %d articles; measuring what is there\n", n, have)
		}
	}
	if d.articles, err = s.CountArticles(ctx, store.PublishedArticles()); err != nil {
		return d, err
	}

	// The seed-like article: the newest story, as on the home page.
	newest, err := s.ListArticles(ctx, store.PublishedArticles().Limit(1))
	if err != nil {
		return d, err
	}
	if len(newest) == 0 {
		return d, errors.New("no published article to measure")
	}
	if d.article, err = s.Article(ctx, newest[0].ID); err != nil {
		return d, err
	}
	if len(d.article.Tags) == 0 {
		return d, fmt.Errorf("article %d has no tag to measure a tag page with", d.article.ID)
	}
	// The largest section, so page 50 exists in the full corpus.
	sections, err := s.Sections(ctx)
	if err != nil {
		return d, err
	}
	var section content.Section
	most := -1
	for _, sec := range sections {
		c, err := s.CountArticles(ctx, store.PublishedArticles().InSection(sec.ID))
		if err != nil {
			return d, err
		}
		if c > most {
			section, most = sec, c
		}
	}
	d.sectionID = section.ID
	pageN := min(50, max(1, (most+19)/20)) // 20 stories a page (site.perPage)
	if pageN < 50 {
		fmt.Printf("note: section %s has %d pages; measuring page %d instead of 50\n", section.Slug, (most+19)/20, pageN)
	}
	_, err = s.UserByEmail(ctx, adminEmail)
	d.adminExists = err == nil
	escape := func(p string) string { return (&url.URL{Path: p}).EscapedPath() }
	d.pages = []page{
		{"article", escape(d.article.Path())},
		{"home", "/"},
		{"section", escape(section.Path())},
		{fmt.Sprintf("section page %d", pageN), escape(section.Path()) + fmt.Sprintf("?page=%d", pageN)},
		{"tag", escape(d.article.Tags[0].Path())},
		{"feed", "/feed.xml"},
		// The content API's article list as an app asks for it: the 20
		// newest stories with bylines, tags and lead images, as JSON.
		{"API article list", "/api/v1/articles"},
	}
	if have == 0 {
		have = n
	}
	d.queries = searchQueries(have)
	for _, q := range d.queries {
		d.searches = append(d.searches, page{q.kind, "/search?" + url.Values{"q": {q.text}}.Encode()})
	}
	return d, nil
}

// articleViews opens the store and sums the stored views of an article.
func articleViews(ctx context.Context, dsn string, id int64) (int64, error) {
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	return s.TotalViews(ctx, id)
}

// measureMode starts the server with the page cache on or off, loads each
// URL with wrk, times publish-to-visible, reads the peak RSS, stops the
// server and checks the counted views. With the cache on, it first calls
// nginx with the article's HTML as served (uncompressed), and measures
// nginx again after the cached pages.
func measureMode(ctx context.Context, o options, bin, tmp string, d data, password string, cacheOn bool,
	nginx *staticBaseline) (rows []measured, mr modeResult, err error) {
	mr.cache = "off"
	if cacheOn {
		mr.cache = "on"
	}
	if mr.viewsBefore, err = articleViews(ctx, d.dsn, d.article.ID); err != nil {
		return nil, mr, err
	}
	srv, base, err := startAkhbar(ctx, bin, d.engine, tmp, cacheOn)
	if err != nil {
		return nil, mr, err
	}
	defer func() {
		if !srv.Exited() { // only on an error: the normal path stops it below
			srv.Stop(syscall.SIGTERM, 30*time.Second)
		}
	}()

	// Each URL must answer 200 itself: a redirect or a 404 would be
	// measured as a fast success (wrk counts 3xx as success), so a wrong
	// URL is the harness's failure. This also puts each page in the cache.
	client := &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	pages := slices.Concat(d.pages, d.searches)
	for _, p := range pages {
		enc := "gzip"
		if p.kind == "article" {
			enc = "identity" // the page as nginx will get it, to compress itself
		}
		code, body, err := fetch(ctx, client, base+p.path, enc)
		if err != nil {
			return nil, mr, err
		}
		switch {
		case code == http.StatusOK:
		case code == http.StatusNotFound || code/100 == 3:
			return nil, mr, fmt.Errorf("%s %s answered %d, want 200: the harness picked a wrong URL", p.kind, p.path, code)
		default:
			fmt.Printf("warning: %s %s answered %d (wrk will count errors)\n", p.kind, p.path, code)
		}
		// nginx is measured once, in the first engine's cache on run.
		if p.kind == "article" && cacheOn && nginx.ng == nil {
			if err := nginx.first(ctx, body); err != nil {
				return nil, mr, err
			}
		}
	}

	if !cacheOn {
		// A server that has been up for a while has its database
		// connections open and their statements prepared: one second of
		// each page at full load, not measured, so that the first run does
		// not measure opening them (PostgreSQL starts a process for each).
		warm := wrkSettings{Threads: o.wrk.Threads, Connections: o.wrk.Connections, Duration: time.Second}
		for _, p := range pages {
			res, _, err := runWrk(ctx, warm, base+p.path, srv.PID())
			if err != nil {
				return nil, mr, err
			}
			if p.kind == "article" {
				mr.articleReqs += res.Requests
				mr.articleRuns++
			}
		}
	}
	fmt.Printf("\n%s: wrk -t%d -c%d -d%s --latency, Accept-Encoding: gzip, cache %s (load average %s):\n",
		d.name, o.wrk.Threads, o.wrk.Connections, o.wrk.Duration, mr.cache, loadavg())
	type run struct {
		p  page
		ws wrkSettings
	}
	var runs []run
	for _, p := range pages {
		runs = append(runs, run{p, o.wrk})
	}
	if !cacheOn {
		// The latency one reader sees: one connection, one request at a time.
		one := wrkSettings{Threads: 1, Connections: 1, Duration: o.wrk.Duration}
		for _, p := range d.searches {
			runs = append(runs, run{page{p.kind + ", 1 connection", p.path}, one})
		}
	}
	for _, r := range runs {
		res, others, requests, err := bestOf(ctx, o.repeat, r.ws, base+r.p.path, srv.PID())
		if err != nil {
			return nil, mr, err
		}
		m := measured{page: r.p, engine: d.name, cache: mr.cache, conns: r.ws.Connections, res: res, others: others}
		printRow(m)
		rows = append(rows, m)
		if r.p.kind == "article" {
			mr.articleReqs += requests
			mr.articleRuns += o.repeat
		}
	}
	if cacheOn && nginx.running() {
		if err := nginx.again(ctx); err != nil {
			return nil, mr, err
		}
	}

	waitIdle(srv.PID(), time.Minute)
	nc, err := harness.SignIn(ctx, base, adminEmail, password)
	if err != nil {
		return nil, mr, err
	}
	var published []int64
	for range o.publishes {
		t, id, err := publishToVisible(ctx, nc, d.sectionID, 10*time.Second)
		if id != 0 {
			published = append(published, id)
		}
		switch {
		case errors.Is(err, errNotVisible):
			fmt.Printf("publish-to-visible: %v\n", err)
			mr.notVisible++
		case err != nil:
			return nil, mr, err
		default:
			mr.publish = append(mr.publish, t)
		}
	}
	fmt.Printf("publish-to-visible (cache %s): %s\n", mr.cache, durations(mr.publish))
	for _, id := range published {
		if err := deleteArticle(ctx, nc, id); err != nil {
			return nil, mr, err
		}
	}

	if mr.rss, err = harness.PeakRSS(srv.PID()); err != nil {
		return nil, mr, err
	}
	if err := srv.Stop(syscall.SIGTERM, 30*time.Second); err != nil {
		fmt.Printf("warning: akhbar did not stop cleanly: %v\n%s\n", err, srv.Tail(10))
	} else {
		mr.stoppedCleanly = true
	}
	if mr.viewsAfter, err = articleViews(ctx, d.dsn, d.article.ID); err != nil {
		return nil, mr, err
	}
	fmt.Printf("peak RSS %.0f MB; article views stored %d, article requests completed by wrk %d\n",
		float64(mr.rss)/(1<<20), mr.viewsAfter-mr.viewsBefore, mr.articleReqs)
	return rows, mr, nil
}

// loadavg is the 1, 5 and 15 minute load averages, to judge whether
// something else loaded the machine.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// fetch GETs url as the harness (a bot: no view is counted) with the given
// Accept-Encoding and returns the status and the body as sent.
func fetch(ctx context.Context, c *http.Client, url, encoding string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("User-Agent", harness.UA)
	req.Header.Set("Accept-Encoding", encoding)
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func printRow(m measured) {
	fmt.Printf("  %-36s cache %-3s %9.0f req/s  p50 %8s  p99 %8s  errors %d  (%d requests, %.1f KB each; other processes %.2f CPUs)\n",
		m.kind, m.cache, m.res.ReqPerSec, ms(m.res.P50), ms(m.res.P99), m.res.Errors(), m.res.Requests, m.res.BytesPerResponse()/1024, m.others)
}

func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func durations(ds []time.Duration) string {
	if len(ds) == 0 {
		return "none visible"
	}
	var parts []string
	for _, d := range ds {
		parts = append(parts, ms(d))
	}
	return fmt.Sprintf("median %s, max %s (%s)", ms(median(ds)), ms(slices.Max(ds)), strings.Join(parts, ", "))
}

// report prints the results table, the targets of issue 9 for each
// engine, and issue 15's comparisons of the engines.
func report(w io.Writer, o options, results []engineResult, nginx *staticBaseline) {
	var articles int
	for _, r := range results {
		articles = max(articles, r.d.articles)
	}
	fmt.Fprintf(w, "\n## Akhbar page speed: %d articles, wrk -t%d -c%d -d%s --latency, Accept-Encoding: gzip\n\n",
		articles, o.wrk.Threads, o.wrk.Connections, o.wrk.Duration)
	fmt.Fprintf(w, "%d CPUs shared by wrk, the server and the database server.\n", runtime.NumCPU())
	for _, r := range results {
		d := r.d
		if d.loaded > 0 {
			fmt.Fprintf(w, "- %s: loaded %d articles in %s (%.0f articles/s, %d a transaction)", d.name,
				d.articles, d.loaded.Round(time.Second), float64(d.articles)/d.loaded.Seconds(), loadBatch)
		} else {
			fmt.Fprintf(w, "- %s: data reused (loading skipped)", d.name)
		}
		fmt.Fprintf(w, "; load average before measuring: %s\n", d.loadavg)
	}
	if o.repeat > 1 {
		fmt.Fprintf(w, "- each URL ran %d times; the table shows the run with the most requests/s\n", o.repeat)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| engine | URL kind | cache | connections | req/s | p50 | p95 | p99 | errors | requests | KB/response | other CPU |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	stalled := 0
	var all []measured
	for _, r := range results {
		all = append(all, r.rows...)
	}
	for _, m := range slices.Concat(all, nginx.rows) {
		p50, p95, p99, errs := ms(m.res.P50), ms(m.res.P95), ms(m.res.P99), fmt.Sprint(m.res.Errors())
		if m.res.Requests == 0 {
			p50, p95, p99, errs = "—", "—", "—", "**no response completed**"
			stalled++
		}
		eng := m.engine
		switch {
		case m.kind == bareNetHTTP:
			eng = "Go"
		case eng == "":
			eng = "nginx"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d | %.0f | %s | %s | %s | %s | %d | %.1f | %.2f |\n", eng, m.kind, m.cache, m.conns,
			m.res.ReqPerSec, p50, p95, p99, errs, m.res.Requests, m.res.BytesPerResponse()/1024, m.others)
	}
	fmt.Fprintln(w)
	if len(results) > 0 {
		d := results[0].d
		for _, p := range d.pages {
			fmt.Fprintf(w, "- %s: `%s`\n", p.kind, p.path)
		}
		for _, q := range d.queries {
			fmt.Fprintf(w, "- %s: %s\n", q.kind, q.describe())
		}
	}
	fmt.Fprintf(w, "- nginx: the article's HTML (%d bytes) as a static file; gzip on compresses it per request, gzip_static sends a copy compressed beforehand\n", nginx.html)
	fmt.Fprintf(w, "- Go: a bare net/http handler (this program, %s) sending the gzip_static copy from memory with the page cache's headers: the least a Go server does per request\n", bareEnv)
	base := nginx.reqPerSec()
	fmt.Fprintf(w, "- other CPU: what processes other than the server and wrk used during the run (PostgreSQL's included), in CPUs (of %d)\n", runtime.NumCPU())
	fmt.Fprintf(w, "- baseline for the ratios: nginx gzip on, mean of the runs before and after the cached pages, %.0f req/s\n\n", base)
	if sp := nginx.spread(); sp > 0.2 {
		fmt.Fprintf(w, "**Warning:** the nginx runs before and after the cached pages differ by %.0f%%: something else loaded the machine meanwhile, so the ratios are rough.\n\n", sp*100)
	}

	fmt.Fprintln(w, "| target (issue 9) | measured | |")
	fmt.Fprintln(w, "|---|---|---|")
	var static, bare float64
	for _, m := range nginx.rows {
		switch m.kind {
		case nginxGzipStatic:
			static = m.res.ReqPerSec
		case bareNetHTTP:
			bare = m.res.ReqPerSec
		}
	}
	var errs int64
	for _, r := range results {
		for _, m := range r.rows {
			errs += m.res.Errors()
		}
	}
	for _, r := range results {
		d := r.d
		find := func(kind, cache string) wrkResult { return findRow(r.rows, kind, cache) }
		for _, t := range []struct {
			kind string
			want float64
		}{{"article", 1.0}, {"home", 0.9}, {"section", 0.9}} {
			got := find(t.kind, "on").ReqPerSec
			fmt.Fprintf(w, "| %s: cached %s ≥ %.1f× nginx | %.2f× (%.0f vs %.0f req/s) | %s |\n", d.name, t.kind, t.want, got/base, got, base, mark(got/base >= t.want))
		}
		var cmp []string
		for _, kind := range []string{"article", "home", "section"} {
			got := find(kind, "on").ReqPerSec
			cmp = append(cmp, fmt.Sprintf("%s %.2f×", kind, got/static))
		}
		fmt.Fprintf(w, "| %s: (for comparison, no target) cached pages vs nginx gzip_static, %.0f req/s | %s | |\n", d.name, static, strings.Join(cmp, ", "))
		if bare > 0 {
			got := find("article", "on").ReqPerSec
			fmt.Fprintf(w, "| %s: cached article within 10%% of a bare net/http handler sending the same bytes (issue 19) | %.2f× (%.0f vs %.0f req/s) | %s |\n",
				d.name, got/bare, got, bare, mark(got/bare >= 0.9))
		}
		uncached := find("article", "off")
		p99 := ms(uncached.P99)
		if uncached.Requests == 0 {
			p99 = fmt.Sprintf("no response within the %s run", o.wrk.Duration)
		}
		fmt.Fprintf(w, "| %s: uncached article p99 < 20 ms at %d connections | %s | %s |\n", d.name, o.wrk.Connections, p99,
			mark(uncached.Requests > 0 && uncached.P99 < 20*time.Millisecond))
		// Issue 19: search pages are kept per query and dropped by any
		// article change, so a common search is rendered once per change.
		for _, q := range d.queries {
			got := find(q.kind, "on")
			fmt.Fprintf(w, "| %s: %s, cached, ≥ 2,000 req/s and p99 < 50 ms at %d connections (issue 19) | %.0f req/s, p99 %s (cache off: %.0f req/s, p99 %s) | %s |\n",
				d.name, q.kind, o.wrk.Connections, got.ReqPerSec, ms(got.P99), find(q.kind, "off").ReqPerSec, ms(find(q.kind, "off").P99),
				mark(got.Requests > 0 && got.ReqPerSec >= 2000 && got.P99 < 50*time.Millisecond))
		}

		var rss, pub, views []string
		var peak int64
		var worst time.Duration
		pubOK, viewsOK := true, true
		for _, m := range r.modes {
			peak = max(peak, m.rss)
			rss = append(rss, fmt.Sprintf("%.0f MB cache %s", float64(m.rss)/(1<<20), m.cache))
			s := "cache " + m.cache + ": " + durations(m.publish)
			if m.notVisible > 0 {
				s += fmt.Sprintf(", %d not visible within 10 s", m.notVisible)
				pubOK = false
			}
			pub = append(pub, s)
			if len(m.publish) > 0 {
				worst = max(worst, slices.Max(m.publish))
			}
			v, ok := viewsVerdict(m, o.wrk.Connections*m.articleRuns)
			views = append(views, v)
			viewsOK = viewsOK && ok
		}
		fmt.Fprintf(w, "| %s: peak RSS < 250 MB (Akhbar's process) | %s | %s |\n", d.name, strings.Join(rss, "; "), mark(peak < 250<<20))
		fmt.Fprintf(w, "| %s: publish-to-visible < 100 ms (every one) | %s | %s |\n", d.name, strings.Join(pub, "; "), mark(pubOK && worst < 100*time.Millisecond))
		fmt.Fprintf(w, "| %s: views counted = requests served | %s | %s |\n", d.name, strings.Join(views, "; "), mark(viewsOK))
	}
	e := fmt.Sprintf("%d on Akhbar", errs)
	if stalled > 0 {
		e += fmt.Sprintf(", and %d run(s) with no response at all", stalled)
	}
	var ngErrs int64
	for _, m := range nginx.rows {
		ngErrs += m.res.Errors()
	}
	fmt.Fprintf(w, "| zero errors | %s; %d on nginx | %s |\n", e, ngErrs, mark(errs == 0 && stalled == 0))
	reportEngines(w, o, results)
	fmt.Fprintf(w, "\nwrk's figures cover the responses it read: when its time is up it drops the requests still in flight\n"+
		"(one per connection, at most %d a run), so a response slower than the run is in no percentile, and the views\n"+
		"the server counted for them make views stored = wrk's requests + 0…%d a run: \"equal\" at the resolution wrk reports.\n"+
		"With the cache off, each page first ran for a second, unmeasured, to open and prepare database connections.\n",
		o.wrk.Connections, o.wrk.Connections)
}

// reportEngines prints issue 15's targets: PostgreSQL's uncached pages
// within 1.5× SQLite's p99, search p95 under 20 ms for one reader, and
// PostgreSQL's search throughput for the most common word at least
// SQLite's. Comparisons need both engines; the search latency target is
// shown for whichever ran.
func reportEngines(w io.Writer, o options, results []engineResult) {
	var lite, pg *engineResult
	for i := range results {
		switch results[i].d.name {
		case "sqlite":
			lite = &results[i]
		case "postgres":
			pg = &results[i]
		}
	}
	fmt.Fprintln(w, "\n| target (issue 15) | measured | |")
	fmt.Fprintln(w, "|---|---|---|")
	if lite != nil && pg != nil {
		for _, kind := range []string{"article", "home", "section"} {
			l, p := findRow(lite.rows, kind, "off"), findRow(pg.rows, kind, "off")
			ratio := float64(p.P99) / float64(l.P99)
			fmt.Fprintf(w, "| uncached %s p99: PostgreSQL ≤ 1.5× SQLite | %s vs %s (%.2f×); req/s %.0f vs %.0f | %s |\n",
				kind, ms(p.P99), ms(l.P99), ratio, p.ReqPerSec, l.ReqPerSec, mark(l.Requests > 0 && p.Requests > 0 && ratio <= 1.5))
		}
	}
	for _, kind := range []string{searchWord, searchWords, searchPhrase} {
		var got []string
		var verdict []string
		allOK := true
		for _, r := range results {
			res := findRow(r.rows, kind+", 1 connection", "off")
			ok := res.Requests > 0 && res.P95 > 0 && res.P95 < 20*time.Millisecond
			allOK = allOK && ok
			got = append(got, fmt.Sprintf("%s %s (p50 %s, p99 %s)", r.d.name, ms(res.P95), ms(res.P50), ms(res.P99)))
			verdict = append(verdict, r.d.name+" "+mark(ok))
		}
		v := mark(allOK)
		if !allOK && len(results) > 1 {
			v = strings.Join(verdict, ", ")
		}
		fmt.Fprintf(w, "| %s: p95 < 20 ms, one connection | %s | %s |\n", kind, strings.Join(got, "; "), v)
	}
	if lite != nil && pg != nil {
		l, p := findRow(lite.rows, searchWord, "off"), findRow(pg.rows, searchWord, "off")
		fmt.Fprintf(w, "| %s, %d connections: PostgreSQL req/s ≥ SQLite | %.0f vs %.0f (%.2f×); p95 %s vs %s | %s |\n",
			searchWord, o.wrk.Connections, p.ReqPerSec, l.ReqPerSec, p.ReqPerSec/l.ReqPerSec, ms(p.P95), ms(l.P95),
			mark(p.Requests > 0 && p.ReqPerSec >= l.ReqPerSec))
	}
}

// findRow is the run of one URL kind with the cache on or off.
func findRow(rows []measured, kind, cache string) wrkResult {
	for _, m := range rows {
		if m.kind == kind && m.cache == cache {
			return m.res
		}
	}
	return wrkResult{}
}

func mark(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// viewsVerdict compares the views stored during one server run with the
// article requests wrk completed: equal up to the requests in flight when
// wrk stopped, at most one per connection and run.
func viewsVerdict(m modeResult, connections int) (string, bool) {
	counted := m.viewsAfter - m.viewsBefore
	diff := counted - m.articleReqs
	v := fmt.Sprintf("cache %s: %d views stored, %d requests completed", m.cache, counted, m.articleReqs)
	ok := m.stoppedCleanly && diff >= 0 && diff <= int64(connections) && m.articleReqs > 0
	switch {
	case m.articleReqs == 0:
		v += " (no response completed: nothing to compare)"
	case diff == 0:
	case ok:
		v += fmt.Sprintf(" + %d in flight when wrk stopped", diff)
	case diff < 0:
		v += fmt.Sprintf(" (%d views lost)", -diff)
	case diff > int64(connections):
		v += fmt.Sprintf(" (%+d: more than the requests in flight can explain)", diff)
	}
	if !m.stoppedCleanly {
		v += ", server did not stop cleanly"
	}
	return v, ok
}
