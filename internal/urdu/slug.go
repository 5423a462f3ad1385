package urdu

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Transliterate returns s in readable Roman Urdu: lowercase ASCII letters,
// digits, single spaces and basic punctuation (۔ ، ؟ ؛ « » become . , ? ; ").
//
// Roman Urdu has no single standard (URDU.md §6), so Akhbar writes words the
// way Pakistani papers and readers customarily spell them in Latin letters.
// The text is folded first; then each run of up to four words is looked up
// in romanWords (names, countries, cities, acronyms written as letter names,
// and the commonest news and function words: روس→roos, شمالی→shumali,
// امریکا→america, وزیر اعظم→wazir-e-azam, پی ٹی آئی→pti), then in
// loanwords (English words in Urdu letters, spelt in English: ویو→wave,
// الرٹ→alert, اردو→urdu). Other words are
// spelt letter by letter (romanizeWord): consonants by their usual Roman
// letters (خ kh, ش sh, چ ch, غ gh, ق q, ژ zh, aspirates with h), ا a,
// آ aa, و w at the start or before ا and o elsewhere, ی y at the start, ee
// between consonants, i at the end, ے e, final ہ after a consonant a, ع a
// or nothing, ء nothing; as Urdu script leaves short vowels unwritten, an a
// is put between two opening consonants and between two closing ones other
// than the clusters Urdu ends words with (شراکت → sharakat, طلب → talab,
// but دوست → dost, بند → band). Latin letters lose their accents; other
// scripts are dropped.
func Transliterate(s string) string {
	pieces := translitPieces(Fold(s))
	var b strings.Builder
	b.Grow(len(s))
	prevWord := false // the last piece written was a word
	for k := 0; k < len(pieces); {
		p := pieces[k]
		switch {
		case p.urdu:
			roman, used := romanPhrase(pieces[k:])
			if prevWord {
				b.WriteByte(' ')
			}
			b.WriteString(roman)
			prevWord = true
			k += used
			continue
		case p.word:
			if prevWord {
				b.WriteByte(' ')
			}
			writeLatin(&b, p.text)
			prevWord = true
		default:
			r, _ := utf8.DecodeRuneInString(p.text)
			if c, ok := romanPunct[r]; ok {
				b.WriteString(c)
			} else if r < utf8.RuneSelf && (unicode.IsPunct(r) || strings.ContainsRune(" $%+=<>|~^`", r)) {
				b.WriteRune(r)
			}
			prevWord = false
		}
		k++
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// romanPunct spells Urdu punctuation in ASCII.
var romanPunct = map[rune]string{
	'۔': ".", '،': ",", '؟': "?", '؛': ";", '«': `"`, '»': `"`,
	'٪': "%", '٫': ".", '٬': ",", '“': `"`, '”': `"`, '‘': "'", '’': "'",
	'–': "-", '—': "-",
}

// translitPiece is a word in the Arabic script, another word, or one other rune.
type translitPiece struct {
	text       string
	urdu, word bool
}

// translitPieces splits folded text into pieces.
func translitPieces(s string) []translitPiece {
	var out []translitPiece
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isUrduLetter(r):
			j := i + n
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !isUrduLetter(r) {
					break
				}
				j += n
			}
			out = append(out, translitPiece{text: s[i:j], urdu: true})
			i = j
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			j := i + n
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if isUrduLetter(r) || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
					break
				}
				j += n
			}
			out = append(out, translitPiece{text: s[i:j], word: true})
			i = j
		default:
			out = append(out, translitPiece{text: s[i : i+n]})
			i += n
		}
	}
	return out
}

// isUrduLetter reports whether r is a letter of the Arabic script.
func isUrduLetter(r rune) bool {
	return IsUrdu(r) && unicode.IsLetter(r)
}

// romanPhrase spells the Urdu word at ps[0], or the longest phrase of up to
// four words starting there that romanWords or loanwords know, and returns how many
// pieces it used.
func romanPhrase(ps []translitPiece) (string, int) {
	for words := 4; words > 1; words-- {
		used := 2*words - 1
		if used > len(ps) {
			continue
		}
		var key strings.Builder
		ok := true
		for k := 0; k < used && ok; k++ {
			p := ps[k]
			if k%2 == 0 {
				ok = p.urdu
			} else {
				ok = p.text == " "
			}
			key.WriteString(p.text)
		}
		if !ok {
			continue
		}
		if roman, found := knownRoman(key.String()); found {
			return roman, used
		}
	}
	if roman, found := knownRoman(ps[0].text); found {
		return roman, 1
	}
	return romanizeWord(ps[0].text), 1
}

// knownRoman looks a folded word or phrase up in romanWords, then in the
// English loanwords.
func knownRoman(key string) (string, bool) {
	if roman, ok := romanWords[key]; ok {
		return roman, true
	}
	roman, ok := loanwords[key]
	return roman, ok
}

// writeLatin writes a non-Arabic-script word: Latin letters without their
// accents, ASCII digits; other scripts are dropped.
func writeLatin(b *strings.Builder, w string) {
	for _, r := range w {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Latin, r):
			for _, d := range norm.NFKD.String(string(r)) {
				if d < utf8.RuneSelf && (unicode.IsLetter(d) || unicode.IsDigit(d)) {
					b.WriteRune(unicode.ToLower(d))
				}
			}
		}
	}
}

// romanConsonants spells the consonants for romanizeWord.
var romanConsonants = map[rune]string{
	'ب': "b", 'پ': "p", 'ت': "t", 'ٹ': "t", 'ث': "s", 'ج': "j", 'چ': "ch",
	'ح': "h", 'خ': "kh", 'د': "d", 'ڈ': "d", 'ذ': "z", 'ر': "r", 'ڑ': "r",
	'ز': "z", 'ژ': "zh", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "z", 'ط': "t",
	'ظ': "z", 'غ': "gh", 'ف': "f", 'ق': "q", 'ک': "k", 'گ': "g", 'ل': "l",
	'م': "m", 'ن': "n", 'ں': "n", 'ہ': "h", 'ھ': "h", 'ۃ': "t", 'ڤ': "v",
}

// romanizeWord spells a folded Urdu word letter by letter, with the vowel
// heuristics described at Transliterate.
func romanizeWord(w string) string {
	rs := []rune(w)
	last := len(rs) - 1
	at := func(k int) rune {
		if k < 0 || k > last {
			return 0
		}
		return rs[k]
	}
	isVowel := func(r rune) bool { return strings.ContainsRune("اآویےئؤعء", r) }
	// consonant reports whether rs[k] sounds as a consonant.
	consonant := func(k int) bool {
		r := at(k)
		switch r {
		case 0:
			return false
		case 'و', 'ی':
			return k == 0 || (r == 'و' && (at(k+1) == 'ا' || at(k+1) == 'آ'))
		case 'ہ':
			return !(k == last && k > 0 && !isVowel(at(k-1)))
		}
		return !isVowel(r)
	}
	var b strings.Builder
	for k, r := range rs {
		prev, next := at(k-1), at(k+1)
		// Unwritten short vowels: between the first two consonants
		// (شراکت → shar…) and in a final pair of consonants, unless it is
		// one Urdu ends words with (…kat, but dost, band, fard).
		switch {
		case k == 1 && r != 'ھ' && consonant(0) && consonant(1),
			k == 2 && rs[1] == 'ھ' && consonant(0) && consonant(2),
			k == last && k >= 2 && r != 'ھ' && consonant(k) && consonant(k-1) &&
				!strings.ContainsRune("سشخفنرزغھ", prev):
			b.WriteByte('a')
		}
		switch r {
		case 'ا':
			if k == 0 && (next == 'و' || next == 'ی') {
				continue // the vowel is written by the و or ی
			}
			b.WriteByte('a')
		case 'آ':
			b.WriteString("aa")
		case 'و':
			if consonant(k) {
				b.WriteByte('w')
			} else {
				b.WriteByte('o')
			}
		case 'ی':
			switch {
			case k == 0:
				b.WriteByte('y')
			case k == last:
				b.WriteByte('i')
			case next == 'ا' || next == 'و':
				if !isVowel(prev) {
					b.WriteByte('i')
				}
				b.WriteByte('y')
			case isVowel(prev):
				b.WriteByte('e')
			default:
				b.WriteString("ee")
			}
		case 'ے':
			b.WriteByte('e')
		case 'ئ':
			switch {
			case next == 'ی' || next == 'ے':
				if k > 0 && !isVowel(prev) {
					b.WriteByte('a')
				}
			default:
				b.WriteByte('i')
			}
		case 'ؤ':
			b.WriteByte('o')
		case 'ع':
			if k == 0 || !isVowel(prev) {
				b.WriteByte('a')
			}
		case 'ء':
		case 'ہ':
			if consonant(k) {
				b.WriteByte('h')
			} else {
				b.WriteByte('a')
			}
		default:
			if c, ok := romanConsonants[r]; ok {
				b.WriteString(c)
			}
		}
	}
	return b.String()
}

// Slug returns a URL slug for a headline: its Roman Urdu transliteration as
// lowercase ASCII letters and digits joined by single hyphens, at most
// maxSlugLen bytes, cut at a word boundary. It is never empty: text with
// nothing to spell gives "khabar" (news).
func Slug(s string) string {
	t := Transliterate(s)
	var b strings.Builder
	b.Grow(len(t))
	hyphen := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteByte(c)
		case c == '\'':
			// pakistan's → pakistans
		default:
			hyphen = true
		}
	}
	out := cutAtHyphen(b.String(), maxSlugLen)
	if out == "" {
		return "khabar"
	}
	return out
}

// maxSlugLen bounds slugs: in bytes for Slug, in runes for UrduSlug.
const maxSlugLen = 80

// cutAtHyphen shortens the slug s to at most max bytes, at its last hyphen
// that fits, or in the middle of its first word if that alone is too long.
func cutAtHyphen(s string, max int) string {
	if len(s) <= max {
		return s
	}
	if s[max] == '-' {
		return s[:max]
	}
	if k := strings.LastIndexByte(s[:max], '-'); k > 0 {
		return s[:k]
	}
	return s[:max]
}

// UrduSlug returns a URL slug that keeps the Urdu letters: the folded text
// with punctuation, symbols and spaces turned into single hyphens, at most
// maxSlugLen runes, cut at a word boundary. Being folded, it is NFC, so two
// spellings that fold alike share one URL (URDU.md §6). It is never empty:
// text without letters gives "خبر".
func UrduSlug(s string) string {
	f := Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	hyphen, word := false, false // word: the last rune written is part of a word
	runes, cut := 0, -1          // cut: b.Len() at the last word end within the limit
	for _, r := range f {
		keep := unicode.IsLetter(r) || unicode.IsNumber(r) || (word && unicode.IsMark(r))
		if !keep {
			hyphen = b.Len() > 0
			if word && runes <= maxSlugLen {
				cut = b.Len()
			}
			word = false
			continue
		}
		if hyphen {
			b.WriteByte('-')
			runes++
			hyphen = false
		}
		b.WriteRune(r)
		runes++
		word = true
	}
	out := b.String()
	switch {
	case out == "":
		return "خبر"
	case runes <= maxSlugLen:
		return out
	case cut > 0:
		return out[:cut]
	}
	// One word longer than the limit: cut it at a rune boundary.
	n := 0
	for i := range out {
		if n == maxSlugLen {
			return out[:i]
		}
		n++
	}
	return out
}

// romanWords are customary Roman Urdu spellings of words and phrases that
// letter-by-letter spelling gets wrong: function words, names, countries,
// cities, acronyms said as letter names, and frequent news words. Keys are
// folded; phrases are words joined by single spaces.
var romanWords = map[string]string{
	// Function words.
	"کا": "ka", "کی": "ki", "کے": "ke", "میں": "mein", "سے": "se", "نے": "ne",
	"کو": "ko", "پر": "par", "تک": "tak", "اور": "aur", "یا": "ya", "یہ": "yeh",
	"وہ": "woh", "ہے": "hai", "ہیں": "hain", "تھا": "tha", "تھی": "thi",
	"تھے": "thay", "تھیں": "theen", "بھی": "bhi", "ہی": "hi", "نہیں": "nahin",
	"نہ": "na", "کہ": "keh", "جو": "jo", "جس": "jis", "جن": "jin", "ایک": "aik",
	"اس": "is", "ان": "un", "انہوں": "unhon", "انہیں": "unhein", "اسے": "isay",
	"ہو": "ho", "ہوا": "hua", "ہوئی": "hui", "ہوئے": "huay", "ہوں": "hon",
	"ہوتا": "hota", "ہوتی": "hoti", "ہوتے": "hotay", "ہونے": "honay",
	"ہوگا": "hoga", "ہوگی": "hogi", "گا": "ga", "گی": "gi", "گے": "ge",
	"گیا": "gaya", "گئی": "gayi", "گئے": "gaye", "کر": "kar", "کیا": "kiya",
	"کیے": "kiye", "کرنے": "karne", "کرتے": "karte", "کرتا": "karta",
	"کرتی": "karti", "کریں": "karein", "کرے": "karay", "کرنا": "karna",
	"رہا": "raha", "رہی": "rahi", "رہے": "rahay", "لیے": "liye", "لئے": "liye",
	"بعد": "baad", "پہلے": "pehle", "ساتھ": "sath", "بارے": "baray",
	"مطابق": "mutabiq", "خلاف": "khilaf", "دوران": "dauran",
	"درمیان": "darmiyan", "ذریعے": "zariye", "طرف": "taraf", "طور": "taur",
	"طرح": "tarah", "وجہ": "wajah", "حوالے": "hawale", "لیکن": "lekin",
	"مگر": "magar", "اگر": "agar", "تاہم": "taham", "جبکہ": "jabkay",
	"کیونکہ": "kyunkay", "جب": "jab", "اب": "ab", "پھر": "phir", "صرف": "sirf",
	"بہت": "bohat", "زیادہ": "ziada", "کم": "kam", "سب": "sab", "تمام": "tamam",
	"ہر": "har", "کوئی": "koi", "کچھ": "kuch", "کسی": "kisi", "کئی": "kai",
	"دیگر": "deegar", "مزید": "mazeed", "اپنے": "apne", "اپنی": "apni",
	"اپنا": "apna", "آپ": "aap", "ہم": "hum", "جا": "ja", "جائے": "jaye",
	"جاتا": "jata", "جاتی": "jati", "جاتے": "jatay", "جانے": "janay",
	"دیا": "diya", "دی": "di", "دیے": "diye", "دینے": "dene", "دے": "de",
	"لیا": "liya", "لی": "li", "سکتا": "sakta", "سکتی": "sakti",
	"سکتے": "saktay", "چکا": "chuka", "چکی": "chuki", "چکے": "chukay",
	"والا": "wala", "والی": "wali", "والے": "walay", "نیا": "naya",
	"نئی": "nai", "نئے": "naye", "بڑا": "bara", "بڑی": "bari", "بڑے": "baray",
	"کہا": "kaha", "کہنا": "kehna", "کہنے": "kehne", "یہاں": "yahan",
	"وہاں": "wahan", "جہاں": "jahan", "کیوں": "kyun", "کیسے": "kaise",
	"کون": "kaun", "کب": "kab", "دونوں": "donon", "خود": "khud", "یعنی": "yani",
	// Time.
	"آج": "aaj", "کل": "kal", "دن": "din", "روز": "roz", "سال": "saal",
	"برس": "baras", "ماہ": "mah", "مہینے": "mahine", "ہفتے": "haftay",
	"ہفتہ": "hafta", "منٹ": "minute", "گھنٹے": "ghantay", "گزشتہ": "guzishta",
	"آئندہ": "aainda", "رواں": "rawan", "اتوار": "itwar", "پیر": "peer",
	"منگل": "mangal", "بدھ": "budh", "جمعرات": "jumeraat", "جمعہ": "juma",
	"جنوری": "january", "فروری": "february", "مارچ": "march", "اپریل": "april",
	"مئی": "may", "جون": "june", "جولائی": "july", "اگست": "august",
	"ستمبر": "september", "اکتوبر": "october", "نومبر": "november",
	"دسمبر": "december", "محرم": "muharram", "صفر": "safar", "ربیع": "rabi",
	"الاول": "ul-awwal", "الثانی": "us-sani", "جمادی": "jamadi", "رجب": "rajab",
	"شعبان": "shaban", "رمضان": "ramzan", "شوال": "shawwal",
	"ذوالقعدہ": "zul-qada", "ذوالحجہ": "zul-hajja", "عید": "eid",
	"عیدالفطر": "eid-ul-fitr", "عیدالاضحی": "eid-ul-azha", "ہجری": "hijri",
	// Numbers.
	"دو": "do", "تین": "teen", "چار": "char", "پانچ": "panch", "چھ": "chhe",
	"سات": "saat", "آٹھ": "aath", "نو": "nau", "دس": "das", "سو": "sau",
	"ہزار": "hazar", "لاکھ": "lakh", "کروڑ": "crore", "ارب": "arab",
	"پہلا": "pehla", "پہلی": "pehli", "دوسرا": "doosra", "دوسری": "doosri",
	"دوسرے": "doosray", "تیسرا": "teesra",
	// Countries, regions and the world.
	"پاکستان": "pakistan", "پاکستانی": "pakistani", "پاک": "pak",
	"بھارت": "bharat", "بھارتی": "bharti", "ہندوستان": "hindustan",
	"چین": "cheen", "چینی": "cheeni", "روس": "roos", "روسی": "roosi",
	"امریکا": "america", "امریکہ": "america", "امریکی": "amriki",
	"برطانیہ": "bartania", "برطانوی": "bartanvi", "ایران": "iran",
	"ایرانی": "irani", "افغانستان": "afghanistan", "افغان": "afghan",
	"سعودی": "saudi", "عرب": "arab", "عربیہ": "arabia", "ترکی": "turkey",
	"قطر": "qatar", "دبئی": "dubai", "متحدہ": "muttahida",
	"امارات": "emirates", "اسرائیل": "israel", "اسرائیلی": "israeli",
	"فلسطین": "falasteen", "فلسطینی": "falasteeni", "غزہ": "gaza",
	"یوکرین": "ukraine", "یوکرینی": "ukraini", "شمالی": "shumali",
	"جنوبی": "junoobi", "مشرقی": "mashriqi", "مغربی": "maghribi",
	"کوریا": "korea", "جاپان": "japan", "فرانس": "france", "جرمنی": "germany",
	"اٹلی": "italy", "اسپین": "spain", "کینیڈا": "canada",
	"آسٹریلیا": "australia", "بنگلہ دیش": "bangladesh", "سری لنکا": "sri-lanka",
	"نیپال": "nepal", "مصر": "misr", "شام": "shaam", "عراق": "iraq",
	"لبنان": "lebanon", "یمن": "yemen", "اردن": "urdun", "کویت": "kuwait",
	"بحرین": "bahrain", "ملائیشیا": "malaysia", "انڈونیشیا": "indonesia",
	"ایشیا": "asia", "یورپ": "europe", "یورپی": "europi", "افریقہ": "africa",
	"اقوام متحدہ": "aqwam-e-muttahida", "نیٹو": "nato", "ماسکو": "moscow",
	"پیانگ یانگ": "pyongyang", "بیجنگ": "beijing", "واشنگٹن": "washington",
	"لندن": "london", "دہلی": "delhi", "نئی دہلی": "new-delhi", "کابل": "kabul",
	"تہران": "tehran", "ریاض": "riyadh", "استنبول": "istanbul",
	"انقرہ": "ankara", "ٹوکیو": "tokyo", "پیرس": "paris", "کورسک": "kursk",
	"مکہ": "makkah", "مدینہ": "madina",
	// Pakistan.
	"اسلام": "islam", "آباد": "abad", "اسلام آباد": "islamabad",
	"کراچی": "karachi", "لاہور": "lahore", "پشاور": "peshawar",
	"کوئٹہ": "quetta", "ملتان": "multan", "فیصل آباد": "faisalabad",
	"راولپنڈی": "rawalpindi", "حیدرآباد": "hyderabad",
	"حیدر آباد": "hyderabad", "سیالکوٹ": "sialkot", "گوجرانوالہ": "gujranwala",
	"سکھر": "sukkur", "گلگت": "gilgit", "بلتستان": "baltistan", "آزاد": "azad",
	"کشمیر": "kashmir", "پنجاب": "punjab", "سندھ": "sindh",
	"بلوچستان": "balochistan", "خیبر": "khyber", "پختونخوا": "pakhtunkhwa",
	"مری": "murree", "گوادر": "gwadar", "ایبٹ آباد": "abbottabad",
	"مظفرآباد": "muzaffarabad", "مظفر آباد": "muzaffarabad", "سوات": "swat",
	"وزیرستان": "waziristan", "چترال": "chitral",
	// People and parties.
	"نواز": "nawaz", "شریف": "sharif", "عمران": "imran", "خان": "khan",
	"شہباز": "shehbaz", "بلاول": "bilawal", "بھٹو": "bhutto",
	"زرداری": "zardari", "مریم": "maryam", "آصف": "asif", "علی": "ali",
	"محمد": "muhammad", "احمد": "ahmed", "حسین": "hussain", "عاصم": "asim",
	"منیر": "munir", "مودی": "modi", "ٹرمپ": "trump", "بائیڈن": "biden",
	"پیوٹن": "putin", "پوتن": "putin", "ولادیمیر": "vladimir",
	"زیلنسکی": "zelensky", "سرگئی": "sergei", "شوئیگو": "shoigu",
	"کم جونگ ان": "kim-jong-un", "شی جن پنگ": "xi-jinping",
	"نیتن یاہو": "netanyahu", "تحریک": "tehreek", "انصاف": "insaf",
	"مسلم": "muslim", "لیگ": "league", "پیپلز": "peoples", "پارٹی": "party",
	"پی ٹی آئی": "pti", "ایم کیو ایم": "mqm", "جے یو آئی": "jui",
	"اے این پی": "anp", "پی پی پی": "ppp",
	// Acronyms said as letter names.
	"ایف آئی اے": "fia", "آئی ایم ایف": "imf", "پی سی بی": "pcb",
	"پی ایس ایل": "psl", "آئی سی سی": "icc", "ڈی پی آر کے": "dprk",
	"کے سی این اے": "kcna", "این ڈی ایم اے": "ndma", "آئی ایس پی آر": "ispr",
	"ایس ای سی پی": "secp", "ٹی وی": "tv", "ٹی ٹوئنٹی": "t20", "نیب": "nab", "اوگرا": "ogra",
	"نیپرا": "nepra", "واپڈا": "wapda",
	// State, politics and law.
	"وزیراعظم": "wazir-e-azam", "وزیر اعظم": "wazir-e-azam", "وزیر": "wazir",
	"اعظم": "azam", "وزیراعلی": "wazir-e-ala", "وزیر اعلی": "wazir-e-ala",
	"اعلی": "aala", "صدر": "sadar", "حکومت": "hukumat", "حکومتی": "hukumati",
	"سرکاری": "sarkari", "وفاقی": "wifaqi", "صوبائی": "subai", "صوبہ": "suba",
	"صوبے": "subay", "قومی": "qaumi", "اسمبلی": "assembly", "سینیٹ": "senate",
	"پارلیمنٹ": "parliament", "جماعت": "jamaat", "اپوزیشن": "opposition",
	"انتخابات": "intikhabat", "انتخاب": "intikhab", "الیکشن": "election",
	"ووٹ": "vote", "ووٹنگ": "voting", "کمیشن": "commission", "چیف": "chief",
	"جسٹس": "justice", "عدالت": "adalat", "عدالتی": "adalati",
	"سپریم کورٹ": "supreme-court", "سپریم": "supreme", "کورٹ": "court",
	"ہائیکورٹ": "high-court", "ہائی کورٹ": "high-court", "فیصلہ": "faisla",
	"فیصلے": "faislay", "مقدمہ": "muqadma", "مقدمے": "muqadmay", "کیس": "case",
	"سماعت": "samaat", "ضمانت": "zamanat", "گرفتار": "giraftar",
	"گرفتاری": "giraftari", "پولیس": "police", "فوج": "fauj", "فوجی": "fauji",
	"آرمی": "army", "نیوی": "navy", "فضائیہ": "fazaia",
	"سیکیورٹی": "security", "سکیورٹی": "security", "دہشت": "dehshat",
	"دہشت گرد": "dehshatgard", "دہشت گردی": "dehshatgardi",
	"دہشتگرد": "dehshatgard", "دہشتگردی": "dehshatgardi", "حملہ": "hamla",
	"حملے": "hamlay", "دھماکا": "dhamaka", "دھماکہ": "dhamaka",
	"دھماکے": "dhamakay", "ہلاک": "halak", "جاں بحق": "jaan-bahaq",
	"زخمی": "zakhmi", "شہید": "shaheed", "شہر": "shehar", "ملک": "mulk",
	"ممالک": "mamalik", "عوام": "awam", "عوامی": "awami", "قوم": "qaum",
	"قانون": "qanoon", "قانونی": "qanooni", "آئین": "aaeen", "آئینی": "aaeeni",
	"ترمیم": "tarmeem", "بل": "bill", "منظور": "manzoor", "منظوری": "manzoori",
	"مسترد": "mustarad", "سیاسی": "siyasi", "سیاست": "siyasat",
	"رہنما": "rehnuma", "سربراہ": "sarbarah", "ترجمان": "tarjuman",
	"اہلکار": "ahalkar", "حکام": "hukkam", "افسر": "afsar", "ادارہ": "idara",
	"ادارے": "idaray", "اداروں": "idaron", "کمیٹی": "committee",
	"کابینہ": "kabina", "اجلاس": "ijlas", "کانفرنس": "conference",
	"احتجاج": "ehtijaj", "مظاہرہ": "muzahira", "مظاہرے": "muzahiray",
	"ہڑتال": "hartal", "پابندی": "pabandi", "پابندیاں": "pabandiyan",
	"تحقیقات": "tehqeeqat", "کارروائی": "karrwai", "آپریشن": "operation",
	// Diplomacy and war.
	"جنگ": "jang", "امن": "aman", "جنگ بندی": "jang-bandi",
	"مذاکرات": "muzakrat", "معاہدہ": "muahida", "معاہدے": "muahiday",
	"معاہدوں": "muahidon", "تعلقات": "taluqat", "دورہ": "daura",
	"دورے": "dauray", "وفد": "wafd", "سفیر": "safeer", "سفارتی": "sifarati",
	"خارجہ": "kharja", "داخلہ": "dakhla", "دفاع": "difa", "دفاعی": "difai",
	"عسکری": "askari", "تعاون": "taawun", "شراکت": "shirakat",
	"داری": "dari", "ملاقات": "mulaqat", "بیان": "bayan", "اعلان": "elan",
	"سلامتی": "salamati", "کونسل": "council", "سیکریٹری": "secretary",
	"اسٹریٹجک": "strategic", "متوقع": "mutawaqqa", "سطح": "satah",
	"سطحی": "satahi", "وسعت": "wusat", "آمادہ": "aamada", "پیش رفت": "pesh-raft", "تصدیق": "tasdeeq",
	"تردید": "tardeed", "اطلاعات": "ittilaat", "ہم آہنگی": "hum-aahangi",
	// Economy.
	"معیشت": "maeeshat", "معاشی": "maashi", "بجٹ": "budget", "ٹیکس": "tax",
	"مہنگائی": "mehngai", "قیمت": "qeemat", "قیمتوں": "qeematon",
	"قیمتیں": "qeematein", "ڈالر": "dollar", "روپیہ": "rupiya",
	"روپے": "rupay", "پیٹرول": "petrol", "پٹرول": "petrol", "ڈیزل": "diesel",
	"بجلی": "bijli", "گیس": "gas", "تیل": "tail", "سونا": "sona",
	"اسٹاک": "stock", "مارکیٹ": "market", "بینک": "bank", "اسٹیٹ": "state",
	"قرض": "qarz", "قرضہ": "qarza", "سرمایہ": "sarmaya",
	"سرمایہ کاری": "sarmayakari", "تجارت": "tijarat", "برآمدات": "baramadat",
	"درآمدات": "daramadat", "شرح": "sharah", "سود": "sood", "ترقی": "taraqqi",
	"منصوبہ": "mansooba", "منصوبے": "mansoobay", "اضافہ": "izafa",
	"کمی": "kami", "سی پیک": "cpec",
	// Weather, society, health, education.
	"بارش": "barish", "بارشوں": "barishon", "سیلاب": "sailab",
	"زلزلہ": "zalzala", "زلزلے": "zalzalay", "موسم": "mausam", "گرمی": "garmi",
	"سردی": "sardi", "برفباری": "barfbari", "طوفان": "toofan",
	"اسموگ": "smog", "سموگ": "smog", "پانی": "pani", "حادثہ": "hadsa",
	"حادثے": "hadsay", "ٹریفک": "traffic", "سڑک": "sarak", "ٹرین": "train",
	"ریلوے": "railway", "پرواز": "parwaz", "طیارہ": "tayyara",
	"طیارے": "tayyaray", "ہسپتال": "hospital", "اسپتال": "hospital",
	"ڈاکٹر": "doctor", "صحت": "sehat", "کورونا": "corona", "پولیو": "polio",
	"ویکسین": "vaccine", "وائرس": "virus", "تعلیم": "taleem",
	"اسکول": "school", "سکول": "school", "یونیورسٹی": "university",
	"طلبہ": "talaba", "امتحان": "imtihan", "امتحانات": "imtihanat",
	"نتائج": "nataij", "بچے": "bachay", "بچوں": "bachon",
	"خواتین": "khawateen", "خاتون": "khatoon", "شخص": "shakhs",
	"افراد": "afraad", "لوگ": "log", "لوگوں": "logon", "خبر": "khabar",
	"خبریں": "khabrein", "خبروں": "khabron", "رپورٹ": "report",
	"نیوز": "news", "ڈیسک": "desk", "میڈیا": "media", "سوشل": "social",
	"ایجنسی": "agency", "موبائل": "mobile", "فون": "phone",
	"انٹرنیٹ": "internet", "ٹیکنالوجی": "technology",
	// Sport.
	"کرکٹ": "cricket", "میچ": "match", "ٹیم": "team", "کھلاڑی": "khilari",
	"کھلاڑیوں": "khilarion", "کپتان": "kaptan", "ورلڈ کپ": "world-cup",
	"ورلڈ": "world", "کپ": "cup", "ٹیسٹ": "test", "ون ڈے": "one-day",
	"سیریز": "series", "رنز": "runs", "رن": "run", "وکٹ": "wicket",
	"وکٹوں": "wickets", "فتح": "fatah", "شکست": "shikast", "جیت": "jeet",
	"جیتا": "jeeta", "جیتی": "jeeti", "جیت لیا": "jeet-liya", "ہاکی": "hockey",
	"فٹبال": "football", "فٹ بال": "football", "اولمپکس": "olympics",
	"بابر": "babar", "شاہین": "shaheen", "آفریدی": "afridi",
	"رضوان": "rizwan", "اسکواڈ": "squad",
	// Other frequent headline words.
	"پیش": "pesh", "پیش گوئی": "pesh-goi", "شروع": "shuru", "دور": "daur",
	"شدت": "shiddat", "شدید": "shadeed", "ریکارڈ": "record",
	"محکمہ": "mehkama", "موسمیات": "mosmiyat", "مقرر": "muqarrar",
	"برقرار": "barqarar", "قراقرم": "karakoram", "افتتاح": "iftitah",
	"ترقیاتی": "taraqiati", "منصوبوں": "mansoobon", "مہم": "muhim",
	"مملکت": "mumlikat", "وزرائے": "wuzra-e", "لیٹر": "liter",
	"جائیں": "jayen", "ملک گیر": "mulk-geer",
}
