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
