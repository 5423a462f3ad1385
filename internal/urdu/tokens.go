package urdu

import (
	"iter"
	"unicode"
	"unicode/utf8"
)

// Tokens returns the words of s in order, as written (not folded: fold
// first, or use SearchTokens, to match spellings).
//
// Words are runs of letters, combining marks and digits. Everything else
// separates them: whitespace, ۔ ، ؛ ؟ « » and all other punctuation and
// symbols, invalid UTF-8 and U+FFFD. Invisible format characters (ZWNJ,
// ZWJ, bidi marks, tatweel) belong to the word they are in and are trimmed
// from its ends. Two joins follow UAX #29: a number keeps its decimal and
// grouping separators between digits («3.5», «۳٫۵», «1,234», so «1,2,3» is
// one token), and an apostrophe between Latin letters stays («Pakistan's»).
// Hyphens split («T-20» gives «T» and «20»). A run without any letter or
// digit (a lone diacritic) is not a word.
func Tokens(s string) []string {
	var out []string
	t := tokenizer{s: s}
	for {
		tok, ok := t.next()
		if !ok {
			return out
		}
		out = append(out, tok)
	}
}

// SearchTokens returns the folded words of s without stop words: the terms
// to index a document by, or to look a query up with.
func SearchTokens(s string) []string {
	var out []string
	t := tokenizer{s: Fold(s)}
	for {
		tok, ok := t.next()
		if !ok {
			return out
		}
		if _, stop := stopWordSet[tok]; !stop {
			out = append(out, tok)
		}
	}
}

// TokenSpans returns the byte offsets [start, end) of the words Tokens
// finds in s, so a caller can mark words in the text as written (search
// snippets fold each span to compare it with a query).
func TokenSpans(s string) [][2]int {
	var out [][2]int
	for start, end := range EachTokenSpan(s) {
		out = append(out, [2]int{start, end})
	}
	return out
}

// EachTokenSpan yields the spans TokenSpans returns, one at a time, for a
// caller that may stop early without tokenizing the rest.
func EachTokenSpan(s string) iter.Seq2[int, int] {
	return func(yield func(start, end int) bool) {
		t := tokenizer{s: s}
		for {
			start, end, ok := t.nextSpan()
			if !ok || !yield(start, end) {
				return
			}
		}
	}
}

// WordCount returns the number of words Tokens finds in text, without
// building them.
func WordCount(text string) int {
	n := 0
	t := tokenizer{s: text}
	for {
		if _, ok := t.next(); !ok {
			return n
		}
		n++
	}
}

// Rune classes for tokenizing.
const (
	tokSep    = iota // separates words
	tokLetter        // letter or digit: makes a run a word
	tokMark          // combining mark: part of a word, not enough for one
	tokInner         // format character: inside words only
)

// tokASCII and tokArabic classify the common runes without unicode tables.
var (
	tokASCII  [utf8.RuneSelf]uint8
	tokArabic [0x100]uint8
)

func init() {
	for r := range rune(len(tokASCII)) {
		tokASCII[r] = tokClassSlow(r)
	}
	for i := range tokArabic {
		tokArabic[i] = tokClassSlow(rune(0x600 + i))
	}
}

// tokClass returns the class of r (utf8.RuneError also stands for an
// invalid byte: both separate).
func tokClass(r rune) uint8 {
	switch {
	case r < utf8.RuneSelf:
		return tokASCII[r]
	case r >= 0x600 && r <= 0x6FF:
		return tokArabic[r-0x600]
	case r == utf8.RuneError:
		return tokSep
	}
	return tokClassSlow(r)
}

// tokClassSlow classifies r with the unicode tables.
func tokClassSlow(r rune) uint8 {
	switch {
	case r == '\u0640': // tatweel is a modifier letter, but only stretches words
		return tokInner
	case unicode.IsLetter(r), unicode.IsNumber(r):
		return tokLetter
	case unicode.IsMark(r):
		return tokMark
	case unicode.Is(unicode.Cf, r):
		return tokInner
	}
	return tokSep
}

// tokenizer yields the words of s one by one.
type tokenizer struct {
	s string
	i int
}

// next returns the next word, or false at the end of s.
func (t *tokenizer) next() (string, bool) {
	start, end, ok := t.nextSpan()
	return t.s[start:end], ok
}

// nextSpan returns the offsets of the next word, or false at the end of s.
func (t *tokenizer) nextSpan() (start, end int, ok bool) {
	s := t.s
	for t.i < len(s) {
		// Find the start of a run: a letter, digit or mark.
		i := t.i
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if c := tokClass(r); c == tokLetter || c == tokMark {
				break
			}
			i += n
		}
		start, end = i, i
		word := false
		var prev rune
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			switch tokClass(r) {
			case tokLetter:
				word = true
				fallthrough
			case tokMark:
				i += n
				end, prev = i, r
				continue
			case tokInner:
				i += n
				continue
			}
			if i == end && tokJoins(prev, r, s[i+n:]) {
				i += n
				continue
			}
			break
		}
		t.i = i
		if word {
			return start, end, true
		}
	}
	return 0, 0, false
}

// tokJoins reports whether the separator r, right after the word rune prev
// and before rest, joins them: a decimal or grouping separator between
// digits, or an apostrophe between Latin letters.
func tokJoins(prev, r rune, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	switch r {
	case '.', ',', '٫', '٬':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	case '\'', '’':
		return unicode.Is(unicode.Latin, prev) && unicode.Is(unicode.Latin, next)
	}
	return false
}
