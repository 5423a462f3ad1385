package urdu

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Most Pakistani readers type Urdu in Latin letters on their phones
// («korea», «imran khan», «karachi barish»), while articles are written
// in Urdu script. ReadRoman reads such a query back into Urdu spellings
// through a lexicon: our own romanization (romanWords and loanwords) in
// reverse, plus a reviewed list of the spellings readers actually type
// (romanlexicon.txt). Only the lexicon is trusted: guessing Urdu letters
// from Latin ones would invent words no article holds.

//go:embed romanlexicon.txt
var romanLexiconText string

// RomanSpan is a piece of a query read as Roman Urdu: Source is the input
// it covers, Text what to search for instead (the Urdu spelling, or
// Source itself when the piece is kept as typed).
type RomanSpan struct {
	Source string
	Text   string
	Urdu   bool // Text is an Urdu reading of the Latin words in Source
}

// maxRomanAlternatives bounds the Urdu spellings kept for one Latin word
// or phrase: each reading is one more search.
const maxRomanAlternatives = 3

// ReadRoman reads the Latin words of s as Roman Urdu and returns up to max
// readings of the whole of s, most likely first: in each, the words and
// phrases the lexicon knows are replaced by an Urdu spelling (a phrase of
// several Urdu words, such as اسلام آباد for islamabad, as one span) and
// everything else is kept as typed. Spans cover s exactly, in order. It
// returns nil when no word of s is known, and never fails: any input,
// however long or mixed, is read in time linear in its length.
func ReadRoman(s string, max int) [][]RomanSpan {
	if max <= 0 {
		return nil
	}
	lex := romanLexicon()
	pieces := romanPieces(s)
	type choice struct {
		from, to int // pieces
		urdu     []string
	}
	var choices []choice
	for i := 0; i < len(pieces); i++ {
		if !pieces[i].latin {
			continue
		}
		// The longest phrase of up to four Latin words, apart only by
		// spaces or hyphens, that the lexicon knows.
		found := false
		for words := 4; words >= 1 && !found; words-- {
			key, end, ok := latinPhrase(pieces, i, words)
			if !ok {
				continue
			}
			if urdu := lex.words[key]; len(urdu) > 0 {
				choices = append(choices, choice{i, end, urdu})
				i = end - 1
				found = true
			}
		}
		if !found {
			if urdu := lex.guess(pieces[i].key); len(urdu) > 0 {
				choices = append(choices, choice{i, i + 1, urdu})
			}
		}
	}
	if len(choices) == 0 {
		return nil
	}
	// Readings: the first spelling of every piece, then one piece at a
	// time with its other spellings.
	build := func(alt map[int]int) []RomanSpan {
		var out []RomanSpan
		p := 0
		for c, ch := range choices {
			for ; p < ch.from; p++ {
				out = append(out, RomanSpan{Source: pieces[p].text, Text: pieces[p].text})
			}
			var src strings.Builder
			for ; p < ch.to; p++ {
				src.WriteString(pieces[p].text)
			}
			out = append(out, RomanSpan{Source: src.String(), Text: ch.urdu[alt[c]], Urdu: true})
		}
		for ; p < len(pieces); p++ {
			out = append(out, RomanSpan{Source: pieces[p].text, Text: pieces[p].text})
		}
		return out
	}
	readings := [][]RomanSpan{build(nil)}
	for c, ch := range choices {
		for a := 1; a < len(ch.urdu) && len(readings) < max; a++ {
			readings = append(readings, build(map[int]int{c: a}))
		}
	}
	return readings
}

// romanPiece is a Latin word (with its lexicon key) or a run of anything else.
type romanPiece struct {
	text  string
	key   string // the word lowercased, without accents or apostrophes
	latin bool
}

// romanPieces cuts s into Latin words and the runs between them. A Latin
// word starts with a Latin letter or an ASCII digit and goes on through
// them, apostrophes and combining marks.
func romanPieces(s string) []romanPiece {
	start := func(r rune) bool {
		return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.Is(unicode.Latin, r)
	}
	inside := func(r rune) bool { return start(r) || r == '\'' || r == '’' || unicode.IsMark(r) }
	var out []romanPiece
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		word := start(r)
		j := i + n
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if word && !inside(r) || !word && start(r) {
				break
			}
			j += n
		}
		p := romanPiece{text: s[i:j]}
		if word {
			p.key = latinKey(p.text)
			p.latin = p.key != ""
		}
		out = append(out, p)
		i = j
	}
	return out
}

// latinKey lowercases a Latin word and drops accents and apostrophes.
func latinKey(w string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(w) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// latinPhrase joins the keys of words Latin words from pieces[i], which
// must be apart only by spaces or hyphens, and returns the key and the
// piece after the last word.
func latinPhrase(ps []romanPiece, i, words int) (string, int, bool) {
	var b strings.Builder
	for w := 0; w < words; w++ {
		if i >= len(ps) || !ps[i].latin {
			return "", 0, false
		}
		if w > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(ps[i].key)
		i++
		if w < words-1 {
			if i >= len(ps) || strings.Trim(ps[i].text, " -") != "" {
				return "", 0, false
			}
			i++
		}
	}
	return b.String(), i, true
}

// romanLex is the reverse lexicon: Latin key (words joined by single
// spaces) → Urdu spellings, best first; and consonant skeleton → Urdu
// spellings, for spellings nobody listed.
type romanLex struct {
	words     map[string][]string
	skeletons map[string][]string
}

// guess reads a Latin word the lexicon does not hold by its consonants
// (barsh → brsh, like barish → بارش), when it is long enough for that to
// say something and the skeleton is not shared by too many words.
func (l *romanLex) guess(key string) []string {
	if len(key) < 4 {
		return nil
	}
	sk := skeleton(key)
	if len(sk) < 3 {
		return nil
	}
	return l.skeletons[sk]
}

// skeleton keeps a Latin word's first letter and its consonants, repeated
// ones once: Roman Urdu spells vowels every way (barish, baarish, barsh)
// but its consonants alike.
func skeleton(key string) string {
	var b []byte
	for i := 0; i < len(key); i++ {
		c := key[i]
		if i > 0 && strings.IndexByte("aeiouy", c) >= 0 {
			continue
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

var romanLexicon = sync.OnceValue(buildRomanLexicon)

// buildRomanLexicon reads the reviewed list first (its spellings come
// first), then romanWords and loanwords in reverse, in a fixed order.
func buildRomanLexicon() *romanLex {
	l := &romanLex{words: map[string][]string{}, skeletons: map[string][]string{}}
	add := func(latin, urdu string) {
		key := strings.Join(strings.Fields(strings.ReplaceAll(latinKeyPhrase(latin), "-", " ")), " ")
		if key == "" || urdu == "" {
			return
		}
		keys := []string{key}
		if joined := strings.ReplaceAll(key, " ", ""); joined != key {
			keys = append(keys, joined)
		}
		for _, k := range keys {
			if !slices.Contains(l.words[k], urdu) && len(l.words[k]) < maxRomanAlternatives {
				l.words[k] = append(l.words[k], urdu)
			}
		}
	}
	for _, line := range strings.Split(romanLexiconText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		urdu, latins, ok := strings.Cut(line, ":")
		if !ok {
			continue // TestRomanLexiconFile rejects such lines
		}
		for _, latin := range strings.Split(latins, ",") {
			add(latin, Fold(strings.TrimSpace(urdu)))
		}
	}
	for _, table := range []map[string]string{romanWords, loanwords} {
		keys := make([]string, 0, len(table))
		for k := range table {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, urdu := range keys {
			if roman := table[urdu]; strings.ContainsFunc(roman, unicode.IsLetter) {
				add(roman, urdu)
			}
		}
	}
	for key, urdu := range l.words {
		if strings.Contains(key, " ") || len(key) < 4 {
			continue
		}
		sk := skeleton(key)
		for _, u := range urdu {
			if !slices.Contains(l.skeletons[sk], u) {
				l.skeletons[sk] = append(l.skeletons[sk], u)
			}
		}
	}
	// A skeleton shared by several words guesses nothing.
	for sk, urdu := range l.skeletons {
		if len(urdu) > maxRomanAlternatives || len(sk) < 3 {
			delete(l.skeletons, sk)
		} else {
			slices.Sort(urdu)
		}
	}
	return l
}

// latinKeyPhrase applies latinKey to each space- or hyphen-separated word.
func latinKeyPhrase(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '\t' })
	for i, w := range words {
		words[i] = latinKey(w)
	}
	return strings.Join(words, " ")
}
