package urdu

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite proofwords.txt from testdata/urdu-words.txt")

// proofWordsHeader opens proofwords.txt: where the words come from, under
// which licence, and how to make the file again.
const proofWordsHeader = `# Urdu words that Proof uses to tell what an Arabic ه (ہ or ھ) or ة (ت, ہ or ۃ) stands for:
# the words with ہ, ھ or ۃ, or ending in ت, without Arabic letters or a ھ that follows no consonant.
# Derived from internal/urdu/testdata/urdu-words.txt, the Urdu word list inside Tesseract's
# urd.traineddata (tessdata_fast), Copyright 2006–2022 Google Inc., Apache License 2.0.
# Regenerate: go test -run TestProofWordsFile -update ./internal/urdu
`

// proofWord reports whether the word list's w belongs in proofwords.txt:
// Arabic-script letters only, spelled the Urdu way, with something
// Proof's letter rules look up.
func proofWord(w string) bool {
	rs := []rune(w)
	for i, r := range rs {
		if !isWordRune(r) || r > 0x6FF || strings.ContainsRune("كيىهةۀ", r) {
			return false
		}
		if r == 'ھ' && (i == 0 || !aspirable(rs[i-1])) {
			return false // یھ، ھو: the list's misspellings of ہ
		}
	}
	return strings.ContainsAny(w, "ہھۃ") || strings.HasSuffix(w, "ت")
}

// TestProofWordsFile checks that the embedded lexicon is what the word
// list gives, so the two cannot drift apart.
func TestProofWordsFile(t *testing.T) {
	var words []string
	for _, w := range urduWords(t) {
		if proofWord(w) {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	words = slices.Compact(words)
	want := proofWordsHeader + strings.Join(words, "\n") + "\n"
	if *update {
		if err := os.WriteFile("proofwords.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if proofWordsFile != want {
		t.Fatal("proofwords.txt is not what testdata/urdu-words.txt gives; run go test -run TestProofWordsFile -update ./internal/urdu")
	}
	if n := len(lexicon()); n != len(words) || n < 3000 {
		t.Errorf("lexicon has %d entries, want %d (and at least 3000)", n, len(words))
	}
}

func TestProofFixAll(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Letters.
		{"Arabic kaf", "پاكستان كا", "پاکستان کا"},
		{"Arabic yeh", "شمالي كوريا", "شمالی کوریا"},
		{"final Arabic yeh is ی, never ے", "كي والي", "کی والی"},
		{"alef maksura", "اعلىٰ", "اعلیٰ"},
		{"Arabic yeh with a separate hamza is ئ", "سرگي\u0654ی", "سرگئی"},
		{"ئ and ے stay", "سرگئی نئے گئے", "سرگئی نئے گئے"},
		{"Arabic heh at a word's end", "يه وه كه", "یہ وہ کہ"},
		{"Arabic heh at a word's start", "هم هے", "ہم ہے"},
		{"Arabic heh in aspirates", "بهی ساته كچه دیكهنا", "بھی ساتھ کچھ دیکھنا"},
		{"aspirate or not, by the word", "گهر كها", "گھر کہا"},
		{"an unknown word starting like a known one", "كهلاڑیوں", "کھلاڑیوں"},
		{"Persian word", "دانشگاه", "دانشگاہ"},
		{"Allah", "الله", "اللہ"},
		{"do-chashmi heh stays", "کھیل بھارت", "کھیل بھارت"},
		{"heh with yeh above", "دورۀ شمالی", "دورۂ شمالی"},
		{"teh marbuta as ت", "حكومة پاكستان", "حکومت پاکستان"},
		{"teh marbuta as ہ", "جامعة كراچی", "جامعہ کراچی"},
		{"teh marbuta as ۃ", "صلوة", "صلوۃ"},
		{"ZWNJ is kept", "ہم\u200cآہنگي", "ہم\u200cآہنگی"},

		// Punctuation.
		{"question mark", "كیا بجٹ منظور ہو گا?", "کیا بجٹ منظور ہو گا؟"},
		{"comma and semicolon", "لاہور, کراچی; پشاور", "لاہور، کراچی؛ پشاور"},
		{"full stop", "بارش ہوئی. سڑکیں بند ہیں.", "بارش ہوئی۔ سڑکیں بند ہیں۔"},
		{"full stop after a number", "قیمت بڑھ کر 1500.", "قیمت بڑھ کر 1500۔"},
		{"full stop before a quote", "اس نے کہا «ٹھیک ہے.»", "اس نے کہا «ٹھیک ہے۔»"},
		{"full stop with the next sentence glued", "ہوئی.سڑکیں", "ہوئی۔سڑکیں"},
		{"decimal point stays", "شرح 3.5 فیصد رہی", "شرح 3.5 فیصد رہی"},
		{"thousands separator stays", "1,500 روپے", "1,500 روپے"},
		{"ellipsis stays", "اور پھر...", "اور پھر..."},
		{"URL stays", "تفصیل https://example.com/a?b=1,2;c. پر", "تفصیل https://example.com/a?b=1,2;c. پر"},
		{"Latin abbreviation stays", "امریکی صدر U.S. اور", "امریکی صدر U.S. اور"},
		{"English phrase stays", "انہوں نے کہا: Pakistan is ready, and strong.", "انہوں نے کہا: Pakistan is ready, and strong."},
		{"English sentence with Urdu at its end stays", "Pakistan Super League (پی ایس ایل).", "Pakistan Super League (پی ایس ایل)."},
		{"Urdu sentence with an English word", "کمپنی نے Google کے ساتھ معاہدہ کیا.", "کمپنی نے Google کے ساتھ معاہدہ کیا۔"},
		{"mark glued to a Latin token stays", "سروس 5G, اور", "سروس 5G, اور"},
		{"question then exclamation", "کیا?!", "کیا؟!"},

		// Spaces.
		{"space before Urdu marks", "لاہور ، کراچی ۔ کیا ؟", "لاہور، کراچی۔ کیا؟"},
		{"space before an ASCII mark that turns Urdu", "کیا ہے ?", "کیا ہے؟"},
		{"doubled spaces", "روس  شمالی \u00a0 کوریا", "روس شمالی کوریا"},
		{"doubled spaces before a mark go", "ہے  ۔", "ہے۔"},
		{"line ends are not doubled spaces", "روس  \n  کوریا", "روس  \n  کوریا"},
		{"English doubled spaces stay", "Hello  world", "Hello  world"},
		{"tab between Urdu words", "روس\t\tکوریا", "روس کوریا"},

		// Digits.
		{"mixed digits, Urdu first", "سال ۲0۲6", "سال ۲۰۲۶"},
		{"mixed digits, Latin majority", "سال 20۲6", "سال 2026"},
		{"mixed digits, Urdu majority", "سال 2۰۲۶", "سال ۲۰۲۶"},
		{"mixed digits with a separator", "۱2:۳۰ بجے", "۱۲:۳۰ بجے"},
		{"Arabic-Indic digits in a mixed number", "٢0٢٦", "۲۰۲۶"},
		{"separate numbers in different digits stay", "2026 اور ۲۰۲۵", "2026 اور ۲۰۲۵"},

		// Controls.
		{"bidi controls", "\u202bروس\u202c \u2067T20\u2069 کپ", "روس T20 کپ"},
		{"bidi control between spaces leaves one space", "روس \u202e کوریا", "روس کوریا"},
		{"marks LRM RLM ALM stay", "روس\u200e\u200f\u061cکوریا", "روس\u200e\u200f\u061cکوریا"},
		{"invalid bytes", "روس\xff\xfeشمالی", "روس\uFFFDشمالی"},

		// Nothing to do.
		{"seed headline", seedHeadline, seedHeadline},
		{"seed sentence", seedSentence + "۔", seedSentence + "۔"},
		{"the seed site's date takes CLDR's Urdu commas", seedDate, "بدھ، فروری 18، 2026"},
		{"English", "Russia and North Korea agree, again. Really?", "Russia and North Korea agree, again. Really?"},
		{"code", "if (a, b; c) { x = y.z(); }", "if (a, b; c) { x = y.z(); }"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FixAll(tt.in); got != tt.want {
				t.Errorf("FixAll(%q)\n = %q\nwant %q\nfindings %+v", tt.in, got, tt.want, Proof(tt.in))
			}
		})
	}
}

func TestProofFindings(t *testing.T) {
	text := "كيا  بجٹ ۲0۲6 میں منظور ہو گا ?"
	got := Proof(text)
	want := []struct {
		rule      Rule
		from, fix string
	}{
		{RuleKaf, "ك", "ک"},
		{RuleYeh, "ي", "ی"},
		{RuleDoubleSpace, "  ", " "},
		{RuleMixedDigits, "۲0۲6", "۲۰۲۶"},
		{RuleSpaceBeforeMark, " ", ""},
		{RulePunctuation, "?", "؟"},
	}
	if len(got) != len(want) {
		t.Fatalf("Proof(%q) = %+v, want %d findings", text, got, len(want))
	}
	for i, w := range want {
		f := got[i]
		if f.Rule != w.rule || f.Text != w.from || f.Fix != w.fix || text[f.Start:f.End] != f.Text || f.Message == "" {
			t.Errorf("finding %d = %+v, want %s %q → %q", i, f, w.rule, w.from, w.fix)
		}
		if i > 0 && f.Start < got[i-1].End {
			t.Errorf("finding %d overlaps the one before", i)
		}
	}
	// One fix at a time, each from a fresh Proof, ends where FixAll does.
	s := text
	for fs := Proof(s); len(fs) > 0; fs = Proof(s) {
		var ok bool
		if s, ok = Fix(s, fs[len(fs)-1]); !ok {
			t.Fatalf("Fix refused its own finding %+v on %q", fs[len(fs)-1], s)
		}
	}
	if s != FixAll(text) {
		t.Errorf("fixing one by one gave %q, FixAll %q", s, FixAll(text))
	}
	if _, ok := Fix("کچھ اور", got[0]); ok {
		t.Error("Fix applied a finding to text that no longer holds it")
	}
	if got := Apply(text, []Finding{got[1], got[0], {Start: 0, End: 2, Text: "ك", Fix: "x"}}); got != "کیا  بجٹ ۲0۲6 میں منظور ہو گا ?" {
		t.Errorf("Apply = %q", got)
	}
}

func TestStripBidiControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"روس", "روس"},
		{"\u202aروس\u202b\u202c\u202d\u202e", "روس"},
		{"\u2066T20\u2067\u2068\u2069", "T20"},
		{"ہم\u200cآہنگی\u200e\u200f\u061c\u200d", "ہم\u200cآہنگی\u200e\u200f\u061c\u200d"},
	}
	for _, tt := range tests {
		if got := StripBidiControls(tt.in); got != tt.want {
			t.Errorf("StripBidiControls(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for r := rune(0); r < 0x30000; r++ {
		want := (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
		if IsBidiControl(r) != want {
			t.Errorf("IsBidiControl(%U) = %v", r, !want)
		}
	}
}

// TestProofWordList: the word list's own words, which are mostly spelled
// right, get no letter findings.
func TestProofWordList(t *testing.T) {
	for _, w := range urduWords(t) {
		if !proofWord(w) {
			continue
		}
		for _, f := range Proof(w) {
			t.Errorf("Proof(%q): %+v", w, f)
		}
	}
}

// latinOnly reports text Proof must leave alone: valid UTF-8 without
// Arabic script and without bidi controls.
func latinOnly(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if IsUrdu(r) || IsBidiControl(r) {
			return false
		}
	}
	return true
}

func FuzzProof(f *testing.F) {
	fuzzSeeds(f)
	for _, s := range []string{
		"كيا  بجٹ ۲0۲6 میں منظور ہو گا ?", "لاہور ,کراچی ;", "ہے \u202b ۔", "ا.\u202c ب.", "1\u202a۲",
		"https://example.com/a?b=1,2;c.", "Hello  world. Dr. Smith, U.S.", "بهی\u200cگهر", "حكومة جامعة صلوة",
		"ہوئی...؟ ?", "\u00a0\u00a0ا\u00a0\u00a0ب", "ا\xff?", "۱2.۳,4:٥/6",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs := Proof(s)
		end := 0
		for _, fd := range fs {
			if fd.Start < end || fd.End < fd.Start || fd.End > len(s) || s[fd.Start:fd.End] != fd.Text || fd.Message == "" {
				t.Fatalf("Proof(%q): bad finding %+v", s, fd)
			}
			if fd.Text == fd.Fix {
				t.Fatalf("Proof(%q): finding that changes nothing %+v", s, fd)
			}
			end = fd.End
		}
		fixed := FixAll(s)
		if !utf8.ValidString(fixed) {
			t.Fatalf("FixAll(%q) = %q: invalid UTF-8", s, fixed)
		}
		if again := FixAll(fixed); again != fixed {
			t.Fatalf("FixAll not idempotent on %q: %q then %q", s, fixed, again)
		}
		if left := Proof(fixed); len(left) > 0 {
			t.Fatalf("FixAll(%q) = %q still has findings %+v", s, fixed, left)
		}
		if strings.Count(fixed, "\u200c") != strings.Count(s, "\u200c") {
			t.Fatalf("FixAll(%q) = %q: ZWNJ not kept", s, fixed)
		}
		if latinOnly(s) && (fixed != s || len(fs) > 0) {
			t.Fatalf("FixAll changed Latin-only text %q to %q", s, fixed)
		}
		for _, r := range fixed {
			if IsBidiControl(r) {
				t.Fatalf("FixAll(%q) = %q: kept a bidi control", s, fixed)
			}
		}
	})
}
