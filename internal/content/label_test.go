package content

import (
	"strings"
	"testing"

	"akhbar/internal/urdu"
)

func TestNormalizeLabel(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain headline", "روس شمالی کوریا دفاعی شراکت کو وسعت دینے پر آمادہ", "روس شمالی کوریا دفاعی شراکت کو وسعت دینے پر آمادہ"},
		{"Arabic letters repaired", "پاكستان كي ٹيم", "پاکستان کی ٹیم"},
		{"embeddings and overrides go", "\u202bروس\u202c اور \u202eT20\u202c", "روس اور T20"},
		{"isolates go", "\u2067کراچی\u2069 میں \u2066T20\u2069", "کراچی میں T20"},
		{"a control between spaces leaves one space", "روس \u202e کوریا", "روس کوریا"},
		{"only controls", " \u202a\u202c ", ""},
		{"ZWNJ and direction marks stay", "ہم\u200cآہنگی \u200eT20\u200f", "ہم\u200cآہنگی \u200eT20\u200f"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := NormalizeLabel(c.in)
			if got != c.want {
				t.Errorf("NormalizeLabel(%q) = %q, want %q", c.in, got, c.want)
			}
			if NormalizeLabel(got) != got {
				t.Errorf("NormalizeLabel not idempotent on %q", c.in)
			}
			if strings.ContainsFunc(got, urdu.IsBidiControl) {
				t.Errorf("NormalizeLabel(%q) = %q keeps a bidi control", c.in, got)
			}
		})
	}
}
