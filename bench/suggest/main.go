// Command suggest measures what issue 21's Roman Urdu and "did you mean"
// cost on a generated corpus: loading the index's vocabulary, finding the
// nearest words for a mistyped word, and a Latin query searched with its
// Urdu readings against the Urdu query alone.
//
//	go run ./bench/suggest -n 100000 -dir /tmp/akhbar-100k    # loads the corpus once, then reuses it
//	go run ./bench/suggest -n 100000 -postgres 'postgres://postgres@127.0.0.1:5432/akhbar_bench?sslmode=disable'
//
// Figures from this machine are in docs/search.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"akhbar/bench/corpus"
	"akhbar/internal/content"
	"akhbar/internal/search"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

func main() {
	n := flag.Int("n", 100000, "articles in the corpus")
	dir := flag.String("dir", "", "folder for the SQLite file (kept, and reused when it holds n articles)")
	pg := flag.String("postgres", "", "PostgreSQL URL to measure instead of SQLite (loaded when it holds fewer than n articles)")
	flag.Parse()
	ctx := context.Background()
	dsn := *pg
	if dsn == "" {
		if *dir == "" {
			fmt.Fprintln(os.Stderr, "bench/suggest: give -dir or -postgres")
			os.Exit(2)
		}
		dsn = filepath.Join(*dir, "bench.db")
	}
	if err := run(ctx, dsn, *n); err != nil {
		fmt.Fprintln(os.Stderr, "bench/suggest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dsn string, n int) error {
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	have, err := s.CountArticles(ctx, store.AllArticles())
	if err != nil {
		return err
	}
	if have < n {
		start := time.Now()
		if _, err := corpus.Load(ctx, s, n-have, os.Stderr); err != nil {
			return err
		}
		fmt.Printf("loaded %d articles in %s\n", n-have, time.Since(start).Round(time.Second))
	}
	s.Close()
	fmt.Printf("## %s, %d articles\n\n", s.Engine(), n)

	// Vocabulary: each load on a fresh store, whose cache is empty.
	var loads []time.Duration
	var v *store.Vocabulary
	for range 3 {
		s, err := store.Open(ctx, dsn)
		if err != nil {
			return err
		}
		start := time.Now()
		v, err = s.Vocabulary(ctx)
		loads = append(loads, time.Since(start))
		s.Close()
		if err != nil {
			return err
		}
	}
	slices.Sort(loads)
	fmt.Printf("vocabulary load: %d words; three loads %v\n\n", v.Len(), loads)

	// Near: words of the vocabulary with one slip or one typo.
	words := vocabularySample(v, 400)
	rng := rand.New(rand.NewPCG(1, 2))
	var slips, typos []time.Duration
	found := 0
	for i, w := range words {
		typed := misspell(w, i%2 == 0, rng)
		start := time.Now()
		got := v.Near(typed, 2*urdu.EditCost, 3)
		d := time.Since(start)
		if i%2 == 0 {
			slips = append(slips, d)
		} else {
			typos = append(typos, d)
		}
		if len(got) > 0 && got[0].Word == w {
			found++
		}
	}
	fmt.Println("| Near (limit 2 edits, 3 words) | count | p50 | p95 | max |")
	fmt.Println("|---|---:|---:|---:|---:|")
	row("ی/ے or ہ/ھ slip", slips)
	row("one ordinary typo", typos)
	fmt.Printf("\nthe intended word came first for %d of %d\n\n", found, len(words))

	// Roman Urdu: a Latin query costs its readings' searches too.
	s, err = store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Println("| query | searches | Urdu alone | with Roman readings |")
	fmt.Println("|---|---:|---:|---:|")
	for _, latin := range []string{"pakistan", "karachi barish", "imran khan", "wazir e azam", "lahore", "islamabad"} {
		readings := urdu.ReadRoman(latin, 2)
		if len(readings) == 0 {
			continue
		}
		var b strings.Builder
		for _, sp := range readings[0] {
			b.WriteString(sp.Text)
		}
		urduQ := b.String()
		runs := []string{latin}
		for _, r := range readings {
			var b strings.Builder
			for _, sp := range r {
				b.WriteString(sp.Text)
			}
			runs = append(runs, b.String())
		}
		alone := timeSearches(ctx, s, []string{urduQ})
		all := timeSearches(ctx, s, runs)
		fmt.Printf("| %s → %s | %d | %.1f ms | %.1f ms |\n", latin, urduQ, len(runs),
			float64(alone.Microseconds())/1000, float64(all.Microseconds())/1000)
	}
	return nil
}

// timeSearches returns the median over 20 rounds of running every query
// once, as page 1 of a reader's search.
func timeSearches(ctx context.Context, s *store.Store, qs []string) time.Duration {
	var ds []time.Duration
	for range 21 {
		start := time.Now()
		for _, q := range qs {
			sq := store.SearchQuery{Query: search.Parse(q + " "), Status: content.StatusPublished, Per: 20}
			if _, _, err := s.Search(ctx, sq); err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// vocabularySample picks n words of four or more letters, in a fixed order.
func vocabularySample(v *store.Vocabulary, n int) []string {
	var out []string
	for _, w := range v.Words() {
		if len([]rune(w)) >= 4 && urdu.IsUrdu([]rune(w)[0]) {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	rng := rand.New(rand.NewPCG(3, 4))
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out[:min(n, len(out))]
}

// misspell makes a slip (ی→ے, ہ→ھ and back) when there is one to make, or
// replaces one letter.
func misspell(w string, slip bool, rng *rand.Rand) string {
	rs := []rune(w)
	if slip {
		for i, r := range rs {
			swap := map[rune]rune{'ی': 'ے', 'ے': 'ی', 'ہ': 'ھ', 'ھ': 'ہ'}
			if to, ok := swap[r]; ok {
				rs[i] = to
				return string(rs)
			}
		}
	}
	letters := []rune("ابپتٹجچحخدڈرزسشکگلمنوہیے")
	i := rng.IntN(len(rs))
	for {
		if r := letters[rng.IntN(len(letters))]; r != rs[i] {
			rs[i] = r
			return string(rs)
		}
	}
}

func row(name string, ds []time.Duration) {
	slices.Sort(ds)
	pct := func(p float64) string {
		i := min(len(ds)-1, int(float64(len(ds))*p))
		return fmt.Sprintf("%.2f ms", float64(ds[i].Microseconds())/1000)
	}
	fmt.Printf("| %s | %d | %s | %s | %s |\n", name, len(ds), pct(.5), pct(.95), pct(1))
}
