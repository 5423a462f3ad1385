package wpbody

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.html from the current output")

// TestGolden converts whole posts (testdata/*.html) and compares the body,
// the images used and the warnings with testdata/*.golden.html. After a
// deliberate change: go test ./internal/wpbody -run TestGolden -update
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.html")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range files {
		if strings.HasSuffix(in, ".golden.html") {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			r := Convert(string(raw), opts)
			checkSurvives(t, r.HTML)
			var b strings.Builder
			b.WriteString(r.HTML)
			fmt.Fprintf(&b, "\n\n<!-- images: %v -->\n", r.Images)
			for _, w := range r.Warnings {
				fmt.Fprintf(&b, "<!-- warning: %s -->\n", w)
			}
			got := b.String()
			golden := strings.TrimSuffix(in, ".html") + ".golden.html"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (run with -update after checking):\n%s", golden, got)
			}
		})
	}
	if n == 0 {
		t.Fatal("no posts in testdata")
	}
}
