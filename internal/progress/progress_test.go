package progress

import (
	"strings"
	"testing"
	"time"
)

func TestBar(t *testing.T) {
	var out strings.Builder
	clock := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	b := New(&out, "reindex", "articles", 1000)
	b.now = func() time.Time { return clock }
	b.start = clock

	clock = clock.Add(2 * time.Second)
	b.Set(250, 0)
	first := out.String()
	for _, want := range []string{"reindex [#######-----", " 25% 250/1000 articles", "125/s", "6s left"} {
		if !strings.Contains(first, want) {
			t.Errorf("line %q lacks %q", first, want)
		}
	}
	// Redraws are throttled.
	clock = clock.Add(10 * time.Millisecond)
	b.Set(260, 0)
	if out.String() != first {
		t.Errorf("redrawn within %v", redrawEvery)
	}
	clock = clock.Add(6 * time.Second)
	b.Set(1000, 0)
	b.Finish()
	b.Finish()
	if got := out.String(); !strings.Contains(got, "100% 1000/1000") || strings.Count(got, "\n") != 1 {
		t.Errorf("final output %q", got)
	}
}

func TestBarUnknownTotal(t *testing.T) {
	var out strings.Builder
	b := New(&out, "import", "posts", 0)
	b.Set(42, 0)
	b.Finish()
	if !strings.Contains(out.String(), "import 42 posts") {
		t.Errorf("output %q", out.String())
	}
}

// TestBarFraction: an import knows how much of its file it has read, not
// how many posts it holds; the bar and the time left follow the bytes,
// the rate counts posts.
func TestBarFraction(t *testing.T) {
	var out strings.Builder
	clock := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	b := New(&out, "import", "posts", 0)
	b.now = func() time.Time { return clock }
	b.start = clock
	clock = clock.Add(10 * time.Second)
	b.SetFraction(3000, 0.4)
	for _, want := range []string{"import [############------", " 40% 3000 posts", "300/s", "15s left"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("line %q lacks %q", out.String(), want)
		}
	}
}
