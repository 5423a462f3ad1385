package urdu

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// seedText returns the real Urdu news article in testdata.
func seedText(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/seed-article.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// seedLines returns the article's non-empty lines.
func seedLines(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, l := range strings.Split(seedText(tb), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// urduWords returns the 14,000-word Urdu list in testdata.
func urduWords(tb testing.TB) []string {
	tb.Helper()
	b, err := os.ReadFile("testdata/urdu-words.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Fields(string(b))
}

// Sentences quoted from the seed article.
const (
	seedHeadline = "روس شمالی کوریا دفاعی شراکت کو وسعت دینے پر آمادہ"
	seedSubhead  = "سرگئی شوئیگو کا پیانگ یانگ کا دوسرا دورہ، کم جونگ اُن سے اعلیٰ سطح مذاکرات متوقع"
	seedSentence = "یہ رواں برس میں شوئیگو کا دوسرا دورۂ شمالی کوریا ہے، جس سے اس بات کا اندازہ ہوتا ہے کہ دونوں ممالک کے درمیان عسکری اور سیاسی ہم آہنگی میں تیزی آ چکی ہے"
	seedPersian  = "دانشگاه (نیوز ڈیسک) پیانگ یانگ: روسی سلامتی کونسل کے سیکریٹری سرگئی شوئیگو منگل کے روز شمالی کوریا (ڈی پی آر کے) پہنچے"
	seedDate     = "بدھ, فروری 18, 2026"
)

func TestNormalizeMappings(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Arabic kaf", "كراچی میں بارش", "کراچی میں بارش"},
		{"Arabic yeh", "شمالي كوريا", "شمالی کوریا"},
		{"alef maksura", "اعلىٰ سطح", "اعلیٰ سطح"},
		{"teh marbuta", "صلوة", "صلوۃ"},
		{"heh with yeh", "دورۀ شمالی کوریا", "دورۂ شمالی کوریا"},
		{"Arabic-Indic digits", "٤ جون ٢٠٢٦", "۴ جون ۲۰۲۶"},
		{"Urdu digits stay", "۴ جون ۲۰۲۶", "۴ جون ۲۰۲۶"},
		{"ASCII digits stay", "4 جون 2026", "4 جون 2026"},
		{"tatweel", "پاکـــستان", "پاکستان"},
		{"presentation form holding a tatweel", "\uFCF2", "\u064E\u0651"},
		{"presentation forms", "\uFB58\uFE8E\uFEDB\uFEB4\uFE98\uFE8E\uFEE5", "پاکستان"},
		{"initial and medial heh forms are do-chashmi", "\uFE91\uFEEC\uFBFD \uFEEB\uFE8E", "بھی ھا"},
		{"final heh form is Arabic heh", "\uFEEA", "ه"},
		{"Urdu heh goal forms", "\uFBA6", "ہ"},
		{"yeh hamza presentation form", "\uFE8B", "ئ"},
		{"lam-alef ligature", "\uFEFB", "لا"},
		{"yeh+hamza composes to ئ", "سرگي\u0654ی", "سرگئی"},
		{"invalid bytes", "روس\xff\xfeشمالی", "روس\uFFFDشمالی"},
		{"NUL and controls removed", "روس\x00 \x1bشمالی\u0085کوریا", "روس شمالی\nکوریا"},
		{"BOM removed", "\uFEFFروس", "روس"},
		{"NFC composes madda", "ا\u0653ج", "آج"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeKeeps(t *testing.T) {
	for _, s := range []string{
		"کم جونگ اُن",           // pesh
		"اعلیٰ سطحی مذاکرات",    // superscript alef
		"دانشگاه",               // Persian word with Arabic heh
		"دورۂ شمالی کوریا",      // heh goal with hamza
		"ی\u0654",               // NFC does not compose Farsi yeh + hamza
		"ہم\u200cآہنگی",         // ZWNJ
		"\u200fروس\u200f",       // RLM
		"کہا کھا کی کے میں مین", // the letters Urdu keeps apart
		seedHeadline, seedSubhead, seedSentence, seedPersian, seedDate,
	} {
		if got := Normalize(s); got != s {
			t.Errorf("Normalize(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestNormalizeWhitespace(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"runs of spaces and tabs", "روس   شمالی\t\tکوریا", "روس شمالی کوریا"},
		{"Unicode spaces", "روس\u00a0شمالی\u2003 کوریا", "روس شمالی کوریا"},
		{"trim lines", "  روس  \n  شمالی  ", "روس\nشمالی"},
		{"blank lines collapse", "پہلا پیراگراف\n\n\n\n\nدوسرا", "پہلا پیراگراف\n\nدوسرا"},
		{"blank lines with spaces", "پہلا\n \t \n  \nدوسرا", "پہلا\n\nدوسرا"},
		{"CRLF", "پہلا\r\nدوسرا\rتیسرا", "پہلا\nدوسرا\nتیسرا"},
		{"paragraph separator", "پہلا\u2029دوسرا", "پہلا\n\nدوسرا"},
		{"leading and trailing blank lines", "\n\n  روس\n\n", "روس"},
		{"only whitespace", " \n\t\n ", ""},
		{"empty", "", ""},
		{"ZWSP is not a space", "روس\u200bشمالی", "روس\u200bشمالی"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	inputs := append(seedLines(t), seedText(t),
		"  كراچي   ميں\t٢٠٢٦\r\n\n\n\nپاکـــستان\xff ي\u0654 \uFEFB\uFE70 ",
		"a\u0654\u0301\u0640\u0301", "\u0654", "ی\u0654\u064e", "\uFDFA\u0301",
	)
	inputs = append(inputs, urduWords(t)...)
	for _, s := range inputs {
		n := Normalize(s)
		if n2 := Normalize(n); n2 != n {
			t.Errorf("Normalize not idempotent on %q: %q then %q", s, n, n2)
		}
		if !utf8.ValidString(n) || !norm.NFC.IsNormalString(n) {
			t.Errorf("Normalize(%q) = %q: not valid NFC", s, n)
		}
		if slow := normalizeSlow(s); slow != n {
			t.Errorf("fast and slow Normalize differ on %q: %q, %q", s, n, slow)
		}
	}
}

func TestNormalizeNoAllocation(t *testing.T) {
	s := seedText(t)
	if Normalize(s) != s {
		t.Fatal("the seed article is expected to be normalized already")
	}
	if n := testing.AllocsPerRun(10, func() { Normalize(s) }); n != 0 {
		t.Errorf("Normalize of normalized text allocates %v times", n)
	}
	if n := testing.AllocsPerRun(10, func() { Normalize("Akhbar news") }); n != 0 {
		t.Errorf("Normalize of ASCII allocates %v times", n)
	}
}

func TestIsUrdu(t *testing.T) {
	for _, r := range "روسشمالیکوریاۓۂھںے۔،؟۰۹\u0654\u064e\uFB58" {
		if !IsUrdu(r) {
			t.Errorf("IsUrdu(%q) = false", r)
		}
	}
	for _, r := range "aZ09 \u200c«»é" {
		if IsUrdu(r) {
			t.Errorf("IsUrdu(%q) = true", r)
		}
	}
}
