package wpimport

import "testing"

func TestDetectLanguage(t *testing.T) {
	for _, c := range []struct{ text, site, want string }{
		{"وزیراعظم کا دورۂ چین، اہم معاہدوں پر دستخط", "en", "ur"},
		{"وزیراعظم کا دورۂ چین (CPEC) پر دستخط", "en", "ur"},
		{"Prime Minister visits China", "en", "en"},
		{"Prime Minister visits China", "ur", "en"},
		{"پنجاب", "pa", "pa"},
		{"2026 — 15", "en", "en"},
		{"", "ur", "ur"},
	} {
		if got := detectLanguage(c.text, c.site); got != c.want {
			t.Errorf("detectLanguage(%q, %q) = %q, want %q", c.text, c.site, got, c.want)
		}
	}
}
