// Command search measures Akhbar's full-text search on a generated
// corpus: how long loading and indexing take, and query latency (p50, p95,
// p99) for a mix of queries, on SQLite and, given a URL, PostgreSQL.
//
//	go run ./bench/search -n 100000                      # SQLite in a temp folder
//	go run ./bench/search -n 100000 -postgres postgres://postgres@127.0.0.1:5432/test?sslmode=disable
//	go run ./bench/search -reuse -sqlite /tmp/akhbar-100k/akhbar.db \
//	    -postgres 'postgres://postgres@127.0.0.1:5432/akhbar_bench?sslmode=disable'
//
// The last form queries corpora loaded earlier (by bench/http with -dir
// and -postgres) in place, without loading. Figures from this machine are
// in docs/search.md.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	_ "github.com/jackc/pgx/v5/stdlib"

	"akhbar/bench/corpus"
	"akhbar/internal/content"
	"akhbar/internal/progress"
	"akhbar/internal/search"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

func main() {
	n := flag.Int("n", 100000, "articles in the corpus")
	queries := flag.Int("queries", 200, "queries per kind")
	dir := flag.String("dir", "", "folder for the SQLite file (default: a temporary folder, removed after)")
	flag.StringVar(&sqliteFile, "sqlite", "", "SQLite file to use instead of DIR/bench.db")
	pg := flag.String("postgres", "", "PostgreSQL URL: also measure PostgreSQL (a private schema is created and dropped; with -reuse, a database already holding the corpus is queried in place)")
	skipSQLite := flag.Bool("skip-sqlite", false, "measure PostgreSQL only")
	flag.BoolVar(&reuse, "reuse", false, "with -dir: query a corpus loaded by an earlier run instead of loading it again")
	flag.Parse()
	ctx := context.Background()
	if err := run(ctx, *n, *queries, *dir, *pg, *skipSQLite); err != nil {
		fmt.Fprintln(os.Stderr, "bench/search:", err)
		os.Exit(1)
	}
}

// reuse skips loading when the database already holds the corpus.
var reuse bool

// sqliteFile, if set, is the SQLite database to use.
var sqliteFile string

func run(ctx context.Context, n, perKind int, dir, pg string, skipSQLite bool) error {
	mix := queryMix(n, perKind)
	if !skipSQLite {
		if dir == "" {
			tmp, err := os.MkdirTemp("", "akhbar-search-bench")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			dir = tmp
		}
		file := sqliteFile
		if file == "" {
			file = filepath.Join(dir, "bench.db")
		}
		s, err := store.Open(ctx, file)
		if err != nil {
			return err
		}
		err = measure(ctx, s, "SQLite", n, mix)
		s.Close()
		if err != nil {
			return err
		}
	}
	if pg != "" {
		dsn := pg
		if !reuse || !holdsCorpus(ctx, pg, n) {
			var drop func()
			var err error
			if dsn, drop, err = privateSchema(ctx, pg); err != nil {
				return err
			}
			defer drop()
		}
		s, err := store.Open(ctx, dsn)
		if err != nil {
			return err
		}
		defer s.Close()
		if err := measure(ctx, s, "PostgreSQL", n, mix); err != nil {
			return err
		}
	}
	return nil
}

// measure loads the corpus into s, rebuilds the index once more to time
// indexing alone, and runs the query mix.
func measure(ctx context.Context, s *store.Store, engine string, n int, mix []query) error {
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	fmt.Printf("## %s, %d articles\n\n", engine, n)
	if have, err := s.CountArticles(ctx, store.AllArticles()); err == nil && reuse && have == n {
		sections := map[string]int64{}
		list, err := s.Sections(ctx)
		if err != nil {
			return err
		}
		for _, sec := range list {
			sections[sec.Slug] = sec.ID
		}
		return runQueries(ctx, s, engine, sections, mix)
	}
	start := time.Now()
	sections, err := corpus.Load(ctx, s, n, os.Stderr)
	if err != nil {
		return err
	}
	load := time.Since(start)
	fmt.Printf("load (articles, revisions and index, one transaction each): %s, %.0f articles/s\n",
		load.Round(time.Millisecond), float64(n)/load.Seconds())

	start = time.Now()
	bar := progress.New(os.Stderr, "reindex", "articles", n)
	err = s.Reindex(ctx, bar.Set)
	bar.Finish()
	if err != nil {
		return err
	}
	idx := time.Since(start)
	fmt.Printf("reindex (index alone, batches of 500): %s, %.0f articles/s\n\n", idx.Round(time.Millisecond), float64(n)/idx.Seconds())

	return runQueries(ctx, s, engine, sections, mix)
}

// runQueries runs the mix once to warm caches, then again measuring each
// query, and prints the latency table.
func runQueries(ctx context.Context, s *store.Store, engine string, sections map[string]int64, mix []query) error {
	// Warm the caches as a running server would be.
	for _, q := range mix[:min(len(mix), 50)] {
		if _, _, err := s.Search(ctx, q.find(sections)); err != nil {
			return err
		}
	}
	byKind := map[string][]time.Duration{}
	results := map[string]int{}
	var kinds []string
	for _, q := range mix {
		t := time.Now()
		_, total, err := s.Search(ctx, q.find(sections))
		if err != nil {
			return fmt.Errorf("%s query %q: %w", engine, q.text, err)
		}
		d := time.Since(t)
		if _, ok := byKind[q.kind]; !ok {
			kinds = append(kinds, q.kind)
		}
		byKind[q.kind] = append(byKind[q.kind], d)
		results[q.kind] += total
	}
	fmt.Println("| queries | count | mean matches | p50 | p95 | p99 | max |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|")
	var all []time.Duration
	for _, k := range kinds {
		ds := byKind[k]
		all = append(all, ds...)
		printRow(k, ds, results[k]/len(ds))
	}
	printRow("all", all, -1)
	fmt.Println()
	return nil
}

func printRow(kind string, ds []time.Duration, meanMatches int) {
	slices.Sort(ds)
	pct := func(p float64) string {
		i := min(len(ds)-1, int(float64(len(ds))*p))
		return fmt.Sprintf("%.1f ms", float64(ds[i].Microseconds())/1000)
	}
	mm := ""
	if meanMatches >= 0 {
		mm = fmt.Sprint(meanMatches)
	}
	fmt.Printf("| %s | %d | %s | %s | %s | %s | %s |\n", kind, len(ds), mm, pct(.50), pct(.95), pct(.99), pct(1))
}

// query is one search of the mix.
type query struct {
	kind    string
	text    string
	section string // slug, for the section-filter kind
}

func (q query) find(sections map[string]int64) store.SearchQuery {
	return store.SearchQuery{Query: search.Parse(q.text), Status: content.StatusPublished,
		SectionID: sections[q.section], Page: 1, Per: 20}
}

// queryMix draws queries from the corpus itself, deterministically: words
// picked from random articles' headlines and bodies, so common words come
// up as often as readers would type them and rare ones appear too.
func queryMix(n, perKind int) []query {
	g := corpus.Generator{Seed: 1}
	r := rand.New(rand.NewPCG(7, 11))
	words := func(a corpus.Article) []string {
		var out []string
		for _, w := range urdu.Tokens(a.Headline + " " + a.BodyText) {
			if !urdu.IsStopWord(urdu.Fold(w)) && utf8.RuneCountInString(w) >= 3 {
				out = append(out, w)
			}
		}
		return out
	}
	pick := func() []string {
		for {
			if ws := words(g.Article(r.IntN(n))); len(ws) >= 2 {
				return ws
			}
		}
	}
	var mix []query
	secs := corpus.Sections()
	for range perKind {
		ws := pick()
		mix = append(mix, query{kind: "one word", text: ws[r.IntN(len(ws))] + " "})
		ws = pick()
		i := r.IntN(len(ws) - 1)
		mix = append(mix, query{kind: "two words", text: ws[i] + " " + ws[i+1] + " "})
		ws = pick()
		i = r.IntN(len(ws) - 1)
		mix = append(mix, query{kind: "phrase", text: `"` + ws[i] + " " + ws[i+1] + `"`})
		ws = pick()
		w := []rune(ws[r.IntN(len(ws))])
		mix = append(mix, query{kind: "typing (prefix of 3 letters)", text: string(w[:3])})
		ws = pick()
		mix = append(mix, query{kind: "word + section", text: ws[r.IntN(len(ws))] + " ", section: secs[r.IntN(len(secs))].Slug})
		ws = pick()
		rare := ws[0]
		for _, w := range ws {
			if len(w) > len(rare) {
				rare = w
			}
		}
		mix = append(mix, query{kind: "three words", text: strings.Join([]string{ws[0], ws[len(ws)/2], rare}, " ") + " "})
	}
	// Interleave kinds as a real query stream would.
	r.Shuffle(len(mix), func(i, j int) { mix[i], mix[j] = mix[j], mix[i] })
	return mix
}

// holdsCorpus reports whether the database at dsn holds n articles.
func holdsCorpus(ctx context.Context, dsn string, n int) bool {
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return false
	}
	defer s.Close()
	have, err := s.CountArticles(ctx, store.AllArticles())
	return err == nil && have == n
}

// privateSchema creates a schema for one run and returns a URL that uses
// it and a function that drops it.
func privateSchema(ctx context.Context, base string) (string, func(), error) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	schema := fmt.Sprintf("akhbar_bench_%d", os.Getpid())
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("postgres: %w", err)
	}
	drop := func() { db.Exec("DROP SCHEMA " + schema + " CASCADE"); db.Close() }
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
