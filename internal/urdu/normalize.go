package urdu

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// IsUrdu reports whether r belongs to the Arabic-script blocks Urdu is
// written in (Arabic, Arabic Supplement, Arabic Extended-A, presentation forms).
func IsUrdu(r rune) bool {
	switch {
	case r >= 0x0600 && r <= 0x06FF,
		r >= 0x0750 && r <= 0x077F,
		r >= 0x08A0 && r <= 0x08FF,
		r >= 0xFB50 && r <= 0xFDFF,
		r >= 0xFE70 && r <= 0xFEFE:
		return true
	}
	return false
}

// Normalize returns s in Akhbar's stored form (URDU.md §2 "Stored text"):
// what the writer meant, in one canonical encoding, so equal text compares equal.
//
// It applies NFC; turns presentation forms into base letters (U+FEEB/U+FEEC
// into ھ); writes ک for ك, ی for ي and ى, ۃ for ة, ۂ for ۀ and ۰–۹ for ٠–٩;
// removes tatweel, byte order marks and control characters other than
// newlines (PostgreSQL refuses NUL in text); replaces each run of invalid
// UTF-8 bytes with one U+FFFD. Whitespace: \r\n, \r, \v, \f, U+0085 and
// U+2028 end a line, U+2029 ends a paragraph; other Unicode spaces and tabs
// become one ASCII space; lines are trimmed; blank lines collapse to one
// (at most two newlines in a row) and the text is trimmed of leading and
// trailing blank lines. Diacritics, Arabic heh U+0647, ZWNJ and bidi marks
// stay. Normalize is idempotent and returns s itself when nothing changes.
// Do not apply it to spans marked lang="ar" (Qur'an quotations use ك ي ة).
func Normalize(s string) string {
	if isNormalized(s) {
		return s
	}
	return normalizeSlow(s)
}

// isNormalized is Normalize's fast path: it reports whether Normalize(s) == s
// without building anything. A false answer only costs time.
func isNormalized(s string) bool {
	if s == "" {
		return true
	}
	nfcCheck := false  // a rune NFC might change was seen
	prev := byte('\n') // the start of s counts as the start of a line
	newlines := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if prev == ' ' || prev == '\n' {
					return false
				}
			case c == '\n':
				if i == 0 || prev == ' ' {
					return false
				}
				if newlines++; newlines > 2 {
					return false
				}
			case c < 0x20 || c == 0x7F:
				return false
			}
			if c != '\n' {
				newlines = 0
			}
			prev = c
			i++
			continue
		}
		prev, newlines = 'x', 0
		if c-0xD8 < 4 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 { // U+0600–U+06FF
			r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
			if normalizeTouches(r) {
				return false
			}
			nfcCheck = nfcCheck || !nfcSafeArabic[r-0x600]
			i += 2
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || normalizeTouches(r) {
			return false
		}
		nfcCheck = nfcCheck || !nfcSafe(r)
		i += n
	}
	if prev == ' ' || prev == '\n' {
		return false
	}
	return !nfcCheck || toNFC(s) == s
}

// normalizeTouches reports whether Normalize maps, removes or reinterprets
// the non-ASCII rune r.
func normalizeTouches(r rune) bool {
	switch {
	case r == 'ك', r == 'ي', r == 'ى', r == 'ة', r == 'ۀ', r == '\u0640', r == '\uFEFF':
		return true
	case r >= '٠' && r <= '٩':
		return true
	case isPresentationForm(r):
		return true
	case r >= 0x600 && r <= 0x6FF: // the common case, settled without tables
		return false
	}
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

// normalizeSlow does Normalize's work in three passes: clean-up before NFC
// (so removed characters cannot block compositions), NFC, then the letter
// mappings and whitespace, neither of which can undo NFC.
func normalizeSlow(s string) string {
	var pre strings.Builder
	pre.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			i = skipInvalid(s, i)
			pre.WriteRune(utf8.RuneError)
			continue
		case r >= 0x600 && r <= 0x6FF && r != '\u0640':
			pre.WriteString(s[i : i+n])
		case r == '\u0640', r == '\uFEFF':
		case unicode.IsControl(r) && !unicode.IsSpace(r):
		case isPresentationForm(r):
			pre.WriteString(presentationBase(r))
		default:
			pre.WriteString(s[i : i+n])
		}
		i += n
	}
	t := toNFC(pre.String())

	var b strings.Builder
	b.Grow(len(t))
	space := false // a space is due before the next character
	newlines := 0  // newlines due before the next character
	for i := 0; i < len(t); {
		r, n := utf8.DecodeRuneInString(t[i:])
		i += n
		switch r {
		case '\r':
			if i < len(t) && t[i] == '\n' {
				i++
			}
			newlines++
			space = false
			continue
		case '\n', '\v', '\f', '\u0085', '\u2028':
			newlines++
			space = false
			continue
		case '\u2029':
			newlines += 2
			space = false
			continue
		}
		if (r < 0x600 || r > 0x6FF) && unicode.IsSpace(r) {
			if newlines == 0 && b.Len() > 0 {
				space = true
			}
			continue
		}
		switch {
		case newlines > 0 && b.Len() > 0:
			b.WriteString("\n\n"[:min(newlines, 2)])
		case space:
			b.WriteByte(' ')
		}
		newlines, space = 0, false
		b.WriteRune(normalizeLetter(r))
	}
	return b.String()
}

// normalizeLetter maps the letters and digits Arabic keyboards produce to
// the Urdu ones (URDU.md §1).
func normalizeLetter(r rune) rune {
	switch {
	case r == 'ك':
		return 'ک'
	case r == 'ي', r == 'ى':
		return 'ی'
	case r == 'ة':
		return 'ۃ'
	case r == 'ۀ':
		return 'ۂ'
	case r >= '٠' && r <= '٩':
		return r - '٠' + '۰'
	}
	return r
}

// skipInvalid returns the index after the run of invalid UTF-8 bytes at s[i].
func skipInvalid(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError || n != 1 {
			break
		}
		i++
	}
	return i
}

// isPresentationForm reports whether r is in the Arabic Presentation Forms
// blocks, which old software and PDF copies put in place of letters.
func isPresentationForm(r rune) bool {
	return (r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF)
}

// presentationBase returns the base letters of the presentation form r (its
// NFKC form, without tatweel), except that the initial and medial heh forms are ھ: Urdu
// software used them for do-chashmi heh (URDU.md §2). Characters of the
// blocks without a compatibility mapping are returned unchanged.
func presentationBase(r rune) string {
	if r == 0xFEEB || r == 0xFEEC {
		return "ھ"
	}
	// Some forms carry a tatweel (U+FCF2 is ـَّ): drop it here, as the
	// main pass drops typed ones, so one pass is enough.
	return strings.ReplaceAll(norm.NFKC.String(string(r)), "\u0640", "")
}

// nfcSafeArabic marks the Arabic-block runes that NFC leaves alone whatever
// surrounds them: letters and signs that are not marks (indexed by r-0x600).
var nfcSafeArabic = func() (t [0x100]bool) {
	for i := range t {
		r := string(rune(0x600 + i))
		p := norm.NFC.PropertiesString(r)
		t[i] = p.CCC() == 0 && p.BoundaryBefore() && norm.NFC.String(r) == r
	}
	return t
}()

// nfcSafe reports whether NFC leaves r alone whatever surrounds it, for the
// runes Urdu text is made of; other runes get a false answer.
func nfcSafe(r rune) bool {
	switch {
	case r < 0x300:
		return true
	case r >= 0x600 && r <= 0x6FF:
		return nfcSafeArabic[r-0x600]
	}
	return false
}

// toNFC returns norm.NFC.String(s), faster on Urdu text: only the stretches
// around runes nfcSafe does not know are normalized, each from the safe
// rune before it (a normalization boundary) to the next safe rune. It
// returns s itself when nothing changes.
func toNFC(s string) string {
	var b strings.Builder
	done := 0     // s[:done] is in b, when b is used
	lastSafe := 0 // where the last safe rune starts
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			lastSafe = i
			i++
			continue
		}
		if c-0xD8 < 4 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 && nfcSafeArabic[(c&3)<<6|s[i+1]&0x3F] {
			lastSafe = i
			i += 2
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if nfcSafe(r) {
			lastSafe = i
			i += n
			continue
		}
		from := max(lastSafe, done)
		j := i + n
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if nfcSafe(r) {
				break
			}
			j += n
		}
		part := s[from:j]
		if nf := norm.NFC.String(part); nf != part {
			if b.Cap() == 0 {
				b.Grow(len(s) + len(nf) - len(part))
			}
			b.WriteString(s[done:from])
			b.WriteString(nf)
			done = j
		}
		lastSafe, i = j, j
	}
	if b.Cap() == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}
