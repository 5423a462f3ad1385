package corpus

import (
	"errors"
	"html"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestArticleIsPureFunctionOfIndex(t *testing.T) {
	g := Generator{Seed: 42}
	want := make([]Article, 300)
	for i := range want {
		want[i] = g.Article(i)
	}
	// Backwards: no state carries over from one call to the next.
	for i := len(want) - 1; i >= 0; i-- {
		if got := g.Article(i); !reflect.DeepEqual(got, want[i]) {
			t.Fatalf("Article(%d) differs on a second call", i)
		}
	}
	// From several goroutines at once.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []int
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(want); i += 4 {
				if !reflect.DeepEqual(g.Article(i), want[i]) {
					mu.Lock()
					bad = append(bad, i)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("concurrent Article differs for %v", bad)
	}
	// A fresh generator value with the same fields gives the same corpus.
	if got := (Generator{Seed: 42}).Article(123); !reflect.DeepEqual(got, want[123]) {
		t.Fatal("same Seed, different article")
	}
	if got := (Generator{Seed: 43}).Article(123); got.BodyText == want[123].BodyText {
		t.Fatal("different Seed, same body")
	}
	// End moves the times only.
	moved := Generator{Seed: 42, End: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}.Article(123)
	if moved.PublishedAt.Equal(want[123].PublishedAt) {
		t.Fatal("End does not move PublishedAt")
	}
	moved.PublishedAt = want[123].PublishedAt
	if !reflect.DeepEqual(moved, want[123]) {
		t.Fatal("End changes more than PublishedAt")
	}
}

func TestEachMatchesArticle(t *testing.T) {
	g := Generator{Seed: 7}
	for _, n := range []int{0, 10, 500} { // below and above the parallel threshold
		var got []Article
		if err := g.Each(n, func(a Article) error {
			got = append(got, a)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("Each(%d) gave %d articles", n, len(got))
		}
		for i, a := range got {
			if a.Index != i || !reflect.DeepEqual(a, g.Article(i)) {
				t.Fatalf("Each(%d): article %d differs from Article(%d)", n, i, i)
			}
		}
	}
	var sixth Article
	k := 0
	g.Each(6, func(a Article) error {
		k++
		sixth = a
		return nil
	})
	if k != 6 || !reflect.DeepEqual(sixth, g.Article(5)) {
		t.Fatal("Article(5) is not the 6th article from Each")
	}
}

func TestEachStopsAtError(t *testing.T) {
	stop := errors.New("stop")
	for _, n := range []int{50, 5000} {
		calls := 0
		err := Generator{}.Each(n, func(a Article) error {
			calls++
			if a.Index == 20 {
				return stop
			}
			return nil
		})
		if err != stop || calls != 21 {
			t.Fatalf("Each(%d): err %v after %d calls, want %v after 21", n, err, calls, stop)
		}
	}
}

func TestNegativeIndexPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Article(-1) did not panic")
		}
	}()
	Generator{}.Article(-1)
}

func TestPublishedAt(t *testing.T) {
	pkt := time.FixedZone("PKT", 5*3600)
	for _, g := range []Generator{
		{},
		{Seed: 3, End: time.Date(2025, 3, 15, 12, 30, 45, 999, pkt)},
	} {
		end := g.End
		if end.IsZero() {
			end = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		}
		end = end.UTC().Truncate(time.Second)
		start := end.AddDate(-3, 0, 0)
		var idx []int
		for i := range 2000 {
			idx = append(idx, i)
		}
		idx = append(idx, spread/2, spread/2+1, spread-2, spread-1)
		var prev time.Time
		for _, i := range idx {
			p := g.Article(i).PublishedAt
			if p.Location() != time.UTC || p.Nanosecond() != 0 {
				t.Fatalf("article %d: %v is not UTC whole seconds", i, p)
			}
			if p.Before(start) || !p.Before(end) {
				t.Fatalf("article %d: %v outside [%v, %v)", i, p, start, end)
			}
			if !p.After(prev) {
				t.Fatalf("article %d: %v not after article before it (%v)", i, p, prev)
			}
			prev = p
		}
		// 100,000 articles span the whole window evenly.
		if last := g.Article(spread - 1).PublishedAt; end.Sub(last) > time.Hour {
			t.Errorf("article %d at %v, more than an hour before End %v", spread-1, last, end)
		}
		mid := start.Add(end.Sub(start) / 2)
		if d := g.Article(spread / 2).PublishedAt.Sub(mid); d < -time.Hour || d > time.Hour {
			t.Errorf("article %d is %v from the middle of the window", spread/2, d)
		}
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func TestBodyHTMLMatchesText(t *testing.T) {
	escaped := 0
	for i := range 1000 {
		a := Generator{}.Article(i)
		if strings.ContainsAny(a.BodyText, "<>") || strings.Contains(a.BodyText, "\n\n\n") ||
			strings.TrimSpace(a.BodyText) != a.BodyText {
			t.Fatalf("article %d: BodyText has markup or stray whitespace", i)
		}
		lines := strings.Split(a.BodyHTML, "\n")
		blocks := strings.Split(a.BodyText, "\n\n")
		if len(lines) != len(blocks) {
			t.Fatalf("article %d: %d HTML blocks, %d text blocks", i, len(lines), len(blocks))
		}
		for k, line := range lines {
			tag := "p"
			if strings.HasPrefix(line, "<h2>") {
				tag = "h2"
			}
			inner, ok := strings.CutPrefix(line, "<"+tag+">")
			if ok {
				inner, ok = strings.CutSuffix(inner, "</"+tag+">")
			}
			if !ok || tagRE.MatchString(inner) || strings.ContainsAny(inner, `<>"'`) {
				t.Fatalf("article %d: block %q is not one <p> or <h2> of escaped text", i, line)
			}
			if (k == 0 || k == len(lines)-1) && tag != "p" {
				t.Fatalf("article %d: starts or ends with a subheading", i)
			}
			rest := inner
			for {
				j := strings.IndexByte(rest, '&')
				if j < 0 {
					break
				}
				rest = rest[j:]
				ent := ""
				for _, e := range []string{"&amp;", "&#39;", "&lt;", "&gt;", "&#34;"} {
					if strings.HasPrefix(rest, e) {
						ent = e
					}
				}
				if ent == "" {
					t.Fatalf("article %d: bare & in %q", i, line)
				}
				escaped++
				rest = rest[len(ent):]
			}
			if html.UnescapeString(inner) != blocks[k] {
				t.Fatalf("article %d block %d: HTML text %q, plain text %q", i, k, inner, blocks[k])
			}
		}
	}
	if escaped == 0 {
		t.Error("no article needed escaping; the escaping is untested")
	}
}

func words(s string) int { return len(strings.Fields(s)) }

func TestArticleShape(t *testing.T) {
	const n = 2000
	v := loadVocab()
	pool := map[string]bool{}
	for _, tag := range v.tagPool {
		pool[tag] = true
	}
	slugs := map[string]bool{}
	for _, s := range Sections() {
		slugs[s.Slug] = true
	}
	var bodyWords, withH2 int
	for i := range n {
		a := Generator{Seed: 1}.Article(i)
		if a.Index != i || !slugs[a.Section] || a.Author < 0 || a.Author >= len(Authors()) {
			t.Fatalf("article %d: index %d, section %q, author %d", i, a.Index, a.Section, a.Author)
		}
		if w := words(a.Headline); w < 6 || w > 14 || strings.Contains(a.Headline, "۔") {
			t.Errorf("article %d: headline of %d words: %q", i, w, a.Headline)
		}
		if w := words(a.Strapline); w < 12 || w > 25 || strings.HasSuffix(a.Strapline, "۔") {
			t.Errorf("article %d: strapline of %d words: %q", i, w, a.Strapline)
		}
		if a.DatelineSource == "" || (a.DatelinePlace == "") != (a.Section == "opinion") {
			t.Errorf("article %d (%s): dateline %q %q", i, a.Section, a.DatelineSource, a.DatelinePlace)
		}
		w := words(a.BodyText)
		bodyWords += w
		if w < 150 || w > 600 {
			t.Errorf("article %d: body of %d words", i, w)
		}
		paras := strings.Count(a.BodyHTML, "<p>")
		h2 := strings.Count(a.BodyHTML, "<h2>")
		if paras < 3 || paras > 8 || h2 > 2 {
			t.Errorf("article %d: %d paragraphs, %d subheadings", i, paras, h2)
		}
		if h2 > 0 {
			withH2++
		}
		for _, line := range strings.Split(a.BodyHTML, "\n") {
			if strings.HasPrefix(line, "<p>") && !strings.HasSuffix(line, "۔</p>") {
				t.Errorf("article %d: paragraph does not end with ۔: %q", i, line)
			}
		}
		if len(a.Tags) < 1 || len(a.Tags) > 4 {
			t.Errorf("article %d: %d tags", i, len(a.Tags))
		}
		seen := map[string]bool{}
		for _, tag := range a.Tags {
			if !pool[tag] || seen[tag] {
				t.Errorf("article %d: tag %q unknown or repeated in %q", i, tag, a.Tags)
			}
			seen[tag] = true
		}
		for _, s := range []string{a.Headline, a.Strapline, a.BodyText, a.DatelineSource, a.DatelinePlace, strings.Join(a.Tags, " ")} {
			// Arabic letters Urdu text must not use (see URDU.md §1), and tatweel.
			if !utf8.ValidString(s) || strings.ContainsAny(s, "كيةىۀهـ") {
				t.Fatalf("article %d: non-Urdu code point in %q", i, s)
			}
		}
	}
	if mean := bodyWords / n; mean < 270 || mean > 330 {
		t.Errorf("mean body length %d words, want ~300", mean)
	}
	if f := float64(withH2) / n; f < 0.27 || f > 0.40 {
		t.Errorf("%.2f of articles have subheadings, want about a third", f)
	}
}

func TestHeadlineNoFullStop(t *testing.T) {
	for i := range 500 {
		a := Generator{Seed: 9}.Article(i)
		if strings.HasSuffix(a.Headline, "۔") || strings.HasSuffix(a.Headline, "،") || strings.HasPrefix(a.Headline, "،") {
			t.Fatalf("article %d: headline %q", i, a.Headline)
		}
	}
}

func TestSectionsAndAuthors(t *testing.T) {
	secs := Sections()
	if len(secs) < 8 || len(secs) > 10 {
		t.Fatalf("%d sections", len(secs))
	}
	slug := regexp.MustCompile(`^[a-z]+$`)
	seen := map[string]bool{}
	for _, s := range secs {
		if !slug.MatchString(s.Slug) || s.Name == "" || seen[s.Slug] {
			t.Errorf("bad or repeated section %+v", s)
		}
		seen[s.Slug] = true
	}
	authors := Authors()
	if len(authors) < 15 || len(authors) > 25 {
		t.Fatalf("%d authors", len(authors))
	}
	authors[0] = "changed"
	if Authors()[0] == "changed" {
		t.Fatal("Authors returns the package's own slice")
	}

	// Every section and author appears within 1,000 articles.
	usedSec, usedAuthor := map[string]int{}, map[int]int{}
	Generator{}.Each(1000, func(a Article) error {
		usedSec[a.Section]++
		usedAuthor[a.Author]++
		return nil
	})
	for _, s := range secs {
		if usedSec[s.Slug] == 0 {
			t.Errorf("section %s unused in 1,000 articles", s.Slug)
		}
	}
	for i := range authors {
		if usedAuthor[i] == 0 {
			t.Errorf("author %d unused in 1,000 articles", i)
		}
	}
}

func TestVocabulary(t *testing.T) {
	v := loadVocab()
	distinct := map[string]bool{}
	for _, w := range v.words {
		distinct[w] = true
	}
	if len(distinct) != len(v.words) || len(distinct) < 3000 {
		t.Fatalf("%d words, %d distinct; want at least 3,000 distinct", len(v.words), len(distinct))
	}
	if n := len(v.tagPool); n < 250 || n > 350 {
		t.Errorf("tag pool of %d, want about 300", n)
	}

	// The generated text has a Zipf-like spread: a few very common words,
	// and a long tail of words seen once or twice.
	count := map[string]int{}
	total := 0
	Generator{}.Each(1000, func(a Article) error {
		for _, w := range strings.Fields(a.BodyText) {
			count[strings.Trim(w, `،۔“”"`)]++
			total++
		}
		return nil
	})
	top := ""
	once := 0
	for w, c := range count {
		if c > count[top] {
			top = w
		}
		if c == 1 {
			once++
		}
	}
	if top != "کے" && top != "میں" && top != "کی" {
		t.Errorf("most common word %q, want کے، میں or کی", top)
	}
	if share := float64(count[top]) / float64(total); share < 0.02 || share > 0.08 {
		t.Errorf("most common word has %.3f of all words", share)
	}
	if len(count) < 8000 || once < 500 {
		t.Errorf("%d distinct words, %d seen once, in %d words: the tail is too short", len(count), once, total)
	}
	for _, w := range []string{"پاکستان", "اور", "نے"} {
		if count[w] < total/2000 {
			t.Errorf("common word %q appears only %d times", w, count[w])
		}
	}
	var ascii, urdu, latin bool
	for w := range count {
		ascii = ascii || strings.ContainsAny(w, "0123456789")
		urdu = urdu || strings.ContainsAny(w, "۰۱۲۳۴۵۶۷۸۹")
		latin = latin || strings.ContainsAny(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	}
	if !ascii || !urdu || !latin {
		t.Errorf("ASCII digits %v, Urdu digits %v, Latin acronyms %v; want all", ascii, urdu, latin)
	}
}

func TestAliasMatchesWeights(t *testing.T) {
	w := []uint64{50, 30, 15, 5}
	a := newAlias(w)
	var r rng
	r.seed(1, 1)
	got := make([]int, len(w))
	const n = 200_000
	for range n {
		got[a.sample(&r)]++
	}
	for i, c := range got {
		want := n * int(w[i]) / 100
		if d := c - want; d < -want/20 || d > want/20 {
			t.Errorf("outcome %d drawn %d times, want ~%d", i, c, want)
		}
	}
}

// BenchmarkArticle measures one article (about 300 body words plus the
// headline, strapline and tags).
func BenchmarkArticle(b *testing.B) {
	g := Generator{}
	loadVocab()
	i := 0
	for b.Loop() {
		g.Article(i % spread)
		i++
	}
}

// BenchmarkEach100k measures the full benchmark corpus through Each.
func BenchmarkEach100k(b *testing.B) {
	loadVocab()
	for b.Loop() {
		Generator{}.Each(spread, func(Article) error { return nil })
	}
}
