package urdu

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSpellingDistance: the slips readers make between letters search
// keeps apart (ی/ے, ہ/ھ) cost least; other edits cost one each.
func TestSpellingDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"کوریا", "کوریا", 0},
		{"کی", "کے", 3},           // ی/ے
		{"کہا", "کھا", 3},         // ہ/ھ
		{"پاکستاں", "پاکستان", 3}, // ں/ن
		{"صدر", "سدر", 5},         // one sound, two letters
		{"کرکت", "کرکٹ", 5},       // dental for retroflex: کرکت is cricket, not شرکت
		{"ڈالر", "دالر", 5},
		{"بارش", "بارس", 10},       // a wrong letter
		{"بارش", "بارشش", 10},      // one too many
		{"کراچی", "کراچ", 10},      // one missing
		{"کوریا", "کویرا", 10},     // two swapped
		{"کراچی", "کرچ", 20},       // two edits
		{"karachi", "karachy", 10}, // Latin too
		{"سیلاب", "سلاب", 10},
		{"", "ab", 20},
	}
	for _, tt := range tests {
		if got := SpellingDistance(tt.a, tt.b, 100); got != tt.want {
			t.Errorf("SpellingDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := SpellingDistance(tt.b, tt.a, 100); got != tt.want {
			t.Errorf("SpellingDistance(%q, %q) = %d, want %d (not symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
	// Past the limit it stops, and says limit+1.
	if got := SpellingDistance("پاکستان", "کراچی", 10); got != 11 {
		t.Errorf("over the limit: %d, want 11", got)
	}
	if got := SpellingDistance(strings.Repeat("ا", 300), "ب", 20); got != 21 {
		t.Errorf("lengths far apart: %d, want 21", got)
	}
}

// FuzzSpellingDistance: never negative, zero only for equal words,
// symmetric, and never above one edit per rune of the longer word.
func FuzzSpellingDistance(f *testing.F) {
	f.Add("کی", "کے")
	f.Add("کہا", "کھا")
	f.Add("\xff", "ab")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 200 || len(b) > 200 {
			return
		}
		d := SpellingDistance(a, b, 1<<20)
		if d < 0 || (d == 0) != (string([]rune(a)) == string([]rune(b))) {
			t.Fatalf("SpellingDistance(%q, %q) = %d", a, b, d)
		}
		if e := SpellingDistance(b, a, 1<<20); e != d {
			t.Fatalf("not symmetric: %d, %d", d, e)
		}
		if n := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b)); d > n*EditCost {
			t.Fatalf("SpellingDistance(%q, %q) = %d, more than %d edits", a, b, d, n)
		}
	})
}
