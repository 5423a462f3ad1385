package search

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// listWords reads the word list the tables were built from.
func listWords(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("../urdu/testdata/urdu-words.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for w := range strings.FieldsSeq(string(raw)) {
		out = append(out, foldForSearch(w))
	}
	return out
}

// TestKeyRules shows each equivalence rule joining the forms it is for,
// and, beside it, a pair of different words that the rule leaves apart
// (issue 21, point 2: every rule carries such a test).
func TestKeyRules(t *testing.T) {
	cases := []struct {
		rule       string
		same, diff [2]string
	}{
		{"loose آ/ا", [2]string{"آباد", "اباد"}, [2]string{"آلو", "الو"}}, // potato, owl: short words keep the madda
		{"loose آ/ا", [2]string{"آزاد", "ازاد"}, [2]string{"آٹھ", "اٹھ"}},
		{"loose آ/ا", [2]string{"قرآن", "قران"}, [2]string{"آمین", "امین"}}, // amen, a name: kept by name
		{"loose ؤ/و", [2]string{"مؤقف", "موقف"}, [2]string{"گاؤں", "گاؤن"}}, // village, gown: ں/ن stay apart
		{"variant امریکا", [2]string{"امریکا", "امریکہ"}, [2]string{"امریکی", "امریکہ"}},
		{"variant ذیابطیس", [2]string{"ذیابطیس", "ذیابیطس"}, [2]string{"ذیابیطس", "ذیابیطسی"}},
		{"variant لاھور", [2]string{"لاھور", "لاہور"}, [2]string{"کھا", "کہا"}}, // ھ/ہ stay apart elsewhere
		{"variant لئے", [2]string{"لئے", "لیے"}, [2]string{"لیے", "لیی"}},
		{"stem ـوں", [2]string{"ملکوں", "ملک"}, [2]string{"ملکہ", "ملک"}},
		{"stem ـوں to ـہ", [2]string{"منصوبوں", "منصوبہ"}, [2]string{"ملکوں", "ملکہ"}}, // the bare base first: countries, not queens
		{"stem ـیں", [2]string{"بارشیں", "بارش"}, [2]string{"کریں", "کر"}},             // verbs keep their ending
		{"broken plural", [2]string{"ممالک", "ملکوں"}, [2]string{"مالک", "ملک"}},
		{"compound", [2]string{"کیلئے", "کےلیے"}, [2]string{"کی", "کے"}}, // ے/ی stay apart
		// Round two (forms.go, spell and ruleStem).
		{"prothetic alif", [2]string{"اسکول", "سکول"}, [2]string{"اسلام", "سلام"}}, // only before ک ٹ پ
		{"prothetic alif", [2]string{"اسٹاک", "سٹاک"}, [2]string{"اسکا", "سکا"}},   // اس کا run together: too short
		{"final hamza", [2]string{"طلباء", "طلبا"}, [2]string{"شفاء", "شفاف"}},
		{"stem ـیاں", [2]string{"سبزیاں", "سبزی"}, [2]string{"سبزیاں", "سبز"}},
		{"stem ـیں rule", [2]string{"فصلیں", "فصل"}, [2]string{"ملیں", "مل"}}, // a verb's two-letter stem
		{"stem ـے", [2]string{"ذخیرے", "ذخیرہ"}, [2]string{"تیرے", "تیرہ"}},   // your, thirteen: reviewed
		{"stem ـے to ـا", [2]string{"انڈے", "انڈوں"}, [2]string{"سامنے", "سامنا"}},
		{"stem ـوں rule", [2]string{"مچھروں", "مچھر"}, [2]string{"گاؤں", "گاہ"}}, // a stem of three letters or more
		{"stem ـات", [2]string{"واقعات", "واقعہ"}, [2]string{"معاشیات", "معاشی"}},
		{"stem ـات", [2]string{"جنگلات", "جنگل"}, [2]string{"واردات", "وارد"}},
		{"English plural ـز", [2]string{"ڈیمز", "ڈیم"}, [2]string{"آغاز", "آغا"}}, // ز after a vowel letter stays
		{"variant loanword", [2]string{"یوکرائن", "یوکرین"}, [2]string{"یوکرین", "یوکرینی"}},
		{"variant ہسپتال", [2]string{"ہسپتال", "سپتال"}, [2]string{"ہسپتال", "اسپین"}},
		{"variant قرضہ", [2]string{"قرضے", "قرض"}, [2]string{"قرض", "فرض"}},
		{"compound", [2]string{"وزیراعظم", "وزیراعظم"}, [2]string{"ایسی", "اےسی"}},
	}
	for _, c := range cases {
		if a, b := Key(c.same[0]), Key(c.same[1]); a != b {
			t.Errorf("%s: Key(%s) = %s, Key(%s) = %s: want them equal", c.rule, c.same[0], a, c.same[1], b)
		}
		if a, b := Key(c.diff[0]), Key(c.diff[1]); a == b {
			t.Errorf("%s: Key(%s) = Key(%s) = %s: different words merged", c.rule, c.diff[0], c.diff[1], a)
		}
	}
}

// TestFoldForSearch shows the two search-only folding rules: ZWNJ and ZWJ
// break words, and ۓ is written ئے; ے stays apart from ی.
func TestFoldForSearch(t *testing.T) {
	for in, want := range map[string]string{
		"ہیٹ\u200cویو": "ہیٹ ویو",
		"لا\u200dہور":  "لا ہور",
		"گۓ":           "گئے",
		"گے\u0654":     "گئے", // ے + hamza above, composed by NFC first
		"ہوۓ ہوئی":     "ہوئے ہوئی",
	} {
		if got := foldForSearch(in); got != want {
			t.Errorf("foldForSearch(%q) = %q, want %q", in, got, want)
		}
	}
	if foldForSearch("گئے") == foldForSearch("گئی") {
		t.Error("ے and ی merged")
	}
}

// TestKeysKeepLettersApart runs over the whole word list: two words that
// differ only by ے/ی, ھ/ہ or ں/ن at one place never share a key, so no
// table or rule merged them (URDU.md §2, step 7).
func TestKeysKeepLettersApart(t *testing.T) {
	words := listWords(t)
	inList := map[string]bool{}
	for _, w := range words {
		inList[w] = true
	}
	swap := map[rune]rune{'ے': 'ی', 'ی': 'ے', 'ھ': 'ہ', 'ہ': 'ھ', 'ں': 'ن', 'ن': 'ں'}
	checked := 0
	for _, w := range words {
		rs := []rune(w)
		for i, r := range rs {
			o, ok := swap[r]
			if !ok {
				continue
			}
			v := append([]rune{}, rs...)
			v[i] = o
			other := string(v)
			if !inList[other] {
				continue
			}
			checked++
			if Key(w) == Key(other) && !allowedMerge[w] && !allowedMerge[other] && !sameCompound(w, other) {
				t.Errorf("%s and %s share the key %s", w, other, Key(w))
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d pairs checked", checked)
	}
}

// sameCompound reports whether a and b are two joined spellings of one
// compound: inside a word ے is written ی («کیلئے» and «کےلئے» are both
// «کے لئے»).
func sameCompound(a, b string) bool {
	pa, oka := compoundParts[loose(a)]
	pb, okb := compoundParts[loose(b)]
	return oka && okb && wordKey(pa[0]) == wordKey(pb[0]) && wordKey(pa[1]) == wordKey(pb[1])
}

// allowedMerge names words that the reviewed variants table merges with a
// ھ/ہ twin on purpose: one word, two spellings.
var allowedMerge = map[string]bool{"لاھور": true}

// TestKeyIdempotent: a key is its own key, for every word of the list and
// its key, so an article word whose key equals a query word's key is
// found through either (the index holds a word as written or its key).
func TestKeyIdempotent(t *testing.T) {
	for _, w := range listWords(t) {
		k := Key(w)
		if kk := Key(k); kk != k {
			t.Errorf("Key(%s) = %s but Key(%s) = %s", w, k, k, kk)
		}
	}
	for w := range variants {
		if k := Key(w); Key(k) != k {
			t.Errorf("variant %s: key %s is not its own key", w, k)
		}
	}
}

// TestTablesFromWords checks the reviewed and generated tables against
// the word list: both forms of each broken plural, and both halves of each
// compound, are words of the list.
func TestTablesFromWords(t *testing.T) {
	inList := map[string]bool{}
	for _, w := range listWords(t) {
		inList[w] = true
	}
	for p, s := range brokenPlurals {
		if !inList[p] || !inList[s] {
			t.Errorf("broken plural %s/%s: not both in the word list", p, s)
		}
	}
	for joined, parts := range compoundParts {
		for _, half := range parts {
			if !inList[half] {
				t.Errorf("compound %s: half %s is not in the word list", joined, half)
			}
		}
	}
	if len(compoundParts) < 100 || len(stemOf) < 100 {
		t.Errorf("tables too small: %d compounds, %d stems", len(compoundParts), len(stemOf))
	}
}

// TestDerivedFormsNeverMatchTyped: derived forms start with a tatweel,
// which urdu.Fold deletes from anything typed.
func TestDerivedFormsNeverMatchTyped(t *testing.T) {
	q := Parse("ـملک " + derivedMark + "امریکہ")
	for _, term := range q.Terms {
		for _, w := range term.Words {
			if strings.HasPrefix(w, derivedMark) {
				t.Errorf("typed word %q kept the mark", w)
			}
		}
	}
	d := Document{Headline: "ممالک کی بارشیں", Body: "وزیر اعظم نے کہا"}
	f := d.Fields()
	if want := "ممالک کی بارشیں ـملک ـبارش"; f[0] != want {
		t.Errorf("headline field %q, want %q", f[0], want)
	}
	if want := "وزیر اعظم نے کہا ـوزیراعظم"; f[2] != want {
		t.Errorf("body field %q, want %q", f[2], want)
	}
}

func TestZWNJJoinedIndexed(t *testing.T) {
	d := Document{Body: "شدید ہیٹ\u200cویو اور خوش\u200cخبری"}
	got := d.Fields()[2]
	if want := "شدید ہیٹ ویو اور خوش خبری ـہیٹویو ـخوشخبری"; got != want {
		t.Errorf("body %q, want %q", got, want)
	}
}

// FuzzForms: any text indexes to valid words with no empty ones, a key is
// its own key, the derived forms carry their mark, and every tier of a
// query from the same text renders with balanced quotes.
func FuzzForms(f *testing.F) {
	for _, s := range []string{"ہیٹ\u200cویو اور کیلئے", "ممالک کی بارشیں", "اسلام آباد \u200c\u200d", "گۓ ؤ آ", "ـ\u200cـ", "\xffکے\u200c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for i, field := range (Document{Headline: in, Body: in}).Fields() {
			if field == "" {
				continue
			}
			for w := range strings.SplitSeq(field, " ") {
				if w == "" || !utf8.ValidString(w) || w == derivedMark {
					t.Fatalf("field %d: bad word %q in %q", i, w, field)
				}
			}
		}
		for _, w := range tokens(in) {
			if k := Key(w); Key(k) != k {
				t.Fatalf("Key(%q) = %q, Key of that %q", w, k, Key(k))
			}
		}
		for _, tier := range Parse(in).Tiers() {
			if fts := tier.FTS5(""); strings.Count(fts, `"`)%2 != 0 {
				t.Fatalf("unbalanced FTS5 quotes: %s", fts)
			}
			if ts := tier.TSQuery(); strings.Count(ts, "'")%2 != 0 {
				t.Fatalf("unbalanced tsquery quotes: %s", ts)
			}
		}
	})
}

// TestRuleStemMerges runs the inflection and spelling rules over the
// whole lexicon and logs every pair of lexicon words they join (go test
// -run TestRuleStemMerges -v): the list ruleStemKept was reviewed from.
// TestKeysKeepLettersApart checks that none joins words that differ only
// by ے/ی, ھ/ہ or ں/ن.
func TestRuleStemMerges(t *testing.T) {
	var spelled, stemmed []string
	for w := range lexicon {
		if s := spell(w); s != w && lexicon[s] {
			spelled = append(spelled, w+" → "+s)
		}
		if b, ok := ruleStem(spell(w)); ok {
			stemmed = append(stemmed, w+" → "+b)
		}
	}
	slices.Sort(spelled)
	slices.Sort(stemmed)
	t.Logf("spelling rules join %d pairs of lexicon words:\n%s", len(spelled), strings.Join(spelled, "\n"))
	t.Logf("inflection rules map %d lexicon words to a base:\n%s", len(stemmed), strings.Join(stemmed, "\n"))
}
