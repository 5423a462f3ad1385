package urdu

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// readings renders ReadRoman's readings as strings of their Text.
func readings(s string, max int) []string {
	var out []string
	for _, r := range ReadRoman(s, max) {
		var b strings.Builder
		for _, sp := range r {
			b.WriteString(sp.Text)
		}
		out = append(out, b.String())
	}
	return out
}

// TestReadRoman: the queries of issue 21 and the spellings readers type
// come back in Urdu; Latin words the lexicon does not know stay as typed.
func TestReadRoman(t *testing.T) {
	tests := []struct {
		in    string
		first string   // the first reading
		also  []string // other readings that must be offered
	}{
		{"korea", "کوریا", nil},
		{"Koria", "کوریا", nil},
		{"imran khan", "عمران خان", nil},
		{"Imran Khan ", "عمران خان ", nil},
		{"karachi barish", "کراچی بارش", nil},
		{"karachi baarsh", "کراچی بارش", nil}, // by its consonants: b-r-sh
		{"lhr", "لاہور", nil},
		{"islamabad", "اسلام آباد", nil},
		{"wazir-e-azam", "وزیراعظم", []string{"وزیر اعظم"}},
		{"wazir e azam", "وزیراعظم", []string{"وزیر اعظم"}},
		{"wazireazam", "وزیراعظم", nil},
		{"north korea", "شمالی کوریا", nil},
		{"america", "امریکا", []string{"امریکہ"}},
		{"Karāchi", "کراچی", nil}, // accents dropped
		{"PAKISTAN", "پاکستان", nil},
		{"BBC karachi", "BBC کراچی", nil}, // unknown Latin kept
		{"imran خان", "عمران خان", nil},   // mixed scripts
		{`"imran khan" karachi`, `"عمران خان" کراچی`, nil},
		{"t20", "ٹی ٹوئنٹی", nil},                // from romanWords in reverse
		{"heat wave alert", "ہیٹ ویو الرٹ", nil}, // loanwords in reverse
		{"urdu", "اردو", nil},
	}
	for _, tt := range tests {
		got := readings(tt.in, 3)
		if len(got) == 0 || got[0] != tt.first {
			t.Errorf("ReadRoman(%q) = %q, want first %q", tt.in, got, tt.first)
			continue
		}
		for _, w := range tt.also {
			if !slices.Contains(got, w) {
				t.Errorf("ReadRoman(%q) = %q, want also %q", tt.in, got, w)
			}
		}
	}
	// Nothing known: no reading, so no second search.
	for _, in := range []string{"", "BBC", "the quick fox", "کوریا", "123", "zzzz qqqq", "\xff\xfe", "--", "a"} {
		if got := ReadRoman(in, 3); got != nil {
			t.Errorf("ReadRoman(%q) = %q, want nil", in, readings(in, 3))
		}
	}
	if got := ReadRoman("korea", 0); got != nil {
		t.Errorf("ReadRoman(max 0) = %v", got)
	}
}

// TestReadRomanBounded: a query of many known words gives at most max
// readings, each covering the input exactly.
func TestReadRomanBounded(t *testing.T) {
	in := strings.Repeat("america wazir azam karachi ", 40)
	rs := ReadRoman(in, 3)
	if len(rs) != 3 {
		t.Fatalf("%d readings, want 3", len(rs))
	}
	for _, r := range rs {
		var src strings.Builder
		for _, sp := range r {
			src.WriteString(sp.Source)
		}
		if src.String() != in {
			t.Fatal("spans do not cover the input")
		}
	}
}

// TestRomanLexiconFile: every line of the reviewed list is "urdu: latin,
// …" with folded Urdu and Latin letters only.
func TestRomanLexiconFile(t *testing.T) {
	n := 0
	for i, line := range strings.Split(romanLexiconText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		urdu, latins, ok := strings.Cut(line, ":")
		urdu = strings.TrimSpace(urdu)
		if !ok || urdu == "" || Fold(urdu) != urdu || strings.ContainsFunc(urdu, func(r rune) bool { return r < utf8.RuneSelf && r != ' ' }) {
			t.Errorf("line %d %q: want «folded urdu: latin, latin»", i+1, line)
			continue
		}
		for _, l := range strings.Split(latins, ",") {
			l = strings.TrimSpace(l)
			if l == "" || latinKeyPhrase(l) != strings.ReplaceAll(l, "-", " ") {
				t.Errorf("line %d: Latin spelling %q: want lowercase ASCII words", i+1, l)
			}
			n++
		}
	}
	if n < 150 {
		t.Errorf("%d Latin spellings in the reviewed list, want 150 or more", n)
	}
}
