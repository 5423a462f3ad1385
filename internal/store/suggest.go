package store

import (
	"cmp"
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"akhbar/internal/search"
	"akhbar/internal/urdu"
)

// "Did you mean" (issue 21, point 4) suggests words from the index's own
// vocabulary, so a suggestion is always a word some article holds. Reading
// the vocabulary costs a walk over the whole index (FTS5's fts5vocab,
// PostgreSQL's ts_stat over every tsvector), far too much for one search,
// so it is read at most every vocabularyMaxAge and kept in memory; a stale
// copy serves while a fresh one loads. A word missing for a few minutes
// costs a suggestion, never a wrong result: the caller searches a
// suggestion before offering it.

// vocabularyMaxAge is how long a loaded vocabulary serves before a
// reload starts (in the background; the old one serves meanwhile).
var vocabularyMaxAge = 10 * time.Minute

// vocabularyLoadTime bounds one load, which runs detached from the
// search that started it so that a reader's time limit does not waste it.
const vocabularyLoadTime = time.Minute

// Vocabulary is the index's words, each with the number of articles (in
// any state) holding it. It is never changed once loaded.
type Vocabulary struct {
	docs     map[string]int
	byLength map[int][][]rune // words by rune count
	loaded   time.Time
}

// Docs returns how many articles hold the folded word.
func (v *Vocabulary) Docs(word string) int { return v.docs[word] }

// Len returns the number of words.
func (v *Vocabulary) Len() int { return len(v.docs) }

// Suggestion is a word of the index near a query word.
type Suggestion struct {
	Word     string
	Distance int // urdu.SpellingDistance, in tenths of an edit
	Docs     int
}

// Near returns up to n words of the vocabulary within limit of the folded
// word (urdu.SpellingDistance), nearest first, then the more common
// first. The word itself is left out.
func (v *Vocabulary) Near(word string, limit, n int) []Suggestion {
	typed := []rune(word)
	var out []Suggestion
	var dc urdu.Distancer
	reach := limit / urdu.EditCost
	for l := max(1, len(typed)-reach); l <= len(typed)+reach; l++ {
		for _, w := range v.byLength[l] {
			if d := dc.Distance(typed, w, limit); d <= limit && d > 0 {
				s := string(w)
				if s != word {
					out = append(out, Suggestion{Word: s, Distance: d, Docs: v.docs[s]})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b Suggestion) int {
		if a.Distance != b.Distance {
			return a.Distance - b.Distance
		}
		if a.Docs != b.Docs {
			return b.Docs - a.Docs
		}
		return strings.Compare(a.Word, b.Word)
	})
	return out[:min(n, len(out))]
}

// vocabularyCache holds the store's loaded vocabulary and its one load
// in progress.
type vocabularyCache struct {
	mu      sync.Mutex
	v       *Vocabulary
	loading chan struct{} // closed when the running load ends; nil when none runs
	err     error         // the last load's error
}

// Vocabulary returns the index's vocabulary, loading it the first time
// (waiting at most until ctx ends: the load goes on for the next caller)
// and reloading it in the background once it is older than
// vocabularyMaxAge.
func (s *Store) Vocabulary(ctx context.Context) (*Vocabulary, error) {
	c := &s.vocab
	c.mu.Lock()
	v, loading := c.v, c.loading
	if loading == nil && (v == nil || time.Since(v.loaded) > vocabularyMaxAge) {
		loading = make(chan struct{})
		c.loading = loading
		go s.loadVocabulary(loading)
	}
	c.mu.Unlock()
	if v != nil {
		return v, nil
	}
	select {
	case <-loading:
	case <-ctx.Done():
		return nil, fmt.Errorf("store: vocabulary: %w", ctx.Err())
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v == nil {
		return nil, c.err
	}
	return c.v, nil
}

// loadVocabulary reads the vocabulary into the cache and closes done.
func (s *Store) loadVocabulary(done chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), vocabularyLoadTime)
	defer cancel()
	v, err := s.readVocabulary(ctx)
	c := &s.vocab
	c.mu.Lock()
	if err == nil {
		c.v = v
	}
	c.err = err
	c.loading = nil
	c.mu.Unlock()
	close(done)
}

// readVocabulary reads every word of the index and its article count:
// headlines, straplines, bodies and labels, not the state and section
// tokens SQLite keeps in its meta column, nor the derived forms search
// indexes after the words. Numbers are left out: a suggestion that
// changes a number changes the news.
func (s *Store) readVocabulary(ctx context.Context) (*Vocabulary, error) {
	var q string
	if s.engine == SQLite {
		// A temporary fts5vocab table lives on one connection: create it
		// and read it on the same one, a reader (no write waits for it).
		// Readers are query_only, which forbids even temporary tables, so
		// the pragma is lifted while it is created and put back after; a
		// connection that cannot be put back is thrown away.
		conn, err := s.read.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("store: vocabulary: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
			return nil, fmt.Errorf("store: vocabulary: %w", err)
		}
		_, err = conn.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab
			USING fts5vocab(main, search_index, col)`)
		if _, perr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA query_only = 1`); perr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
			err = cmp.Or(err, perr)
		}
		if err != nil {
			return nil, fmt.Errorf("store: vocabulary: %w", err)
		}
		q = `SELECT term, max(doc) FROM temp.search_vocab WHERE col <> 'meta' GROUP BY term`
		rows, err := conn.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("store: vocabulary: %w", err)
		}
		return scanVocabulary(rows)
	}
	q = `SELECT word, ndoc FROM ts_stat('SELECT doc FROM article_search')`
	rows, err := s.query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: vocabulary: %w", err)
	}
	return scanVocabulary(rows)
}

// rowScanner is the part of *sql.Rows scanVocabulary needs.
type rowScanner interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}

func scanVocabulary(rows rowScanner) (*Vocabulary, error) {
	defer rows.Close()
	v := &Vocabulary{docs: map[string]int{}, byLength: map[int][][]rune{}, loaded: time.Now()}
	for rows.Next() {
		var word string
		var docs int
		if err := rows.Scan(&word, &docs); err != nil {
			return nil, fmt.Errorf("store: vocabulary: %w", err)
		}
		if !strings.ContainsFunc(word, unicode.IsLetter) || search.IsDerived(word) {
			continue
		}
		v.docs[word] = docs
		rs := []rune(word)
		v.byLength[len(rs)] = append(v.byLength[len(rs)], rs)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: vocabulary: %w", err)
	}
	return v, nil
}

// Words returns every word of the vocabulary, in no particular order.
func (v *Vocabulary) Words() []string {
	out := make([]string, 0, len(v.docs))
	for w := range v.docs {
		out = append(out, w)
	}
	return out
}
