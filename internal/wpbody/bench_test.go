package wpbody

import (
	"os"
	"testing"
)

// BenchmarkConvert converts typical posts of about 5 KB: a classic-editor
// news story and a block-editor one.
func BenchmarkConvert(b *testing.B) {
	for _, name := range []string{"classic-news", "gutenberg-news"} {
		raw, err := os.ReadFile("testdata/" + name + ".html")
		if err != nil {
			b.Fatal(err)
		}
		post := string(raw)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(post)))
			b.ReportAllocs()
			for b.Loop() {
				Convert(post, opts)
			}
		})
	}
}
