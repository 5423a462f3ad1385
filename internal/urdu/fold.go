package urdu

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the search form of s, applied alike to indexed text and to
// queries so that spelling variants of one word match; readers never see it.
//
// It follows URDU.md §2 "Search folding" in order: NFC, presentation forms
// to base letters; ك→ک, ي ى→ی, ه→ہ, ۀ→ۂ, ة→ۃ; ی+U+0654→ئ, ۂ→ہ, leftover
// U+0654 deleted, أ إ→ا; harakat, Qur'anic marks and tatweel deleted; all
// digits to ASCII; ZWNJ, ZWJ, LRM, RLM, ALM and bidi embeddings and
// isolates deleted. ے ھ ں آ stay apart from ی ہ ن ا (FoldLoose merges آ).
//
// Beyond URDU.md: letters are lowercased (unicode.ToLower, rune by rune);
// the Arabic decimal and thousands separators become "." and ",", and the
// typographic apostrophes ’ and ʼ become "'";
// controls, soft hyphens, U+034F, word joiners and byte order marks are
// deleted too, and all these invisible characters go before NFC, so they
// cannot keep a letter from its mark; each run of whitespace (U+200B
// included) becomes one ASCII space, with none at the ends; each run of
// invalid UTF-8 bytes becomes one U+FFFD, which Tokens treats as a
// separator; a letter with more than foldMaxMarks combining marks loses
// them all (only abusive text has such letters, and NFC's stream-safe limit
// would otherwise break idempotency).
//
// Fold is idempotent, always returns valid UTF-8 in NFC, agrees with
// Fold(Normalize(s)), and returns s or a substring of it, without
// allocating, when nothing changes.
func Fold(s string) string {
	if out, ok := foldFast(s); ok {
		return out
	}
	return foldSlow(s)
}

// FoldLoose is Fold that also writes ا for آ, for an optional "loose"
// search field: readers often type آ without its madda (URDU.md §2, step 7).
func FoldLoose(s string) string {
	return strings.ReplaceAll(Fold(s), "آ", "ا")
}

// Values in the fold tables besides a replacement rune.
const (
	foldDelete = 0   // the rune is removed
	foldSpace  = ' ' // the rune is whitespace
	foldBail   = -1  // the fast path cannot decide: take foldSlow
)

// foldRune is the single-rune part of Fold: what r becomes (a rune, foldDelete
// or foldSpace). The fast tables are built from it.
func foldRune(r rune) rune {
	switch {
	case r == utf8.RuneError:
		return r
	case unicode.IsSpace(r), r == '\u200B':
		return foldSpace
	case unicode.IsControl(r), isFoldIgnorable(r), isArabicMark(r):
		return foldDelete
	}
	switch r {
	case 'ك':
		return 'ک'
	case 'ي', 'ى':
		return 'ی'
	case 'ه', 'ۀ', 'ۂ':
		return 'ہ'
	case 'ة':
		return 'ۃ'
	case 'أ', 'إ':
		return 'ا'
	// Separators that keep a number or a Latin word whole (see Tokens)
	// fold to their ASCII forms, so «۳٫۵» finds «3.5» and «Pakistan’s»
	// finds «Pakistan's».
	case '٫':
		return '.'
	case '٬':
		return ','
	case '’', 'ʼ':
		return '\''
	}
	switch {
	case r >= '٠' && r <= '٩':
		return r - '٠' + '0'
	case r >= '۰' && r <= '۹':
		return r - '۰' + '0'
	}
	return unicode.ToLower(r)
}

// isFoldIgnorable reports whether r is an invisible format character Fold
// deletes: URDU.md §2 step 6 plus soft hyphen, combining grapheme joiner
// (which NFC itself inserts into overlong runs of marks), word joiner and
// invisible operators, the deprecated format characters and the byte order
// mark.
func isFoldIgnorable(r rune) bool {
	switch {
	case r == '\u00AD', r == '\u034F', r == '\u061C', r == '\uFEFF':
		return true
	case r >= 0x200C && r <= 0x200F, r >= 0x202A && r <= 0x202E:
		return true
	case r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x206F:
		return true
	}
	return false
}

// isArabicMark reports whether Fold deletes r as a mark (URDU.md §2 step 4,
// with U+0653–U+0655 which step 3 consumes) or as tatweel.
func isArabicMark(r rune) bool {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640:
		return true
	case r >= 0x0610 && r <= 0x061A, r >= 0x06D6 && r <= 0x06DC:
		return true
	case r >= 0x06DF && r <= 0x06E8, r >= 0x06EA && r <= 0x06ED:
		return true
	}
	return false
}

// Fast tables: ASCII, U+0080–U+02FF (no combining marks, nothing NFC
// changes), the Arabic block and General Punctuation.
var (
	foldASCII  [utf8.RuneSelf]byte
	foldLatin  [0x300 - 0x80]rune
	foldArabic [0x100]rune
	foldPunct  [0x70]rune

	foldKeepASCII  [utf8.RuneSelf]bool // Fold keeps the character (not space)
	foldKeepArabic [0x100]bool         // indexed by rune-0x600
)

func init() {
	for r := range rune(len(foldASCII)) {
		foldASCII[r] = byte(foldRune(r))
	}
	for i := range foldLatin {
		foldLatin[i] = foldRune(rune(0x80 + i))
	}
	for i := range foldArabic {
		foldArabic[i] = foldRune(rune(0x600 + i))
	}
	// U+0653–U+0655 compose with the letter before them under NFC
	// (ا+U+0653→آ, ی+U+0654→ئ): the slow path handles them.
	for r := 0x653; r <= 0x655; r++ {
		foldArabic[r-0x600] = foldBail
	}
	for i := range foldKeepASCII {
		foldKeepASCII[i] = foldASCII[i] == byte(i) && i != ' ' && i != foldDelete
	}
	for i := range foldKeepArabic {
		foldKeepArabic[i] = foldArabic[i] == rune(0x600+i)
	}
	for i := range foldPunct {
		r := rune(0x2000 + i)
		foldPunct[i] = foldRune(r)
		if foldPunct[i] == r && !norm.NFC.PropertiesString(string(r)).BoundaryBefore() {
			foldPunct[i] = foldBail
		}
	}
}

// foldWriter builds Fold's output as a copy of src with changes. It keeps
// the latest unchanged stretch src[lo:hi] pending, so text that needs no
// change is returned as a substring without allocating.
type foldWriter struct {
	src    string
	b      strings.Builder
	lo, hi int
	space  bool // whitespace seen since the last output
	any    bool // something has been output
}

// ws records whitespace; leading whitespace is dropped.
func (w *foldWriter) ws() {
	w.space = w.any
}

// flushSpace writes the pending space before the rune at src[i].
func (w *foldWriter) flushSpace(i int) {
	w.space = false
	if w.hi+1 == i && w.src[w.hi] == ' ' {
		w.hi = i // a single ASCII space: part of the unchanged stretch
		return
	}
	w.spill()
	w.grow()
	w.b.WriteByte(' ')
	w.lo, w.hi = i, i
}

// spill moves the pending unchanged stretch into the builder, which it
// sizes on first use.
func (w *foldWriter) spill() {
	if w.b.Cap() == 0 {
		if w.lo == w.hi {
			return
		}
		w.b.Grow(len(w.src))
	}
	w.b.WriteString(w.src[w.lo:w.hi])
}

// keep outputs src[i:j] unchanged.
func (w *foldWriter) keep(i, j int) {
	if w.space {
		w.flushSpace(i)
	}
	w.any = true
	if w.hi == i {
		w.hi = j
		return
	}
	w.spill()
	w.lo, w.hi = i, j
}

// put outputs r in place of src[i:j].
func (w *foldWriter) put(i, j int, r rune) {
	if w.space {
		w.flushSpace(i)
	}
	w.any = true
	w.spill()
	w.grow()
	w.b.WriteRune(r)
	w.lo, w.hi = j, j
}

// grow sizes the builder before its first write.
func (w *foldWriter) grow() {
	if w.b.Cap() == 0 {
		w.b.Grow(len(w.src))
	}
}

// String returns the output.
func (w *foldWriter) String() string {
	if w.b.Len() == 0 {
		return w.src[w.lo:w.hi]
	}
	w.b.WriteString(w.src[w.lo:w.hi])
	return w.b.String()
}

// keepSpan returns the end of the run of text from s[i] that Fold leaves as
// it is: ASCII and Arabic-block characters that fold to themselves, and
// single spaces between them. It is Fold's inner loop.
func keepSpan(s string, i int) int {
	start := i
	for i < len(s) {
		c := s[i]
		if c-0xD8 < 4 { // lead byte of U+0600–U+06FF
			if i+1 < len(s) {
				c2 := s[i+1]
				if c2&0xC0 == 0x80 && foldKeepArabic[(c&3)<<6|c2&0x3F] {
					i += 2
					continue
				}
			}
			break
		}
		if c >= utf8.RuneSelf {
			break
		}
		if foldKeepASCII[c] || (c == ' ' && i > start && keepsAt(s, i+1)) {
			i++
			continue
		}
		break
	}
	return i
}

// keepsAt reports whether s[i] starts an ASCII character other than space,
// or an Arabic-block character, that folds to itself.
func keepsAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	if c < utf8.RuneSelf {
		return foldKeepASCII[c]
	}
	if c-0xD8 >= 4 || i+1 >= len(s) {
		return false
	}
	c2 := s[i+1]
	return c2&0xC0 == 0x80 && foldKeepArabic[(c&3)<<6|c2&0x3F]
}

// foldFast folds s in one pass with table lookups. It gives up (ok false)
// at invalid UTF-8, at U+0653–U+0655 and at any rune outside its tables:
// only then is NFC needed, and foldSlow does it.
func foldFast(s string) (out string, ok bool) {
	w := foldWriter{src: s}
	for i := 0; i < len(s); {
		if j := keepSpan(s, i); j > i {
			w.keep(i, j)
			if i = j; i == len(s) {
				break
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch m := foldASCII[c]; m {
			case foldDelete:
			case foldSpace:
				w.ws()
			case c:
				w.keep(i, i+1)
			default:
				w.put(i, i+1, rune(m))
			}
			i++
			continue
		}
		var r, m rune
		n := 2
		if c >= 0xD8 && c <= 0xDB && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			r = rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
			m = foldArabic[r-0x600]
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
			switch {
			case r < 0x300 && n > 1:
				m = foldLatin[r-0x80]
			case r >= 0x2000 && r < 0x2070:
				m = foldPunct[r-0x2000]
			case r == '\uFEFF':
				m = foldDelete
			default:
				return "", false
			}
		}
		switch m {
		case foldDelete:
		case foldSpace:
			w.ws()
		case r:
			w.keep(i, i+n)
		case foldBail:
			return "", false
		default:
			w.put(i, i+n, m)
		}
		i += n
	}
	return w.String(), true
}

// foldSlow is Fold for any input: foldPrepare (valid UTF-8, invisible
// characters out, presentation forms expanded, NFC), then rune by rune as
// foldFast, then NFC again where a deleted Arabic mark had kept a letter of
// another script from its mark (Arabic composing marks are all deleted),
// and capMarks for abusive runs of marks.
func foldSlow(s string) string {
	t := foldPrepare(s)
	w := foldWriter{src: t}
	for i := 0; i < len(t); {
		if j := keepSpan(t, i); j > i {
			if j-i >= 2 && j < len(t) && t[j-2:j] == "ی" && yehHamzaFollows(t[j:]) {
				j -= 2 // leave the ی for the loop below
			}
			if j > i {
				w.keep(i, j)
				i = j
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(t[i:])
		m := foldRune(r)
		if m == 'ی' && yehHamzaFollows(t[i+n:]) {
			m = 'ئ' // ی+U+0654 written apart matches ئ (step 3)
		}
		switch m {
		case foldSpace:
			w.ws()
		case foldDelete:
		case r:
			w.keep(i, i+n)
		default:
			w.put(i, i+n, m)
		}
		i += n
	}
	out := toNFC(w.String())
	if hasLongMarkRun(out) {
		out = capMarks(out)
	}
	return out
}

// foldMaxMarks bounds the combining marks (counted decomposed) on one
// letter in Fold's output, under the 30 at which NFC inserts U+034F
// (Unicode's stream-safe text format) and so would break idempotency.
// Letters with more lose all their marks: only abusive text has them.
const foldMaxMarks = 20

// cgj is U+034F COMBINING GRAPHEME JOINER, which NFC inserts into runs of
// more than 30 marks.
const cgj = '\u034F'

// isStarter reports whether r starts a new letter for NFC's stream-safe
// count: combining class 0, and not a Hangul vowel or trailing consonant
// jamo or the like that combines with the rune before it.
func isStarter(r rune) bool {
	if r < 0x300 || (r >= 0x600 && r <= 0x6FF) { // no marks left in the Arabic block
		return true
	}
	p := norm.NFC.PropertiesString(string(r))
	return p.BoundaryBefore() && p.LeadCCC() == 0
}

// hasLongMarkRun reports whether the NFC text s may have a letter with more
// than foldMaxMarks marks: one with 9 or more (each may decompose into two,
// the letter adds at most three) or a U+034F inserted by NFC.
func hasLongMarkRun(s string) bool {
	run := 0
	for _, r := range s {
		switch {
		case r == cgj:
			return true
		case isStarter(r):
			run = 0
		default:
			if run++; run > 8 {
				return true
			}
		}
	}
	return false
}

// capMarks removes the marks of every letter in the NFC text s that has more
// than foldMaxMarks of them, decomposed; U+034F does not end a letter's
// marks and is dropped. The result depends only on the canonical
// equivalence class of each letter, so it is the same whichever order the
// marks came in, and is again NFC with tidy spaces.
func capMarks(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if r2 != cgj && isStarter(r2) {
				break
			}
			j += n2
		}
		letter := s[i:j]
		if decomposedMarks(letter) > foldMaxMarks {
			for _, d := range norm.NFD.String(string(r)) {
				if isStarter(d) {
					b.WriteRune(d)
				}
			}
		} else {
			b.WriteString(strings.ReplaceAll(letter, string(cgj), ""))
		}
		i = j
	}
	// A space whose marks went may now stand next to another or at an end.
	return toNFC(strings.Join(strings.Fields(b.String()), " "))
}

// decomposedMarks counts the non-starters in the decomposition of s,
// leaving out U+034F.
func decomposedMarks(s string) int {
	n := 0
	for i, r := range s {
		switch d := norm.NFD.PropertiesString(s[i:]).Decomposition(); {
		case r == cgj:
		case d == nil:
			if !isStarter(r) {
				n++
			}
		default:
			for _, dr := range string(d) {
				if !isStarter(dr) {
					n++
				}
			}
		}
	}
	return n
}

// yehHamzaFollows reports whether the marks at the start of s, which follow
// a yeh, include hamza above U+0654: like NFC for ي, but whatever marks
// (or U+034F, which NFC may have put among them) come between, so ی, ي and
// ى followed by hamza fold alike.
func yehHamzaFollows(s string) bool {
	for _, r := range s {
		switch {
		case r == '\u0654':
			return true
		case isArabicMark(r), r == cgj:
		case r >= 0x300 && (r < 0x600 || r > 0x6FF) && !isStarter(r):
		default:
			return false
		}
	}
	return false
}

// foldPrepare returns s as valid UTF-8 (a U+FFFD for each run of invalid
// bytes), without the characters of foldDeletesFirst, with presentation
// forms expanded, in NFC.
func foldPrepare(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || isPresentationForm(r) || foldDeletesFirst(r) {
			clean = false
			break
		}
	}
	if clean {
		return toNFC(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			i = skipInvalid(s, i)
			b.WriteRune(utf8.RuneError)
			continue
		case foldDeletesFirst(r):
		case isPresentationForm(r):
			b.WriteString(presentationBase(r))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return toNFC(b.String())
}

// foldDeletesFirst reports whether r is an invisible character Fold deletes
// before NFC, so that it cannot keep a letter from its mark: tatweel,
// controls other than whitespace, and the format characters of
// isFoldIgnorable. (Normalize removes tatweel and controls at the same point,
// which keeps Fold(Normalize(s)) == Fold(s).)
func foldDeletesFirst(r rune) bool {
	return r == '\u0640' || isFoldIgnorable(r) || (unicode.IsControl(r) && !unicode.IsSpace(r))
}
