package urdu

import (
	"slices"
	"testing"
)

func TestStopWordList(t *testing.T) {
	if n := len(stopWords); n < 150 || n > 300 {
		t.Errorf("%d stop words, want 150–300", n)
	}
	seen := map[string]bool{}
	for _, w := range stopWords {
		if f := Fold(w); f != w {
			t.Errorf("stop word %q is not folded: Fold gives %q", w, f)
		}
		if len(Tokens(w)) != 1 {
			t.Errorf("stop word %q is not one token", w)
		}
		if seen[w] {
			t.Errorf("stop word %q listed twice", w)
		}
		seen[w] = true
	}
}

// TestStopWordExclusions checks that words news readers search for are not
// stop words: weekdays (CLDR ur, Sunday first), months, numbers, names.
func TestStopWordExclusions(t *testing.T) {
	content := []string{
		"اتوار", "پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ",
		"جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست",
		"ستمبر", "اکتوبر", "نومبر", "دسمبر", "محرم", "رمضان", "شوال",
		"دو", "تین", "چار", "پانچ", "دس", "سو", "ہزار", "لاکھ", "کروڑ", "ارب",
		"دوسرا", "پہلا", "کم", "بس", "پاس", "جی", "آج", "کل", "سال", "وقت",
		"روس", "پاکستان", "حکومت",
	}
	for _, w := range content {
		if IsStopWord(w) {
			t.Errorf("%q is a stop word, but news readers search for it", w)
		}
	}
}

func TestIsStopWord(t *testing.T) {
	for _, w := range []string{"کا", "کی", "کے", "میں", "سے", "نے", "کو", "پر", "اور", "یہ", "وہ",
		"ہے", "ہیں", "تھا", "تھی", "تھے", "بھی", "لیے", "لئے", "کہ", "جو", "ایک", "اس", "ان",
		"ہو", "گیا", "گئی", "گئے", "کر", "کیا", "رہا", "رہی", "رہے"} {
		if !IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = false", w)
		}
	}
	// Unfolded spellings are folded first.
	for _, w := range []string{"كي", "اُن", "لیے\u200c", " میں ", "تقریباً", "گئ\u0654ی"} {
		if !IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = false, want true after folding", w)
		}
	}
	for _, w := range []string{"", "روس", "مین", "کھا", "T20"} {
		if IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = true", w)
		}
	}
}

func TestStopWordsInSeedArticle(t *testing.T) {
	all := Tokens(Fold(seedText(t)))
	kept := SearchTokens(seedText(t))
	if len(kept) >= len(all) || len(kept) < len(all)/3 {
		t.Errorf("stop words removed %d of %d tokens", len(all)-len(kept), len(all))
	}
	for _, w := range []string{"کے", "میں", "کی", "کا", "نے", "ہے", "اور"} {
		if slices.Contains(kept, w) {
			t.Errorf("stop word %q left in the search tokens", w)
		}
	}
	t.Logf("seed article: %d tokens, %d after stop words", len(all), len(kept))
}
