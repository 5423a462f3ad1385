package urdu

import (
	"strings"
	"testing"
)

// benchArticle builds a long Urdu news article (about 5,000 words) from the
// seed article's paragraphs: repeated, with every fifth copy of a paragraph
// taking words from the word list and Urdu digits, so the text is not
// one paragraph over and over.
func benchArticle(tb testing.TB) string {
	tb.Helper()
	var paras []string
	for _, l := range seedLines(tb) {
		if len(strings.Fields(l)) >= 20 {
			paras = append(paras, l)
		}
	}
	words := urduWords(tb)
	var b strings.Builder
	n, w := 0, 0
	for k := 0; n < 5000; k++ {
		p := paras[k%len(paras)]
		if k%5 == 4 {
			f := strings.Fields(p)
			for i := 3; i < len(f); i += 7 {
				f[i] = words[w%len(words)]
				w += 97
			}
			f = append(f, "۲۰۲۶", "میں", "۴", "جون", "کو")
			p = strings.Join(f, " ")
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p)
		n += WordCount(p)
	}
	return b.String()
}

func TestBenchArticle(t *testing.T) {
	s := benchArticle(t)
	if n := WordCount(s); n < 5000 || n > 5200 {
		t.Errorf("benchmark article has %d words, want about 5,000", n)
	}
	t.Logf("benchmark article: %d words, %d bytes", WordCount(s), len(s))
}

func BenchmarkFold(b *testing.B) {
	s := benchArticle(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Fold(s)
	}
}

// BenchmarkFoldFolded measures Fold on text that is already folded (a
// query, or re-indexing): no change, no allocation.
func BenchmarkFoldFolded(b *testing.B) {
	s := Fold(benchArticle(b))
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Fold(s)
	}
}

// BenchmarkFoldSlow measures the NFC path Fold takes for text with
// composing marks or other scripts.
func BenchmarkFoldSlow(b *testing.B) {
	s := benchArticle(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		foldSlow(s)
	}
}

func BenchmarkNormalize(b *testing.B) {
	s := benchArticle(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(s)
	}
}

// BenchmarkNormalizeNormalized measures Normalize on stored text, which
// is normalized already: the check only, no allocation.
func BenchmarkNormalizeNormalized(b *testing.B) {
	s := Normalize(benchArticle(b))
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(s)
	}
}

// BenchmarkNormalizeChanged measures Normalize on text it has to rewrite.
func BenchmarkNormalizeChanged(b *testing.B) {
	s := strings.ReplaceAll(benchArticle(b), "ی", "ي")
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(s)
	}
}

func BenchmarkTokens(b *testing.B) {
	s := benchArticle(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Tokens(s)
	}
}

func BenchmarkSearchTokens(b *testing.B) {
	s := benchArticle(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		SearchTokens(s)
	}
}

func BenchmarkSlug(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Slug(seedHeadline)
	}
}

func BenchmarkUrduSlug(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		UrduSlug(seedHeadline)
	}
}
