// Package corpus generates a large, realistic Urdu news corpus for
// benchmarks: search selectivity and page speed only mean something over
// many different articles with a real vocabulary, not one story repeated.
//
// Generation is deterministic: Generator.Article(i) is a pure function of the
// generator's fields and i, so a benchmark can build article 73,412 alone,
// in any order or from many goroutines, and always get the same story.
// Words follow a Zipf distribution over a vocabulary of ~14,000 real Urdu
// words (very common postpositions, a long tail of rare words), mixed with
// section topic words, places, people, Latin acronyms and numbers in both
// ASCII and Urdu digits. The text is grammatical only in its fragments: it is
// meant for indexes and templates, not for readers.
package corpus

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"
)

// Article is one generated story; plain data, no dependency on other packages.
type Article struct {
	Index                         int       // 0-based
	Section                       string    // section slug, one of Sections()
	Headline                      string    // 6–14 Urdu words, no final full stop
	Strapline                     string    // 12–25 words
	DatelineSource, DatelinePlace string    // e.g. "نیوز ڈیسک", "لاہور"; columns have no place
	BodyHTML                      string    // <p> paragraphs and some <h2> subheadings, text HTML-escaped
	BodyText                      string    // the same text as plain text, blocks separated by "\n\n"
	Tags                          []string  // 1–4 Urdu tag names from a fixed pool of ~300
	Author                        int       // 0..len(Authors())-1
	PublishedAt                   time.Time // in the 3 years before the generator's End, increasing with Index, UTC, whole seconds
}

// Section is a news section: URL slug and Urdu name.
type Section struct{ Slug, Name string }

// Sections returns the corpus sections, in a fixed order.
func Sections() []Section {
	t := sectionTable()
	s := make([]Section, len(t))
	for i, x := range t {
		s[i] = Section{x.slug, x.name}
	}
	return s
}

// Authors returns the author names; Article.Author indexes this list.
func Authors() []string {
	return append([]string(nil), loadVocab().authors...)
}

// spread is the corpus size the publication times are laid out for:
// articles 0..spread-1 fill the three years before End evenly, one every
// ~16 minutes, so a benchmark of 100,000 articles sees a realistic
// publishing rate and archive depth.
const spread = 100_000

// Generator generates articles. The zero value is ready to use.
//
// Publication times are laid out for a corpus of 100,000 articles: article
// i is published about i×16 minutes after End minus three years, so the
// first 100,000 fill the window and the last is minutes before End. A
// smaller corpus covers only the start of the window; articles past 100,000
// keep the same pace and fall after End. (Article i cannot know how many
// articles the caller will take, and must not depend on it.)
type Generator struct {
	Seed int64     // different seeds give different corpora
	End  time.Time // end of the publication window; zero means 2026-11-01 00:00 UTC
}

// Each calls fn with articles 0..n-1 in order and stops at the first error,
// which it returns. Articles are generated ahead on up to GOMAXPROCS
// goroutines, so generation overlaps with fn (a database insert, say) and a
// large corpus takes a fraction of the sequential time; fn itself is only
// ever called from the calling goroutine.
func (g Generator) Each(n int, fn func(Article) error) error {
	workers := min(runtime.GOMAXPROCS(0), 8)
	if workers < 2 || n < 64 {
		for i := range n {
			if err := fn(g.Article(i)); err != nil {
				return err
			}
		}
		return nil
	}
	// Worker k builds articles k, k+workers, ... into its own channel;
	// reading the channels round-robin restores index order.
	done := make(chan struct{})
	var wg sync.WaitGroup
	defer func() {
		close(done) // stop the workers on an error or a panic in fn
		wg.Wait()
	}()
	out := make([]chan Article, workers)
	for k := range out {
		out[k] = make(chan Article, 16)
		wg.Go(func() {
			for i := k; i < n; i += workers {
				select {
				case out[k] <- g.Article(i):
				case <-done:
					return
				}
			}
		})
	}
	for i := range n {
		if err := fn(<-out[i%workers]); err != nil {
			return err
		}
	}
	return nil
}

// Article returns article i. It depends only on g and i, never on other
// articles, and is safe for concurrent use. It panics if i is negative.
func (g Generator) Article(i int) Article {
	if i < 0 {
		panic(fmt.Sprintf("corpus: negative article index %d", i))
	}
	v := loadVocab()
	// All text of the article is written into one scratch buffer on the
	// stack and copied out as a single string, so an article costs two
	// allocations (the text and the tags): on a busy machine, fresh memory
	// costs more than generating the words.
	var scratch [16 << 10]byte
	buf := scratch[:0]
	b := builder{v: v}
	r := &b.r
	r.seed(g.Seed, i)

	b.sec = v.sectionPick.sample(r)
	a := Article{Index: i, Section: v.sections[b.sec].slug}
	a.Author = v.authorPick.sample(r)
	src := v.sources[b.sec]
	a.DatelineSource = src[r.intn(len(src))]
	switch {
	case a.Section == "opinion":
		// Columns carry no place in their dateline, as in the demo data.
	case a.Section == "international" && r.intn(10) < 8:
		a.DatelinePlace = v.placesWorld[v.worldPick.sample(r)]
	default:
		a.DatelinePlace = v.placesPK[v.placePKPick.sample(r)]
	}
	a.PublishedAt = g.publishedAt(i, r)

	buf = b.headline(buf, 6+r.intn(5)+r.intn(5))
	strap := len(buf)
	buf = b.strapline(buf, 12+r.intn(7)+r.intn(8))
	text := len(buf)
	buf, html := b.body(buf)
	all := string(buf)
	a.Headline, a.Strapline = all[:strap], all[strap:text]
	a.BodyText, a.BodyHTML = all[text:html], all[html:]
	a.Tags = pickTags(v, r, b.sec, a.DatelinePlace)
	return a
}

// publishedAt gives article i a time inside its own slot of the window, so
// times increase strictly with i without looking at other articles.
func (g Generator) publishedAt(i int, r *rng) time.Time {
	end := g.End
	if end.IsZero() {
		end = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	}
	end = end.UTC().Truncate(time.Second)
	start := end.AddDate(-3, 0, 0)
	window := int64(end.Sub(start) / time.Second)
	slot := func(k int64) int64 { return k/spread*window + k%spread*window/spread }
	lo, hi := slot(int64(i)), slot(int64(i)+1)
	return start.Add(time.Duration(lo+int64(r.intn(int(hi-lo)))) * time.Second)
}

// rng wraps a PCG source directly: one article draws ~1,000 numbers, and
// calling the source without an interface keeps that cheap.
type rng struct{ src rand.PCG }

// seed derives the PCG state from (seed, i) through SplitMix64, so that
// neighbouring indexes start far apart rather than on correlated streams.
func (r *rng) seed(seed int64, i int) {
	a := mix64(uint64(seed) ^ 0x6a09e667f3bcc909)
	b := mix64(uint64(i) + mix64(uint64(seed)+0x9e3779b97f4a7c15))
	r.src.Seed(a, b)
}

func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n) by multiply-shift (bias below n/2^64).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.src.Uint64(), uint64(n))
	return int(hi)
}
