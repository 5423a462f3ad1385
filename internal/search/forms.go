package search

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"akhbar/internal/urdu"
)

// Search matches in tiers (issue 21), best first:
//
//  1. exact: the words as typed, folded (urdu.Fold, with ZWNJ and ZWJ as
//     word breaks and ۓ written ئے);
//  2. equivalent: the same word in another accepted form, compared by its
//     key (Key): آ without its madda, ؤ as و, a reviewed spelling variant,
//     a joined compound and its two words, a plural or oblique form and its
//     base;
//  3. prefix: the last word typed is the start of a longer word.
//
// The exact words are indexed as before. An article's words whose key
// differs from the word, and the two words of a joined compound and the
// joined key of two words side by side that form one, are indexed too,
// after the field's words, as derived forms: the key with a leading tatweel
// (U+0640), which urdu.Fold deletes from anything typed, so a derived form
// never matches a typed word and never takes part in a phrase.

// derivedMark starts every derived form in the index.
const derivedMark = "ـ"

// IsDerived reports whether an indexed word is a derived form, which no
// reader types: what reads the index's words (the "did you mean"
// vocabulary) leaves them out.
func IsDerived(word string) bool { return strings.HasPrefix(word, derivedMark) }

// IndexVersion names what the index holds: the store rebuilds an index
// written by another version at start-up. Change it whenever the words a
// Document gives change (folding, tokens, tables, derived forms).
const IndexVersion = 3

// The data-built tables, regenerated with go generate (gentables): the
// compounds are words of the word list or the news text that split into
// two words of the list which the news text also writes apart; the stems
// map plural and oblique forms ending in ـوں or ـیں to their bases.
//
//go:generate go run ./gentables
var (
	//go:embed compounds.txt
	compoundsText string
	//go:embed stems.txt
	stemsText string
	//go:embed lexicon.txt
	lexiconText string
)

// lexicon is the word list and the news text's words (lexicon.txt): the
// inflection rules accept a base, and a typed word splits into two halves,
// only where the lexicon knows the result.
var lexicon map[string]bool

// variants is the reviewed table of equivalent spellings of one word: each
// form maps to the one written most in Pakistani news. Keys and values are
// folded. Different words never share a line: ے/ی, ھ/ہ and ں/ن stay apart
// everywhere else.
var variants = map[string]string{
	"امریکا":   "امریکہ",   // both spellings of America are in wide use (امریکا in BBC Urdu, امریکہ in Jang)
	"ذیابطیس":  "ذیابیطس",  // diabetes: the letters ی and ط are often swapped
	"لاھور":    "لاہور",    // Lahore with do-chashmi heh, from keyboards that put ھ on the heh key; the name has no aspirate
	"لئے":      "لیے",      // for: the older and the recommended spelling
	"دیئے":     "دیے",      // given: ئ before ے is an old spelling
	"لیئے":     "لیے",      // for, with the same stray ئ
	"کئے":      "کیے",      // done: both spellings are standard
	"چئیرمین":  "چیئرمین",  // chairman: ئی and یئ swapped
	"مسلہ":     "مسئلہ",    // issue, without its hamza
	"مسلے":     "مسئلے",    // the same, oblique
	"سکیورٹی":  "سیکیورٹی", // security: both transliterations
	"سیکورٹی":  "سیکیورٹی",
	"سکیوریٹی": "سیکیورٹی",
	// Loanwords and names whose vowels Urdu writes with or without ی (or ئ):
	// no rule can tell these from different words (issue 21, round two).
	"یوکرائن":  "یوکرین",   // Ukraine
	"ملائشیا":  "ملائیشیا", // Malaysia
	"سیٹلائیٹ": "سیٹلائٹ",  // satellite
	"سینما":    "سنیما",    // cinema
	"پوتن":     "پیوٹن",    // Putin: ت for ٹ and no ی
	"پوٹن":     "پیوٹن",
	"طلبا":     "طلبہ",   // students: the Arabic plural's two Urdu spellings (طلباء is طلبا by the final hamza rule)
	"ہسپتال":   "اسپتال", // hospital: the Hindustani ہ for the prothetic alif (سپتال, اسپتال by the alif rule)
	"قرضہ":     "قرض",    // loan: qarz and qarza, one word (قرضے, قرضوں)
}

// brokenPlurals is the reviewed list of Arabic broken plurals that Urdu
// news uses beside their singulars, each kept because both forms occur in
// the demo articles (where وسائل/وسیلہ, اراکین/رکن and اسباب/سبب did not,
// they were left out).
var brokenPlurals = map[string]string{
	"ممالک": "ملک",   // countries
	"اقوام": "قوم",   // nations (اقوام متحدہ)
	"افراد": "فرد",   // persons
	"مسائل": "مسئلہ", // issues
	"ارکان": "رکن",   // members
	"حقوق":  "حق",    // rights
}

var (
	stemOf        map[string]string    // key of an inflected word → key of its base
	compoundParts map[string][2]string // loose joined form → its two words, folded
	compoundPairs map[[2]string]bool   // keys of two words that join into a compound

	// forms is the tables above in one lookup per word, built from them:
	// for a loose word, its key, its compound parts, and whether its key
	// may start a compound. A word not in it is its own key.
	forms map[string]formInfo
)

// formInfo is what forms knows of one loose word.
type formInfo struct {
	key      string
	parts    *[2]string // the two words of a joined compound
	startsTo bool       // the key is the first of a compoundPairs pair
}

func init() {
	lexicon = map[string]bool{}
	for line := range strings.Lines(lexiconText) {
		line = strings.TrimRight(line, "\n")
		if line != "" && line[0] != '#' {
			lexicon[line] = true
		}
	}
	respelled := map[string]string{}
	for from, to := range variants {
		respelled[spell(loose(from))] = spell(loose(to))
	}
	variants = respelled
	stemOf = map[string]string{}
	for inflected, base := range readPairs(stemsText) {
		stemOf[spell(loose(inflected))] = spell(loose(base))
	}
	for plural, single := range brokenPlurals {
		stemOf[spell(loose(plural))] = spell(loose(single))
	}
	compoundParts = map[string][2]string{}
	compoundPairs = map[[2]string]bool{}
	for joined, split := range readPairs(compoundsText) {
		a, b, ok := strings.Cut(split, " ")
		if !ok {
			continue
		}
		compoundParts[loose(joined)] = [2]string{a, b}
		compoundPairs[[2]string{wordKey(a), wordKey(b)}] = true
	}
	// The examples that the demo text does not write joined.
	for joined, split := range reviewedCompounds {
		a, b, _ := strings.Cut(split, " ")
		compoundParts[loose(joined)] = [2]string{a, b}
		compoundPairs[[2]string{wordKey(a), wordKey(b)}] = true
	}
	buildForms()
}

// buildForms fills forms from the tables, with the slow Key.
func buildForms() {
	forms = map[string]formInfo{}
	set := func(w string, f func(*formInfo)) {
		info, ok := forms[w]
		if !ok {
			info.key = slowKey(w)
		}
		f(&info)
		forms[w] = info
	}
	for w := range variants {
		set(loose(w), func(*formInfo) {})
	}
	for w := range stemOf {
		set(w, func(*formInfo) {})
	}
	for w, parts := range compoundParts {
		set(w, func(i *formInfo) { i.parts = &parts })
	}
	for pair := range compoundPairs {
		set(pair[0], func(i *formInfo) { i.startsTo = true })
	}
	// A word whose key is itself and that starts no compound needs no entry.
	for w, info := range forms {
		if info.key == w && info.parts == nil && !info.startsTo {
			delete(forms, w)
		}
	}
}

// reviewedCompounds are compounds readers type joined that the generated
// table cannot know: the joined form is in neither the word list nor the
// demo text.
var reviewedCompounds = map[string]string{
	"کیلئے":     "کے لئے", // for: the demo text writes «کے لیے» apart, never «کے لئے»
	"کےلئے":     "کے لئے",
	"اسلامآباد": "اسلام آباد", // the capital, typed without the space
	"ہیٹویو":    "ہیٹ ویو",    // heatwave, a ZWNJ compound typed without it
	"حیدرآباد":  "حیدر آباد",
	"ٹیلیویژن":  "ٹیلی ویژن",
}

// readPairs reads "a<TAB>b" lines, skipping # comments.
func readPairs(text string) map[string]string {
	out := map[string]string{}
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		if a, b, ok := strings.Cut(line, "\t"); ok {
			out[urdu.Fold(a)] = urdu.Fold(b)
		}
	}
	return out
}

// searchFoldReplacer writes ZWNJ and ZWJ as spaces before urdu.Fold, which
// would delete them: a writer puts one between the two words of a compound
// whose first word ends in a joining letter (ہیٹ‌ویو), so for search it
// is a word break, and the joined form is found through the compound key.
var searchFoldReplacer = strings.NewReplacer("\u200c", " ", "\u200d", " ")

// foldForSearch is urdu.Fold with two search-only rules: ZWNJ and ZWJ are
// word breaks, and ۓ (U+06D3, ے with hamza above, which NFC composes from
// ے+U+0654) is written ئے: the two are the same ending typed two ways
// (گۓ and گئے, ہوۓ and ہوئے); ئے, hamza-yeh then yeh barree, is the
// spelling Urdu dictionaries use. ے itself stays apart from ی.
func foldForSearch(text string) string {
	if strings.Contains(text, "\u200c") || strings.Contains(text, "\u200d") {
		text = searchFoldReplacer.Replace(text)
	}
	f := urdu.Fold(text)
	if strings.Contains(f, "ۓ") {
		f = strings.ReplaceAll(f, "ۓ", "ئے")
	}
	return f
}

// loose writes, for the equivalent tier only, ا for آ and و for ؤ in a
// folded word. Readers often type آباد as اباد (URDU.md §2, step 7); in
// the 14,000-word list, 26 words differ from another only by the hamza on
// و, and all but رؤف/روف are two spellings of one word (مؤقف/موقف,
// ٹاؤن/ٹاون). The madda is dropped only from words of four letters or
// more: the list has 58 pairs that differ only by it, and the short ones
// are mostly different words (آلو potato, الو owl; آٹھ eight, اٹھ rise;
// آج، آپ، آگ، آس، آن beside اج، اپ، اگ، اس، ان); two longer pairs that
// are different words are kept apart by name (maddaKept).
func loose(w string) string {
	// آ is D8 A2 and ؤ D8 A4 in UTF-8: one scan finds either.
	for i := 0; i+1 < len(w); i++ {
		if w[i] == 0xD8 && (w[i+1] == 0xA2 || w[i+1] == 0xA4) {
			w = strings.ReplaceAll(w, "ؤ", "و")
			if utf8.RuneCountInString(w) >= 4 && !maddaKept[w] {
				w = strings.ReplaceAll(w, "آ", "ا")
			}
			return w
		}
	}
	return w
}

// maddaKept are words of four letters or more whose madda makes another
// word: آمین (amen) and امین (trustworthy, a name); آندھی (storm) and
// اندھی (blind).
var maddaKept = map[string]bool{"آمین": true, "امین": true, "آندھی": true, "اندھی": true}

// loosePrefix is loose for the start of a word being typed, whose length
// is not known yet: the madda always goes.
func loosePrefix(p string) string {
	return strings.ReplaceAll(strings.ReplaceAll(p, "ؤ", "و"), "آ", "ا")
}

// wordKey is Key for a word that is not a compound: loose letters, the
// spelling rules, the variants table, then plural and oblique endings
// (the table, then the rules).
func wordKey(w string) string {
	k := spell(loose(w))
	if v, ok := variants[k]; ok {
		k = v
	}
	b, ok := stemOf[k]
	if !ok {
		b, ok = ruleStem(k)
	}
	if ok {
		k = b
		if v, ok := variants[k]; ok {
			k = v
		}
	}
	return k
}

// spell writes, for the equivalent tier, two spellings of one word the
// same way (issue 21):
//
//   - the prothetic alif of English loanwords: Urdu writes «اسکول» and
//     «سکول», «اسٹاک» and «سٹاک», «اسپنر» and «سپنر» for words that start
//     s + consonant in English; the key drops it. Only before ک, ٹ or پ
//     and in words of five letters or more: «اسلام» (س + ل) never
//     loses it, nor «اسکا», «اسکی» (اس کا run together). Run over the
//     lexicon, the rule joins 32 pairs of its words (TestRuleStemMerges
//     lists them), all one word spelled two ways but «اسپاٹ» (spot) and
//     «سپاٹ» (flat), kept apart by name.
//   - a final hamza after alif, which Arabic plurals and nouns carry or
//     drop («طلباء» and «طلبا», «علماء» and «علما», «ابتداء» and «ابتدا»).
func spell(w string) string {
	if strings.HasPrefix(w, "اس") && utf8.RuneCountInString(w) >= 5 && w != "اسپاٹ" { // spot; سپاٹ is flat
		switch r, _ := utf8.DecodeRuneInString(w[len("اس"):]); r {
		case 'ک', 'ٹ', 'پ':
			w = w[len("ا"):]
		}
	}
	if t, ok := strings.CutSuffix(w, "اء"); ok && utf8.RuneCountInString(t) >= 2 {
		w = t + "ا"
	}
	return w
}

// ruleStem returns the base of an inflected noun by the regular endings
// of Urdu and English plurals, when the lexicon knows the base (issue
// 21): stems.txt holds only forms the demo text uses, and readers type
// others («فصلیں», «مچھروں», «ڈیمز»). The endings, each with the bases it
// may come from, tried in order:
//
//	ـیاں, ـیوں  → ـی        سبزیاں، سبزیوں: سبزی
//	ـوں         → ـ, ـہ, ـا مچھروں: مچھر؛ علاقوں: علاقہ؛ انڈوں: انڈا
//	ـیں         → ـ         فصلیں، بارشیں، تنخواہیں (a base of three letters or more: the verbs کریں، ملیں، بنیں، سنیں have two)
//	ـے          → ـہ, ـا    ذخیرے: ذخیرہ؛ انڈے: انڈا (a marked masculine noun; never a bare base, and never ی: ے and ی stay apart)
//	ـات         → ـہ, ـ     واقعات: واقعہ؛ جنگلات: جنگل (a base of three letters or more; ـیات only to ـیہ)
//	ـز          → ـ         ڈیمز: ڈیم؛ فریلانسرز: فریلانسر (English plurals, after a consonant: آغاز, پرواز, نماز keep their ز)
//
// A stop word is never a form or a base, nor is a word of the exclusion
// list (ruleStemKept); a base that is itself a form of another base is
// not followed further, so the key stays a fixed point.
func ruleStem(w string) (string, bool) {
	if utf8.RuneCountInString(w) < 4 || urdu.IsStopWord(w) || ruleStemKept[w] {
		return "", false
	}
	// try returns the first of stem + each ending that the lexicon knows;
	// the stem itself must have minRunes letters (گاؤں is not گا + ؤں).
	try := func(stem string, minRunes int, ends ...string) (string, bool) {
		if utf8.RuneCountInString(stem) < minRunes {
			return "", false
		}
		for _, e := range ends {
			b := stem + e
			if lexicon[b] && !urdu.IsStopWord(b) && b != w {
				if _, again := stemOf[b]; again {
					continue
				}
				return b, true
			}
		}
		return "", false
	}
	if s, ok := strings.CutSuffix(w, "یاں"); ok {
		return try(s, 2, "ی")
	}
	if s, ok := strings.CutSuffix(w, "یوں"); ok {
		if b, ok := try(s, 2, "ی"); ok {
			return b, true
		}
	}
	if s, ok := strings.CutSuffix(w, "وں"); ok {
		return try(s, 3, "", "ہ", "ا")
	}
	if s, ok := strings.CutSuffix(w, "یں"); ok {
		return try(s, 3, "")
	}
	if s, ok := strings.CutSuffix(w, "ے"); ok {
		return try(s, 3, "ہ", "ا")
	}
	if s, ok := strings.CutSuffix(w, "ات"); ok {
		if strings.HasSuffix(s, "ی") {
			// ـیات makes disciplines and abstracts (معاشیات، نفسیات،
			// خصوصیات), not plurals of the adjective: only a ـیہ noun
			// (نظریات: نظریہ) is a base.
			return try(s, 3, "ہ")
		}
		// The feminine ـہ noun first: درجات is درجہ, not درج.
		return try(s, 3, "ہ", "")
	}
	if s, ok := strings.CutSuffix(w, "ز"); ok {
		switch r, _ := utf8.DecodeLastRuneInString(s); r {
		case 'ا', 'و', 'ی', 'ے':
			return "", false
		}
		return try(s, 3, "")
	}
	return "", false
}

// ruleStemKept are words the rules would take for forms of another word:
// reviewed from the list of every pair they join in the lexicon
// (TestRuleStemMerges prints it).
var ruleStemKept = map[string]bool{
	// ـیں: run-together words, verb forms and adjectives
	"آفریں": true,                                              // bravo, not offers
	"اسمیں": true,                                              // اس میں run together, not names
	"جسمیں": true,                                              // جس میں run together, not bodies
	"جاتیں": true, "دیتیں": true, "سکتیں": true, "کرتیں": true, // verbs' ـتیں
	"کردیں":  true, // کر دیں, not Kurds
	"شیریں":  true, // sweet, not lions
	"چاہییں": true,
	// ـے
	"تیرے":  true, // your, not thirteen
	"آمنے":  true, // آمنے سامنے, not the name آمنہ
	"ناروے": true, // Norway, not improper (ناروا)
	"سامنے": true, // in front, not confrontation (سامنا)
	// ـات: Arabic plurals of other words, and words that only end so
	"بارات": true, "برسات": true, "حضرات": true, "عادات": true, "عرفات": true,
	"صدقات": true, "صفات": true, "سادات": true, "عمارات": true, "مشاہدات": true,
	"معلومات": true, "واردات": true, "نکات": true, "امہات": true, "آیات": true,
	"حوالات": true, "علامات": true,
	// ـز: English words that end in s
	"ایڈز":  true, // AIDS, not ads
	"جینز":  true, // jeans, not genes
	"لینز":  true, // lens
	"کامنز": true,
}

// Key returns the form that equivalent spellings of the folded word w
// share (the equivalent tier compares keys): «اباد» and «آباد» give
// «اباد», «امریکا» and «امریکہ» give «امریکہ», «ممالک» and «ملکوں» give
// «ملک», and a joined compound gives the keys of its two words run
// together («کیلئے» and «کےلیے» give «کےلیے»). Key(Key(w)) == Key(w).
func Key(w string) string {
	l := loose(w)
	if info, ok := forms[l]; ok {
		return info.key
	}
	return wordKey(l)
}

// slowKey is Key from the tables themselves, which forms caches.
func slowKey(w string) string {
	if parts, ok := compoundParts[loose(w)]; ok {
		return compoundKey(wordKey(parts[0]), wordKey(parts[1]))
	}
	return wordKey(w)
}

// compoundKey is the key of a compound whose words have the keys a and b:
// run together, then loose again, since the joined word is longer than
// either (آنے keeps its madda, آنےوالی does not).
func compoundKey(a, b string) string { return loose(a + b) }

// joinKey returns the compound key of two words side by side, if they are
// the two words of a known compound.
func joinKey(a, b string) (string, bool) {
	ka := Key(a)
	if !forms[ka].startsTo {
		return "", false
	}
	kb := Key(b)
	if !compoundPairs[[2]string{ka, kb}] {
		return "", false
	}
	return compoundKey(ka, kb), true
}

// derivedForms returns the derived forms to index for a field's words, in
// order of first appearance, each once: the key of a word whose key
// differs from it, the keys of a joined compound's two words (one after
// the other), and the compound key of two words side by side.
func derivedForms(words []string) []string {
	var out []string
	var seen map[string]bool
	add := func(k string) {
		if seen == nil {
			seen = make(map[string]bool, 8)
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, derivedMark+k)
		}
	}
	for i, w := range words {
		if len(w) == 0 || w[0] < utf8.RuneSelf {
			continue // Latin words and numbers have no Urdu forms
		}
		l := loose(w)
		info, ok := forms[l]
		if !ok {
			info.key = wordKey(l)
		}
		if info.key != w {
			add(info.key)
		}
		if info.parts != nil {
			add(wordKey(info.parts[0]))
			add(wordKey(info.parts[1]))
		}
		if info.startsTo && i+1 < len(words) {
			if kb := Key(words[i+1]); compoundPairs[[2]string{info.key, kb}] {
				add(compoundKey(info.key, kb))
			}
		}
	}
	return out
}
