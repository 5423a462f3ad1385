package urdu

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"mixed Urdu, Latin and numbers",
			"پاکستان نے T20 میچ 25 رنز سے جیتا۔ «اچھا» کہا؟",
			[]string{"پاکستان", "نے", "T20", "میچ", "25", "رنز", "سے", "جیتا", "اچھا", "کہا"}},
		{"seed headline", seedHeadline,
			[]string{"روس", "شمالی", "کوریا", "دفاعی", "شراکت", "کو", "وسعت", "دینے", "پر", "آمادہ"}},
		{"Urdu punctuation and diacritics", seedSubhead,
			[]string{"سرگئی", "شوئیگو", "کا", "پیانگ", "یانگ", "کا", "دوسرا", "دورہ", "کم", "جونگ", "اُن", "سے", "اعلیٰ", "سطح", "مذاکرات", "متوقع"}},
		{"brackets and colon", "(نیوز ڈیسک) پیانگ یانگ: روسی (ڈی پی آر کے)",
			[]string{"نیوز", "ڈیسک", "پیانگ", "یانگ", "روسی", "ڈی", "پی", "آر", "کے"}},
		{"seed date", seedDate, []string{"بدھ", "فروری", "18", "2026"}},
		{"Arabic semicolon and comma", "روس؛ چین،امریکا", []string{"روس", "چین", "امریکا"}},
		{"decimal numbers", "شدت 5.2 اور ۵٫۲ اور ٥٫٢", []string{"شدت", "5.2", "اور", "۵٫۲", "اور", "٥٫٢"}},
		{"grouped numbers", "1,234 روپے اور ۱٬۲۳۴", []string{"1,234", "روپے", "اور", "۱٬۲۳۴"}},
		{"full stop after a number", "جیت 25۔ پھر 3.", []string{"جیت", "25", "پھر", "3"}},
		{"time and date split", "12:30 بجے 18/2/2026", []string{"12", "30", "بجے", "18", "2", "2026"}},
		{"apostrophe in Latin words", "Pakistan's don’t 'quoted'", []string{"Pakistan's", "don’t", "quoted"}},
		{"hyphens split", "al-Qaeda T-20 پاک-افغان", []string{"al", "Qaeda", "T", "20", "پاک", "افغان"}},
		{"ZWNJ inside a word", "ہم\u200cآہنگی \u200cروس\u200c", []string{"ہم\u200cآہنگی", "روس"}},
		{"bidi marks trimmed", "\u2067روس\u2069 \u200eT20\u200f", []string{"روس", "T20"}},
		{"lone marks are not words", "\u064e \u0654 روس", []string{"روس"}},
		{"tatweel alone is not a word", "ـــ روس", []string{"روس"}},
		{"invalid bytes and U+FFFD split", "روس\xffشمالی\uFFFDکوریا", []string{"روس", "شمالی", "کوریا"}},
		{"symbols split", "۲۵٪ $100 + ۱۰", []string{"۲۵", "100", "۱۰"}},
		{"emoji", "کرکٹ🏏میچ", []string{"کرکٹ", "میچ"}},
		{"run-together words stay together", "کےذریعےاسلام آبادروانہ", []string{"کےذریعےاسلام", "آبادروانہ"}},
		{"empty", "", nil},
		{"punctuation only", "۔۔۔ ، ؟ «»", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tokens(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if n := WordCount(tt.in); n != len(tt.want) {
				t.Errorf("WordCount(%q) = %d, want %d", tt.in, n, len(tt.want))
			}
		})
	}
}

func TestTokensSeedArticle(t *testing.T) {
	s := seedText(t)
	toks := Tokens(s)
	if n := len(toks); n < 400 || n > 500 {
		t.Errorf("the seed article has %d tokens, want about 460", n)
	}
	for _, tok := range toks {
		checkToken(t, s, tok)
	}
	if got := strings.Join(Tokens(s), " "); got != strings.Join(strings.Fields(strings.NewReplacer(
		"۔", " ", "،", " ", "(", " ", ")", " ", ":", " ", ",", " ").Replace(s)), " ") {
		t.Errorf("tokens of the seed article differ from its space-separated words")
	}
}

// checkToken fails t if tok is empty, not valid UTF-8, or holds a separator.
func checkToken(t *testing.T, in, tok string) {
	t.Helper()
	if tok == "" || !utf8.ValidString(tok) {
		t.Fatalf("Tokens(%q) gave bad token %q", in, tok)
	}
	rs := []rune(tok)
	for k, r := range rs {
		switch tokClass(r) {
		case tokLetter, tokMark, tokInner:
			continue
		}
		if k == 0 || k == len(rs)-1 || !tokJoins(rs[k-1], r, string(rs[k+1:])) {
			t.Fatalf("Tokens(%q) gave token %q with separator %q", in, tok, r)
		}
	}
	if unicode.IsSpace(rs[0]) || strings.ContainsAny(tok, " \t\n۔،؛؟«»()-:") {
		t.Fatalf("Tokens(%q) gave token %q with a separator", in, tok)
	}
}

func TestSearchTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{seedHeadline, []string{"روس", "شمالی", "کوریا", "دفاعی", "شراکت", "وسعت", "آمادہ"}},
		{seedSubhead, []string{"سرگئی", "شوئیگو", "پیانگ", "یانگ", "دوسرا", "دورہ", "کم", "جونگ", "اعلی", "سطح", "مذاکرات", "متوقع"}},
		{"كراچي ميں ٢٥ ملي ميٹر بارش", []string{"کراچی", "25", "ملی", "میٹر", "بارش"}},
		{"پیر کو T20 World Cup کا میچ", []string{"پیر", "t20", "world", "cup", "میچ"}},
		{"ہم\u200cآہنگی", []string{"ہمآہنگی"}},
		{"کی کے میں سے", nil},
	}
	for _, tt := range tests {
		if got := SearchTokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SearchTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A document and a query spelt differently meet.
	doc := SearchTokens("دانشگاه میں اعلیٰ سطحی اجلاس")
	query := SearchTokens("دانشگاہ اعلی")
	for _, q := range query {
		if !slices.Contains(doc, q) {
			t.Errorf("query term %q not among document terms %q", q, doc)
		}
	}
}
