package search

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDocumentFields measures what indexing one article costs in
// this package: folding, tokens and (since issue 21) derived forms, over
// the demo articles.
func BenchmarkDocumentFields(b *testing.B) {
	files, _ := filepath.Glob("../demo/articles/*.txt")
	var docs []Document
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, Document{Headline: string(raw[:min(len(raw), 300)]), Body: string(raw)})
	}
	if len(docs) == 0 {
		b.Fatal("no demo articles")
	}
	b.ResetTimer()
	for i := range b.N {
		_ = docs[i%len(docs)].Fields()
	}
}

// BenchmarkMentions counts a common word in a demo story's body, as the
// results page does for each of its stories (inPassing).
func BenchmarkMentions(b *testing.B) {
	body, err := os.ReadFile("../demo/articles/03-sindh-flood-relief.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(body)
	for _, c := range []struct{ name, q string }{{"common", "سیلاب"}, {"once", "امداد"}, {"absent", "کرکٹ"}} {
		m := Parse(c.q).Whole().Matcher()
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				m.Mentions(text, 2)
			}
		})
	}
}
