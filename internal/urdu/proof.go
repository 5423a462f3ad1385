package urdu

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rule names one proofing check. The names are stable: the newsroom's
// fix buttons carry them in forms.
type Rule string

// The proofing checks (URDU.md §1 and §5).
const (
	// RuleKaf: Arabic kaf ك where Urdu writes ک.
	RuleKaf Rule = "kaf"
	// RuleYeh: Arabic yeh ي or alef maksura ى where Urdu writes ی (ي with
	// a separate hamza above becomes ئ; nothing ever becomes ے).
	RuleYeh Rule = "yeh"
	// RuleHeh: Arabic heh ه where Urdu writes ہ, or ھ in an aspirate
	// (بھی، گھر); ۀ where Urdu writes ۂ.
	RuleHeh Rule = "heh"
	// RuleTehMarbuta: Arabic teh marbuta ة; Urdu spells the word with ت,
	// ہ or ۃ.
	RuleTehMarbuta Rule = "teh-marbuta"
	// RulePunctuation: ASCII ? , ; and a sentence-final . in an Urdu
	// sentence, where Urdu writes ؟ ، ؛ ۔.
	RulePunctuation Rule = "punctuation"
	// RuleSpaceBeforeMark: a space before ۔ ، ؟ ؛, which never start a line.
	RuleSpaceBeforeMark Rule = "space-before-mark"
	// RuleDoubleSpace: two or more spaces between words of Urdu text.
	RuleDoubleSpace Rule = "double-space"
	// RuleMixedDigits: one number written with both Latin and Urdu digits.
	RuleMixedDigits Rule = "mixed-digits"
	// RuleBidiControl: embedding, override and isolate controls
	// (U+202A–U+202E, U+2066–U+2069), invisible and able to reorder text.
	RuleBidiControl Rule = "bidi-control"
	// RuleInvalidUTF8: bytes that are not text at all.
	RuleInvalidUTF8 Rule = "invalid-utf8"
)

// Finding is one place where text breaks a proofing rule, and its fix.
type Finding struct {
	Rule       Rule
	Start, End int    // the byte span of the text proofed
	Text       string // text[Start:End]: what is there
	Fix        string // what should be there ("" deletes)
	Message    string // a short Urdu explanation for the writer
}

// maxFixPasses bounds FixAll. Every pass removes at least one thing that
// no rule ever puts back, and fixes rarely uncover more than one further
// finding (a removed control can leave two spaces side by side).
const maxFixPasses = 10

// Proof checks Urdu text for what Arabic keyboards, English typing habits
// and copying from other software leave behind, and says how to fix each
// place. Findings are advice: Normalize already repairs what is safe to
// repair silently. They come sorted by Start and never overlap. Latin-only
// text (English, URLs, code) never has findings; ZWNJ is never touched.
func Proof(text string) []Finding {
	if text == "" {
		return nil
	}
	p := newProofer(text)
	p.invalidBytes()
	p.words()
	p.bidiControls()
	p.punctuationAndSpaces()
	p.mixedDigits()
	return p.result()
}

// Fix applies one finding to text, if the finding's span still holds the
// text it was found on; otherwise it reports false and returns text as is.
func Fix(text string, f Finding) (string, bool) {
	if f.Start < 0 || f.Start > f.End || f.End > len(text) || text[f.Start:f.End] != f.Text {
		return text, false
	}
	return text[:f.Start] + f.Fix + text[f.End:], true
}

// Apply applies the findings of fs that still match text, in one pass;
// a finding that overlaps one applied before it is skipped.
func Apply(text string, fs []Finding) string {
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, func(a, b Finding) int { return a.Start - b.Start })
	var b strings.Builder
	done := 0
	for _, f := range fs {
		if f.Start < done || f.Start > f.End || f.End > len(text) || text[f.Start:f.End] != f.Text {
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(text))
		}
		b.WriteString(text[done:f.Start])
		b.WriteString(f.Fix)
		done = f.End
	}
	if b.Cap() == 0 {
		return text
	}
	b.WriteString(text[done:])
	return b.String()
}

// FixAll applies every finding, again until Proof finds nothing, so
// FixAll(FixAll(s)) == FixAll(s).
func FixAll(text string) string {
	for range maxFixPasses {
		fs := Proof(text)
		if len(fs) == 0 {
			break
		}
		text = Apply(text, fs)
	}
	return text
}

// IsBidiControl reports whether r is one of the explicit bidirectional
// formatting controls: LRE, RLE, PDF, LRO, RLO (U+202A–U+202E) and LRI,
// RLI, FSI, PDI (U+2066–U+2069). The marks LRM, RLM and ALM are not.
func IsBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// StripBidiControls removes the explicit bidirectional controls from s.
// Headlines, names and tags are shown inside pages that isolate them
// themselves; a stray override stored with them would reverse or leak
// into whatever follows on every page that shows them.
func StripBidiControls(s string) string {
	// All the controls are three bytes starting 0xE2; Urdu text has none.
	if strings.IndexByte(s, 0xE2) < 0 || !strings.ContainsFunc(s, IsBidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

// Urdu explanations, one per fix.
const (
	msgKaf          = "عربی «ك» کی جگہ اردو «ک»"
	msgYeh          = "عربی «ي» کی جگہ اردو «ی»"
	msgAlefMaksura  = "الف مقصورہ «ى» کی جگہ اردو «ی»"
	msgYehHamza     = "«ي» اور الگ ہمزہ کی جگہ «ئ»"
	msgHehGoal      = "عربی «ه» کی جگہ اردو «ہ»"
	msgDoChashmi    = "عربی «ه» کی جگہ دو چشمی «ھ» (جیسے بھ، کھ، گھ)"
	msgHehYeh       = "فارسی «ۀ» کی جگہ اردو «ۂ»"
	msgTehMarbuta   = "عربی «ة» کی جگہ «%s»"
	msgQuestion     = "اردو جملے میں «?» کی جگہ سوالیہ نشان «؟»"
	msgComma        = "اردو جملے میں «,» کی جگہ اردو سکتہ «،»"
	msgSemicolon    = "اردو جملے میں «;» کی جگہ اردو وقفہ «؛»"
	msgFullStop     = "اردو جملے کے آخر میں «.» کی جگہ ختمہ «۔»"
	msgSpaceBefore  = "«%s» سے پہلے خالی جگہ نہیں آتی"
	msgDoubleSpace  = "لفظوں کے درمیان ایک سے زیادہ خالی جگہیں"
	msgMixedLatin   = "ایک ہی عدد میں انگریزی اور اردو ہندسے ملے ہوئے ہیں؛ سب انگریزی ہندسوں میں"
	msgMixedUrdu    = "ایک ہی عدد میں انگریزی اور اردو ہندسے ملے ہوئے ہیں؛ سب اردو ہندسوں میں"
	msgBidiControl  = "نظر نہ آنے والا سمت کا کنٹرول حرف، جو متن کی ترتیب بگاڑ سکتا ہے"
	msgInvalidBytes = "ٹوٹے ہوئے بائٹ جو کوئی حرف نہیں بناتے"
)

// proofer holds the text as runes, so rules can look around a position.
type proofer struct {
	text string
	rs   []rune // rs[i] is -1 for a byte that is not UTF-8
	at   []int  // rs[i] starts at byte at[i]; at[len(rs)] == len(text)
	out  []Finding
}

func newProofer(text string) *proofer {
	p := &proofer{text: text, rs: make([]rune, 0, len(text)), at: make([]int, 0, len(text)+1)}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && n == 1 {
			r = -1
		}
		p.rs = append(p.rs, r)
		p.at = append(p.at, i)
		i += n
	}
	p.at = append(p.at, len(text))
	return p
}

// add records that runes [i, j) should read fix.
func (p *proofer) add(rule Rule, i, j int, fix, msg string) {
	p.out = append(p.out, Finding{Rule: rule, Start: p.at[i], End: p.at[j], Fix: fix, Message: msg})
}

// rune returns rs[i], or 0 outside the text.
func (p *proofer) rune(i int) rune {
	if i < 0 || i >= len(p.rs) {
		return 0
	}
	return p.rs[i]
}

// invalidBytes finds runs of bytes that are not UTF-8, fixed as one U+FFFD
// each, as Normalize writes them.
func (p *proofer) invalidBytes() {
	for i := 0; i < len(p.rs); i++ {
		if p.rs[i] >= 0 {
			continue
		}
		j := i
		for j < len(p.rs) && p.rs[j] < 0 {
			j++
		}
		p.add(RuleInvalidUTF8, i, j, "\uFFFD", msgInvalidBytes)
		i = j
	}
}

// words runs the letter rules over each Arabic-script word.
func (p *proofer) words() {
	for i := 0; i < len(p.rs); i++ {
		if !isWordRune(p.rs[i]) {
			continue
		}
		j := i
		for j < len(p.rs) && isWordRune(p.rs[j]) {
			j++
		}
		p.word(i, j)
		i = j
	}
}

// word runs the letter rules over the word rs[from:to]; ه and ة are
// looked up in the word list (proofwords.go).
func (p *proofer) word(from, to int) {
	var w *lexWord // built on the first ه or ة
	for i := from; i < to; i++ {
		switch r := p.rs[i]; r {
		case 'ك':
			p.add(RuleKaf, i, i+1, "ک", msgKaf)
		case 'ي', 'ى':
			switch {
			case p.rune(i+1) == '\u0654':
				p.add(RuleYeh, i, i+2, "ئ", msgYehHamza)
				i++
			case r == 'ى':
				p.add(RuleYeh, i, i+1, "ی", msgAlefMaksura)
			default:
				p.add(RuleYeh, i, i+1, "ی", msgYeh)
			}
		case 'ۀ':
			p.add(RuleHeh, i, i+1, "ۂ", msgHehYeh)
		case 'ه', 'ة':
			if w == nil {
				w = newLexWord(p.rs[from:to])
			}
			if r == 'ه' {
				if w.heh(i-from) == 'ھ' {
					p.add(RuleHeh, i, i+1, "ھ", msgDoChashmi)
				} else {
					p.add(RuleHeh, i, i+1, "ہ", msgHehGoal)
				}
				continue
			}
			fix := string(w.tehMarbuta(i - from))
			p.add(RuleTehMarbuta, i, i+1, fix, fmt.Sprintf(msgTehMarbuta, fix))
		}
	}
}

// bidiControls finds runs of explicit direction controls, fixed by deleting them.
func (p *proofer) bidiControls() {
	for i := 0; i < len(p.rs); i++ {
		if !IsBidiControl(p.rs[i]) {
			continue
		}
		j := i
		for j < len(p.rs) && IsBidiControl(p.rs[j]) {
			j++
		}
		p.add(RuleBidiControl, i, j, "", msgBidiControl)
		i = j
	}
}

// punctuationAndSpaces finds ASCII punctuation in Urdu sentences, spaces
// before Urdu punctuation and doubled spaces.
//
// A sentence counts as Urdu when its last letter before the mark is in the
// Arabic script and it has at least as many Arabic-script letters as
// Latin ones so far; sentences end at ? ! ؟ ۔, a final . and line breaks.
// Marks inside a token (the text between spaces) with Latin letters or
// URL and code characters are never touched.
func (p *proofer) punctuationAndSpaces() {
	n := len(p.rs)
	latinish := p.latinishTokens()
	flagged := make([]bool, n) // ASCII marks that become Urdu ones
	arabic, latin, last := 0, 0, letterNone
	for i, r := range p.rs {
		switch {
		case r < 0:
		case isLineBreak(r):
			arabic, latin, last = 0, 0, letterNone
		case unicode.IsLetter(r):
			if IsUrdu(r) {
				arabic, last = arabic+1, letterArabic
			} else {
				last = letterOther
				if unicode.Is(unicode.Latin, r) {
					latin++
				}
			}
		case r == '?' || r == ',' || r == ';' || r == '.':
			if last == letterArabic && arabic >= latin && !latinish[i] && p.asciiMarkIsUrdu(i) {
				flagged[i] = true
				p.add(RulePunctuation, i, i+1, urduMarkFor(r), asciiMarkMessage(r))
			}
			if r == '?' || (r == '.' && p.dotEndsSentence(i)) {
				arabic, latin, last = 0, 0, letterNone
			}
		case r == '!' || r == '؟' || r == '۔':
			arabic, latin, last = 0, 0, letterNone
		}
	}

	prevArabic, nextArabic := p.nearestLetters()
	for i := 0; i < n; i++ {
		if !isHSpace(p.rs[i]) {
			continue
		}
		j := i
		for j < n && isHSpace(p.rs[j]) {
			j++
		}
		// Only spaces between two characters of one line: the ends of
		// lines are layout, not typing mistakes.
		between := i > 0 && j < n && p.rs[i-1] >= 0 && !unicode.IsSpace(p.rs[i-1]) && !unicode.IsSpace(p.rs[j])
		switch {
		case !between:
		case isUrduMark(p.rs[j]) || flagged[j]:
			mark := p.rs[j]
			if flagged[j] {
				mark = []rune(urduMarkFor(mark))[0]
			}
			p.add(RuleSpaceBeforeMark, i, j, "", fmt.Sprintf(msgSpaceBefore, string(mark)))
		case j-i >= 2 && (prevArabic[i] || nextArabic[j]):
			p.add(RuleDoubleSpace, i, j, " ", msgDoubleSpace)
		}
		i = j
	}
}

// Kinds of the last letter seen.
const (
	letterNone = iota
	letterArabic
	letterOther
)

// asciiMarkIsUrdu reports whether the ASCII mark at i is punctuation (not
// part of a number, an ellipsis or a Latin token) that Urdu writes its own way.
func (p *proofer) asciiMarkIsUrdu(i int) bool {
	prev, next := p.rune(i-1), p.rune(i+1)
	if next > 0 && next < utf8.RuneSelf && (unicode.IsLetter(next) || unicode.IsDigit(next)) {
		return false // "?x=1", ",5", ".com": glued to something Latin
	}
	switch p.rs[i] {
	case ',', ';':
		return !(isDigit(prev) && isDigit(next))
	case '.':
		return prev != '.' && next != '.' && !(isDigit(prev) && isDigit(next)) && p.dotEndsSentence(i)
	}
	return true
}

// dotEndsSentence reports whether the . at i is followed by what follows a
// sentence: the end, a space, a closing quote or bracket, or the next
// Urdu sentence typed without a space.
func (p *proofer) dotEndsSentence(i int) bool {
	next := p.rune(i + 1)
	switch {
	case next == 0, unicode.IsSpace(next), next == '"', next == '\'':
		return true
	case unicode.In(next, unicode.Pe, unicode.Pf):
		return true
	}
	return next > 0 && IsUrdu(next) && unicode.IsLetter(next)
}

// latinishTokens marks the runes of tokens (runs without spaces) that
// hold a Latin letter or a character of URLs and code.
func (p *proofer) latinishTokens() []bool {
	out := make([]bool, len(p.rs))
	for i := 0; i < len(p.rs); {
		if p.rs[i] >= 0 && unicode.IsSpace(p.rs[i]) {
			i++
			continue
		}
		j, latin := i, false
		for j < len(p.rs) && !(p.rs[j] >= 0 && unicode.IsSpace(p.rs[j])) {
			r := p.rs[j]
			latin = latin || (r >= 0 && unicode.Is(unicode.Latin, r)) || (r < utf8.RuneSelf && r > 0 && strings.ContainsRune(`/\@=&#_<>{}[]|~^`+"`$", r))
			j++
		}
		if latin {
			for k := i; k < j; k++ {
				out[k] = true
			}
		}
		i = j
	}
	return out
}

// nearestLetters reports for each position whether the nearest letter
// before it, and the nearest letter from it on, on the same line, is in
// the Arabic script.
func (p *proofer) nearestLetters() (before, after []bool) {
	n := len(p.rs)
	before, after = make([]bool, n+1), make([]bool, n+1)
	arabic := false
	for i := 0; i < n; i++ {
		before[i] = arabic
		switch r := p.rs[i]; {
		case r >= 0 && isLineBreak(r):
			arabic = false
		case r >= 0 && unicode.IsLetter(r):
			arabic = IsUrdu(r)
		}
	}
	before[n] = arabic
	arabic = false
	for i := n - 1; i >= 0; i-- {
		switch r := p.rs[i]; {
		case r >= 0 && isLineBreak(r):
			arabic = false
		case r >= 0 && unicode.IsLetter(r):
			arabic = IsUrdu(r)
		}
		after[i] = arabic
	}
	return before, after
}

// mixedDigits finds numbers written partly in Latin and partly in Urdu
// (or Arabic-Indic) digits and writes each in the system most of its
// digits use, or its first digit's when they are even.
func (p *proofer) mixedDigits() {
	for i := 0; i < len(p.rs); i++ {
		if !isDigit(p.rs[i]) {
			continue
		}
		j := i + 1
		for j < len(p.rs) && (isDigit(p.rs[j]) || (isNumberJoiner(p.rs[j]) && isDigit(p.rune(j+1)))) {
			j++
		}
		latin, eastern := 0, 0
		for _, r := range p.rs[i:j] {
			if r >= '0' && r <= '9' {
				latin++
			} else if isDigit(r) {
				eastern++
			}
		}
		if latin > 0 && eastern > 0 {
			toLatin := latin > eastern || (latin == eastern && p.rs[i] <= '9')
			var b strings.Builder
			for _, r := range p.rs[i:j] {
				v, ok := decimalDigitValue(r)
				switch {
				case !ok:
					b.WriteRune(r)
				case toLatin:
					b.WriteRune('0' + rune(v))
				default:
					b.WriteRune(zeroExtArabicIndic + rune(v))
				}
			}
			msg := msgMixedUrdu
			if toLatin {
				msg = msgMixedLatin
			}
			p.add(RuleMixedDigits, i, j, b.String(), msg)
		}
		i = j
	}
}

// result sorts the findings, fills in their text and drops any that
// overlaps an earlier one (no rule should produce such a pair).
func (p *proofer) result() []Finding {
	slices.SortStableFunc(p.out, func(a, b Finding) int { return a.Start - b.Start })
	out := p.out[:0]
	end := 0
	for _, f := range p.out {
		if f.Start < end {
			continue
		}
		f.Text = p.text[f.Start:f.End]
		out = append(out, f)
		end = f.End
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// isWordRune reports the runes Arabic-script words are made of: letters
// and combining marks of the Arabic blocks.
func isWordRune(r rune) bool {
	return r >= 0 && IsUrdu(r) && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r))
}

// isHSpace reports spaces within a line: tab and the space separators,
// no-break space among them. ZWNJ is not a space.
func isHSpace(r rune) bool {
	return r == '\t' || (r >= 0 && unicode.Is(unicode.Zs, r))
}

func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

func isDigit(r rune) bool {
	_, ok := decimalDigitValue(r)
	return ok
}

// isNumberJoiner reports what may stand between two digits of one number:
// decimal and group separators, the colon of times and the slash of dates.
func isNumberJoiner(r rune) bool {
	switch r {
	case '.', ',', '٫', '٬', ':', '/':
		return true
	}
	return false
}

// isUrduMark reports the Urdu punctuation that never starts a line and
// takes no space before it (URDU.md §5).
func isUrduMark(r rune) bool {
	return r == '۔' || r == '،' || r == '؟' || r == '؛'
}

func urduMarkFor(r rune) string {
	switch r {
	case '?':
		return "؟"
	case ',':
		return "،"
	case ';':
		return "؛"
	}
	return "۔"
}

func asciiMarkMessage(r rune) string {
	switch r {
	case '?':
		return msgQuestion
	case ',':
		return msgComma
	case ';':
		return msgSemicolon
	}
	return msgFullStop
}
