package urdu

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fuzzSeeds seeds every fuzz target: the seed article's lines, every 50th
// word of the word list, and strings that have broken text code before.
func fuzzSeeds(f *testing.F) {
	for _, l := range seedLines(f) {
		f.Add(l)
	}
	for i, w := range urduWords(f) {
		if i%50 == 0 {
			f.Add(w)
		}
	}
	for _, s := range []string{
		"", " ", "\xff", "روس\xff\xfeشمالی", "\u0654", "ی\u0654", "ي\u0654", "ی\u064e\u0654",
		"ا\u0653", "ا\u0654\u0653", "ۀ", "ۂ", "دورۂ", "ة", "\uFB58\uFE8E\uFEDB\uFEB4\uFE98\uFE8E\uFEE5",
		"\uFEEB\uFEEC\uFEE9\uFEEA", "\uFDFA", "\uFEFB\uFE70", "پاکـــستان", "ــــ", "۱۲٣4 ١٫٥ 3.5 1,234",
		"\u200c\u200d\u200e\u200f\u061c\u202a\u202e\u2066\u2069", "\uFEFF\u00ad\u2060", "ZWSP\u200bhere",
		"T20 World Cup ÉCOLE İ K Ω", "e" + strings.Repeat("\u0301", 35), strings.Repeat("\u064e", 40),
		"Pakistan's al-Qaeda «اچھا» کہا؟", "\r\n\r\n\r\n", "a\u0085b\u2028c\u2029d", "\x00\x1b\x7f",
		"한국어", "\u0F73\u0F75", "کےذریعےاسلام آبادروانہ", strings.Repeat("پاکستان ", 20),
	} {
		f.Add(s)
	}
	for _, s := range regressionInputs {
		f.Add(s)
	}
}

func FuzzFold(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q: invalid UTF-8", s, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold not idempotent on %q: %q then %q", s, got, again)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("Fold(%q) = %q: not NFC", s, got)
		}
		if slow := foldSlow(s); slow != got {
			t.Fatalf("fast and slow Fold differ on %q: %q, %q", s, got, slow)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("Fold(%q) = %q: untidy spaces", s, got)
		}
		for _, r := range got {
			if r != ' ' && (unicode.IsSpace(r) || unicode.IsControl(r) || isFoldIgnorable(r) || isArabicMark(r) ||
				strings.ContainsRune("كيىهةۀۂأإ٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", r)) {
				t.Fatalf("Fold(%q) = %q: has %U", s, got, r)
			}
		}
		if loose := FoldLoose(s); FoldLoose(loose) != loose {
			t.Fatalf("FoldLoose not idempotent on %q", s)
		}
	})
}

func FuzzNormalize(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, got)
		}
		if again := Normalize(got); again != got {
			t.Fatalf("Normalize not idempotent on %q: %q then %q", s, got, again)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("Normalize(%q) = %q: not NFC", s, got)
		}
		if slow := normalizeSlow(s); slow != got {
			t.Fatalf("fast and slow Normalize differ on %q: %q, %q", s, got, slow)
		}
		if strings.Contains(got, "\n\n\n") || strings.Contains(got, " \n") || strings.Contains(got, "\n ") ||
			strings.Contains(got, "  ") || strings.ContainsAny(got, "\t\r\x00\u0640") {
			t.Fatalf("Normalize(%q) = %q: untidy whitespace", s, got)
		}
		if Fold(got) != Fold(s) {
			t.Fatalf("Fold(Normalize(%q)) = %q, Fold = %q", s, Fold(got), Fold(s))
		}
	})
}

func FuzzTokens(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokens(s)
		rest := s
		for _, tok := range toks {
			checkToken(t, s, tok)
			k := strings.Index(rest, tok)
			if k < 0 {
				t.Fatalf("Tokens(%q): token %q is not next in the text", s, tok)
			}
			rest = rest[k+len(tok):]
		}
		if n := WordCount(s); n != len(toks) {
			t.Fatalf("WordCount(%q) = %d, len(Tokens) = %d", s, n, len(toks))
		}
		for _, tok := range SearchTokens(s) {
			checkToken(t, s, tok)
			if IsStopWord(tok) {
				t.Fatalf("SearchTokens(%q) kept stop word %q", s, tok)
			}
		}
	})
}

func FuzzSlug(f *testing.F) {
	fuzzSeeds(f)
	for _, h := range newsHeadlines {
		f.Add(h.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slug(s)
		if !slugPattern.MatchString(got) || len(got) > maxSlugLen {
			t.Fatalf("Slug(%q) = %q: not a slug of at most %d bytes", s, got, maxSlugLen)
		}
		if again := Slug(got); again != got {
			t.Fatalf("Slug not idempotent on %q: %q then %q", s, got, again)
		}
		tr := Transliterate(s)
		for i := 0; i < len(tr); i++ {
			if tr[i] >= utf8.RuneSelf || tr[i] < ' ' {
				t.Fatalf("Transliterate(%q) = %q: byte %#x", s, tr, tr[i])
			}
		}
		checkUrduSlug(t, s)
	})
}

// regressionInputs broke Fold or Normalize during development (found by
// TestTextProperties); each is a corner of NFC.
var regressionInputs = []string{
	"ي\u0640\u0316\u034f\u0654", // hamza after a mark and a CGJ: ئ either way
	"آ\x01\u0655",               // a control between a letter and its mark goes before NFC
	"\tی\u0cd5" + strings.Repeat("\u064e", 25) + "\u0f73" + strings.Repeat("\u034f", 28) + "\u064e\u0f73\u0654",
	"x " + strings.Repeat("\u0345", 24), // marks capped after a space
	"x " + strings.Repeat("\u0345", 24) + " y",
	"\u1100" + strings.Repeat("\u1161", 35), // jamo count as marks for NFC's limit
	strings.Repeat("\u064e", 50),            // NFC puts U+034F into 50 fathas
}

// trickyRunes are the pieces TestTextProperties builds strings from:
// letters that compose or fold, marks that compose or block, invisible
// characters, spaces, digits, invalid bytes, presentation forms, Hangul
// jamo and Indic vowel signs that combine with the letter before them, and
// letters whose case or NFC form changes.
var trickyRunes = []string{
	"ا", "ی", "ي", "ى", "ہ", "ه", "ے", "و", "ک", "ك", "ۀ", "ۂ", "ئ", "آ", "\u0653", "\u0654", "\u0655",
	"\u064e", "\u0650", "\u0670", "\u0640", "e", "E", "A", "\u0301", "\u0316", "\u0308", "\u034f",
	"\u200c", "\u200d", "\x01", " ", "\n", "\t", "\u00a0", "\u200b", "\uFEEB", "\uFEFB", "\uFE70",
	"\uFDFA", "\xff", "\xe0", "\u1100", "\u1161", "\u11a8", "\uac00", "\u0f73", "\u0f71", "\u0f72",
	"٣", "۳", "3", ".", "\u2126", "\u212b", "İ", "Ⱥ", "\u0345", "\u0399", "ǖ", "\u1f80", "\u0b47",
	"\u0b3e", "\u0cc6", "\u0cd5", "۔", "«", "-",
}

// TestTextProperties checks the fuzz properties on random strings of
// trickyRunes, which reach corners mutation fuzzing finds slowly (runs of
// more than 30 marks, hamza after blocked marks, jamo runs).
func TestTextProperties(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	n := 5000
	if testing.Short() {
		n = 500
	}
	for range n {
		var b strings.Builder
		for range rnd.IntN(40) {
			piece := trickyRunes[rnd.IntN(len(trickyRunes))]
			if rnd.IntN(10) == 0 {
				piece = strings.Repeat(piece, rnd.IntN(35))
			}
			b.WriteString(piece)
		}
		s := b.String()
		f := Fold(s)
		if Fold(f) != f || !utf8.ValidString(f) || !norm.NFC.IsNormalString(f) || foldSlow(s) != f {
			t.Fatalf("Fold(%q) = %q: not idempotent, valid NFC, or as foldSlow", s, f)
		}
		n := Normalize(s)
		if Normalize(n) != n || !norm.NFC.IsNormalString(n) || normalizeSlow(s) != n {
			t.Fatalf("Normalize(%q) = %q: not idempotent, NFC, or as normalizeSlow", s, n)
		}
		if Fold(n) != f {
			t.Fatalf("Fold(Normalize(%q)) = %q, Fold = %q", s, Fold(n), f)
		}
		if toNFC(s) != norm.NFC.String(s) {
			t.Fatalf("toNFC(%q) = %q, want %q", s, toNFC(s), norm.NFC.String(s))
		}
		for _, tok := range Tokens(s) {
			checkToken(t, s, tok)
		}
		if sl := Slug(s); !slugPattern.MatchString(sl) || len(sl) > maxSlugLen {
			t.Fatalf("Slug(%q) = %q", s, sl)
		}
		checkUrduSlug(t, s)
	}
}

// FuzzReadRoman: any input is read without panicking, the spans of every
// reading cover it exactly, at most max readings come back, and every
// Urdu reading is folded, valid text.
func FuzzReadRoman(f *testing.F) {
	fuzzSeeds(f)
	for _, s := range []string{"korea", "imran khan", "karachi barish", "wazir-e-azam", "Karāchi", "barsh", `"imran khan`,
		"imran خان", "t20 pcb", "''", "a'", "e\u0301", strings.Repeat("karachi ", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs := ReadRoman(s, 3)
		if len(rs) > 3 {
			t.Fatalf("%d readings", len(rs))
		}
		for _, r := range rs {
			var src strings.Builder
			urdu := false
			for _, sp := range r {
				src.WriteString(sp.Source)
				if sp.Urdu {
					urdu = true
					if sp.Text == "" || !utf8.ValidString(sp.Text) || Fold(sp.Text) != sp.Text {
						t.Fatalf("Urdu reading %q of %q", sp.Text, sp.Source)
					}
				} else if sp.Text != sp.Source {
					t.Fatalf("kept span changed: %q → %q", sp.Source, sp.Text)
				}
			}
			if src.String() != s {
				t.Fatalf("spans cover %q, not %q", src.String(), s)
			}
			if !urdu {
				t.Fatal("a reading without any Urdu")
			}
		}
	})
}
