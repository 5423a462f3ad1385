package urdu

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFoldMappings(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Step 1: NFC, presentation forms.
		{"NFC madda", "ا\u0653ج", "آج"},
		{"presentation forms", "\uFB58\uFE8E\uFEDB\uFEB4\uFE98\uFE8E\uFEE5", "پاکستان"},
		{"heh presentation forms", "\uFEE9 \uFEEA \uFEEB \uFEEC \uFBA6 \uFBAA", "ہ ہ ھ ھ ہ ھ"},
		{"lam-alef ligature", "\uFEFB", "لا"},
		// Step 2.
		{"Arabic kaf", "كراچی", "کراچی"},
		{"Arabic yeh", "شمالي", "شمالی"},
		{"alef maksura", "اعلى", "اعلی"},
		{"Arabic heh", "دانشگاه", "دانشگاہ"},
		{"heh with yeh", "دورۀ", "دورہ"},
		{"teh marbuta", "صلوة", "صلوۃ"},
		// Step 3.
		{"yeh+hamza is ئ", "سرگی\u0654ی", "سرگئی"},
		{"Arabic yeh+hamza is ئ", "سرگي\u0654ی", "سرگئی"},
		{"yeh, mark, hamza is ئ", "سرگی\u064e\u0654ی", "سرگئی"},
		{"heh goal with hamza", "دورۂ شمالی کوریا", "دورہ شمالی کوریا"},
		{"heh goal + hamza", "دورہ\u0654", "دورہ"},
		{"leftover hamza deleted", "\u0654روس\u0654", "روس"},
		{"alef with hamza above", "أحمد", "احمد"},
		{"alef with hamza below", "إسلام", "اسلام"},
		{"alef + hamza above", "ا\u0654حمد", "احمد"},
		{"waw with hamza stays", "مؤقف", "مؤقف"},
		{"Arabic decimal and group separators", "۳٫۵ ۱٬۲۳۴", "3.5 1,234"},
		{"typographic apostrophes", "Pakistan’s Pakistanʼs", "pakistan's pakistan's"},
		{"yeh barree with hamza stays", "گۓ", "گۓ"},
		// Step 4.
		{"pesh", "اُن", "ان"},
		{"superscript alef", "اعلیٰ", "اعلی"},
		{"harakat and shadda", "مُحَمَّد", "محمد"},
		{"tanween", "تقریباً", "تقریبا"},
		{"Quranic marks", "صلی اللہ علیہ وسلم\u0610", "صلی اللہ علیہ وسلم"},
		{"small high marks", "قرآن\u06D6\u06DA\u06E1", "قرآن"},
		{"tatweel", "پاکـــستان", "پاکستان"},
		// Step 5.
		{"Urdu digits", "۱۸ فروری ۲۰۲۶", "18 فروری 2026"},
		{"Arabic-Indic digits", "١٨ فروری ٢٠٢٦", "18 فروری 2026"},
		{"ASCII digits", "18 فروری 2026", "18 فروری 2026"},
		// Step 6.
		{"ZWNJ", "ہم\u200cآہنگی", "ہمآہنگی"},
		{"ZWJ", "ہم\u200dآہنگی", "ہمآہنگی"},
		{"LRM and RLM", "\u200eT20\u200f", "t20"},
		{"ALM", "\u061c۲۵", "25"},
		{"bidi embeddings", "\u202bروس\u202c \u202aT20\u202c \u202eabc\u202c", "روس t20 abc"},
		{"bidi isolates", "\u2067روس\u2069 \u2066T20\u2069 \u2068x\u2069", "روس t20 x"},
		// Beyond URDU.md.
		{"Latin lowercased", "T20 World Cup ÉCOLE", "t20 world cup école"},
		{"whitespace", "\n\t روس \u00a0 شمالی\u2003\r\nکوریا\u200b ", "روس شمالی کوریا"},
		{"controls, soft hyphen, BOM", "\x00روس\x1b\u00ad\uFEFF\u2060", "روس"},
		{"invalid bytes", "روس\xff\xfeشمالی", "روس\uFFFDشمالی"},
		{"punctuation stays", "روس، شمالی کوریا۔ «اچھا»؟", "روس، شمالی کوریا۔ «اچھا»؟"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFoldNever checks URDU.md §2 step 7: pairs that differ in meaning stay apart.
func TestFoldNever(t *testing.T) {
	pairs := [][2]string{
		{"کی", "کے"},   // ے ≠ ی
		{"تھی", "تھے"}, // ے ≠ ی
		{"کہا", "کھا"}, // ھ ≠ ہ
		{"میں", "مین"}, // ں ≠ ن
		{"آج", "اج"},   // آ ≠ ا (only FoldLoose merges them)
		{"گئے", "گئی"}, // ے ≠ ی after hamza
		{"ہونگے", "ہونگی"},
	}
	for _, p := range pairs {
		if Fold(p[0]) == Fold(p[1]) {
			t.Errorf("Fold merges %q and %q", p[0], p[1])
		}
	}
	// The same pairs inside a real sentence.
	s := Fold(seedSentence)
	for _, w := range []string{"ہے", "کے", "میں", "کا", "آ", "چکی"} {
		if !strings.Contains(" "+s+" ", " "+w+" ") {
			t.Errorf("Fold(seed sentence) lost the word %q: %q", w, s)
		}
	}
}

func TestFoldEquivalences(t *testing.T) {
	same := [][]string{
		{"سرگئی", "سرگی\u0654ی", "سرگي\u0654ي", "سرگئ\u0654ی"},
		{"اعلیٰ", "اعلی", "اعلى", "اعلیٰ\u0640"},
		{"کم جونگ اُن", "کم جونگ ان", "كم  جونگ\u200c ان"},
		{"2026", "۲۰۲۶", "٢٠٢٦"},
		{"دورۂ", "دورۀ", "دورہ\u0654", "دورہ", "دوره"},
		{"پاکستان", "\uFB58\uFE8E\uFEDB\uFEB4\uFE98\uFE8E\uFEE5", "پاكستان", "پاکـستان"},
		{"احمد", "أحمد", "اَحمد"},
	}
	for _, group := range same {
		want := Fold(group[0])
		for _, s := range group[1:] {
			if got := Fold(s); got != want {
				t.Errorf("Fold(%q) = %q, want %q as for %q", s, got, want, group[0])
			}
		}
	}
}

func TestFoldLoose(t *testing.T) {
	if FoldLoose("آج آمادہ") != FoldLoose("اج امادہ") {
		t.Error("FoldLoose does not merge آ with ا")
	}
	if got, want := FoldLoose("آمادہ  ہے"), "امادہ ہے"; got != want {
		t.Errorf("FoldLoose = %q, want %q", got, want)
	}
	for _, s := range seedLines(t) {
		if f := FoldLoose(s); FoldLoose(f) != f {
			t.Errorf("FoldLoose not idempotent on %q", s)
		}
	}
}

// foldInputs are inputs for the property tests: the article, its lines, the
// word list and strings that exercise every path.
func foldInputs(tb testing.TB) []string {
	in := append(seedLines(tb), seedText(tb),
		"\xff", "\u0654", "ی\u0654", "a\u0654\u0301", "e\u200c\u0301", "ـــــ",
		"۱۲٣4", "\uFDFA\u0301", "\uFE70\uFE71ی", "Ⱥ İ K Ω Å", "ﷺ",
		"e"+strings.Repeat("\u0301\u0316", 40), strings.Repeat("\u064e", 50),
		"ي\u0653\u0654", "ا\u0654\u0653", "\u0F73\u0F73", "한국어 ᄀ\u200cᅡ",
	)
	in = append(in, regressionInputs...)
	return append(in, urduWords(tb)...)
}

func TestFoldProperties(t *testing.T) {
	for _, s := range foldInputs(t) {
		f := Fold(s)
		if f2 := Fold(f); f2 != f {
			t.Errorf("Fold not idempotent on %q: %q then %q", s, f, f2)
		}
		if !utf8.ValidString(f) || !norm.NFC.IsNormalString(f) {
			t.Errorf("Fold(%q) = %q: not valid NFC", s, f)
		}
		if slow := foldSlow(s); slow != f {
			t.Errorf("fast and slow Fold differ on %q: %q, %q", s, f, slow)
		}
		if fn := Fold(Normalize(s)); fn != f {
			t.Errorf("Fold(Normalize(%q)) = %q, want Fold = %q", s, fn, f)
		}
	}
}

func TestFoldNoAllocation(t *testing.T) {
	folded := Fold(seedText(t))
	for _, s := range []string{folded, "روس شمالی کوریا", "  روس شمالی کوریا\n", "t20 world cup"} {
		if n := testing.AllocsPerRun(10, func() { Fold(s) }); n != 0 {
			t.Errorf("Fold(%.20q…) allocates %v times", s, n)
		}
	}
}
