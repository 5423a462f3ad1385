// Package search turns what readers and editors type into queries for the
// database's full-text index, and articles into what that index stores.
//
// Both sides go through urdu.Fold and urdu.Tokens, so a query finds an
// article however either was typed: Arabic or Urdu letters, with or without
// diacritics, any digits, with or without ZWNJ. The package knows no SQL
// engine; it renders queries and documents in the two forms the store needs:
// SQLite FTS5 match expressions and PostgreSQL tsquery/tsvector literals.
// Because it tokenizes itself, both engines see exactly the same words.
package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"akhbar/internal/urdu"
)

// Limits that keep any input cheap: a reader's query is a few words.
const (
	MaxQueryBytes  = 512 // longer input is cut at a rune boundary
	MaxTerms       = 12  // further words are ignored
	minPrefixRunes = 3   // a last word of one or two letters matches whole, not as a prefix (issue 21: «کر» would match کراچی, کرکٹ, کرنا…)
)

// Term is one thing a match must contain: a word, or a phrase of words in
// order. Words are folded.
type Term struct {
	Words  []string
	Prefix bool // the last word may be the start of a longer word
	// Joined is the one word a phrase was typed as, with ZWNJ or ZWJ
	// between its parts («خوش‌خبری»): the phrase also matches it joined.
	Joined string

	// At the equivalent tier a free word also matches written together
	// with the word typed beside it (joins: «لوڈ شیڈنگ» finds
	// «لوڈشیڈنگ»), and a word typed joined matches as the phrase of two
	// words it splits into (splits: «نیوزیلینڈ» finds «نیوزی لینڈ»).
	joins  []string
	splits [][2]string
}

// Phrase reports whether the term is a quoted phrase of several words.
func (t Term) Phrase() bool { return len(t.Words) > 1 }

// Query is a parsed search: every term must match.
type Query struct {
	Terms []Term
}

// Empty reports whether nothing is left to search for.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// Parse reads a query as readers type it. Words separated by spaces must
// all match; "quoted words" must match as a phrase (an unclosed quote runs
// to the end); the last word, unless the input ends in a space, also
// matches as the start of a longer word, so results follow the reader's
// typing. Stop words outside quotes are dropped while other words remain.
// Every other character is text: FTS operators, brackets and stars have no
// special meaning, and invalid UTF-8 separates words. Parse never fails.
func Parse(input string) Query {
	if len(input) > MaxQueryBytes {
		cut := MaxQueryBytes
		for cut > 0 && !utf8.RuneStart(input[cut]) {
			cut--
		}
		input = input[:cut]
	}
	input = normalizeQuotes(input)
	// The last word is still being typed if it runs to the end of the input.
	spans := urdu.TokenSpans(input)
	endsOpen := len(spans) > 0 && spans[len(spans)-1][1] == len(input)

	var terms []Term
	quoted := false
	for i, part := range strings.Split(input, `"`) {
		if i > 0 {
			quoted = !quoted
		}
		words := tokens(part)
		if len(words) == 0 {
			continue
		}
		if quoted {
			terms = append(terms, Term{Words: words})
			continue
		}
		terms = append(terms, freeTerms(part)...)
	}
	// Only a free last word, typed up to the end of the input, is a prefix.
	if n := len(terms); n > 0 && endsOpen && !quoted && !terms[n-1].Phrase() &&
		utf8.RuneCountInString(terms[n-1].Words[0]) >= minPrefixRunes {
		terms[n-1].Prefix = true
	}
	terms = dropStopWords(terms)
	if len(terms) > MaxTerms {
		terms = terms[:MaxTerms]
	}
	return Query{Terms: dedupe(terms)}
}

// freeTerms returns the terms of unquoted text: a term per word, but a
// word typed with ZWNJ or ZWJ inside, which search splits there, is a
// phrase of its parts that also matches the joined word.
func freeTerms(text string) []Term {
	if !strings.Contains(text, "\u200c") && !strings.Contains(text, "\u200d") {
		var terms []Term
		for _, w := range tokens(text) {
			terms = append(terms, Term{Words: []string{w}})
		}
		return joinAndSplit(terms)
	}
	var terms []Term
	for _, span := range urdu.TokenSpans(text) {
		raw := text[span[0]:span[1]]
		words := tokens(raw)
		joined := tokens(strings.NewReplacer("\u200c", "", "\u200d", "").Replace(raw))
		switch {
		case len(words) > 1 && len(joined) == 1:
			terms = append(terms, Term{Words: words, Joined: joined[0]})
		default:
			for _, w := range words {
				terms = append(terms, Term{Words: []string{w}})
			}
		}
	}
	return joinAndSplit(terms)
}

// Bounds on the forms a free word adds at the equivalent tier.
const (
	maxJoinTerms  = 6 // a longer free run of words gets no joins
	maxSplits     = 3 // splits of one word
	minSplitRunes = 2 // letters in each half of a split
)

// joinAndSplit gives the free single words of terms, typed side by side
// in that order, their joins and splits (Term.joins, Term.splits). Urdu
// writers and readers put the space inside a compound or leave it out
// as they please («لوڈ شیڈنگ», «لوڈشیڈنگ»; «فٹ بال», «فٹبال»); the
// tables know the compounds of the demo text, these rules the rest.
//
// Each of two words side by side also matches the two joined, so «A B»
// matches A and B, or AB (A or AB, and B or AB): the same for a stop
// word, which is dropped later, so «بلا سود» finds «بلاسود». A word
// splits into a phrase of two words when both halves, of two letters or
// more, are words of the lexicon; the phrase must then occur, word beside
// word, which the accidental splits of ordinary words («پاکستان») never
// do in real text.
func joinAndSplit(terms []Term) []Term {
	urduWord := func(t Term) bool {
		return len(t.Words) == 1 && t.Joined == "" && t.Words[0] != "" && t.Words[0][0] >= utf8.RuneSelf
	}
	if len(terms) <= maxJoinTerms {
		for i := 0; i+1 < len(terms); i++ {
			a, b := &terms[i], &terms[i+1]
			if !urduWord(*a) || !urduWord(*b) {
				continue
			}
			j := a.Words[0] + b.Words[0]
			if len(j) > maxWordBytes {
				continue
			}
			a.joins = append(a.joins, j)
			b.joins = append(b.joins, j)
		}
	}
	for i := range terms {
		t := &terms[i]
		if !urduWord(*t) {
			continue
		}
		w := t.Words[0]
		if utf8.RuneCountInString(w) < 2*minSplitRunes {
			continue
		}
		for at := range w {
			if at == 0 || len(t.splits) == maxSplits {
				continue
			}
			a, b := w[:at], w[at:]
			if utf8.RuneCountInString(a) < minSplitRunes || utf8.RuneCountInString(b) < minSplitRunes {
				continue
			}
			if lexicon[a] && lexicon[b] {
				t.splits = append(t.splits, [2]string{a, b})
			}
		}
	}
	return terms
}

// normalizeQuotes turns the quotation marks Urdu and other keyboards type
// into ASCII double quotes, so «وزیر اعظم» is a phrase like "وزیر اعظم".
var quoteReplacer = strings.NewReplacer("«", `"`, "»", `"`, "“", `"`, "”", `"`, "„", `"`)

func normalizeQuotes(s string) string { return quoteReplacer.Replace(s) }

// dropStopWords removes stop words outside phrases when at least one other
// term remains: «پاکستان کی معیشت» searches for پاکستان and معیشت, while
// «کی» alone still searches for کی. A stop word being typed last goes too:
// as a prefix it would match nearly every article, at a high cost.
func dropStopWords(terms []Term) []Term {
	keep := terms[:0:0]
	for _, t := range terms {
		if t.Phrase() || !urdu.IsStopWord(t.Words[0]) {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		return terms
	}
	return keep
}

// dedupe drops repeated terms, which add cost but never change results.
func dedupe(terms []Term) []Term {
	seen := make(map[string]bool, len(terms))
	out := terms[:0]
	for _, t := range terms {
		key := strings.Join(t.Words, " ") + "|" + t.Joined + "|" + strings.Join(t.joins, " ")
		if t.Prefix {
			key += "*"
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, t)
		}
	}
	return out
}

// String renders the query for logs and for the search box: folded words,
// phrases in quotes.
func (q Query) String() string {
	var b strings.Builder
	for i, t := range q.Terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		if t.Phrase() {
			b.WriteString(`"` + strings.Join(t.Words, " ") + `"`)
		} else {
			b.WriteString(t.Words[0])
		}
		if t.Prefix {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// Tier levels, best first: a match at a better tier always ranks above
// one at a worse tier (forms.go).
const (
	TierExact      = 0 // the words as typed
	TierEquivalent = 1 // the same words in any equivalent form
	TierPrefix     = 2 // the last word as the start of a longer word
)

// The prefix tier is asked only when the exact and equivalent tiers match
// no article at all (the store's Search). A reader still typing an
// incomplete word («پاکس») finds nothing whole and gets type-ahead; one
// who typed a whole word («کار», «چین», «جنگ») gets the stories with that
// word, not a page of کاروبار, چینی and جنگل. Reader fixture prefix
// precision (issue 21): 0.43 with the prefix always asked, 0.51 when asked
// below three whole matches, 0.57 below one. The cost: a single stray
// token, a typo in some story, ends type-ahead for what it spells; the
// page then offers «کیا آپ کا مطلب تھا» as for any search finding few
// stories.

// Tier is the query matched at one level: every article it matches
// matches at that level or a better one.
type Tier struct {
	q     Query
	Level int
}

// Tiers returns the query's tiers, best first: exact, equivalent, and
// prefix when the last word is typed open. Each tier's matches include
// the previous tier's.
func (q Query) Tiers() []Tier {
	tiers := []Tier{{q, TierExact}, {q, TierEquivalent}}
	if n := len(q.Terms); n > 0 && q.Terms[n-1].Prefix {
		tiers = append(tiers, Tier{q, TierPrefix})
	}
	return tiers
}

// loosest is the query's widest tier: what it matches at all.
func (q Query) loosest() Tier {
	t := q.Tiers()
	return t[len(t)-1]
}

// FTS5 renders the query as an SQLite FTS5 match expression for
// everything it matches (its loosest tier). column, if not empty, limits
// the match to one column.
func (q Query) FTS5(column string) string { return q.loosest().FTS5(column) }

// TSQuery renders the query as a PostgreSQL tsquery literal for
// everything it matches (its loosest tier).
func (q Query) TSQuery() string { return q.loosest().TSQuery() }

// alternatives returns what a term also matches at the equivalent tier
// besides itself: keys, as words that may be indexed as written or as
// derived forms. A word's key; a two-word phrase's compound key.
func (t Term) alternatives() []string {
	var k string
	switch {
	case t.Joined != "":
		k = Key(t.Joined)
		if k == t.Joined {
			return []string{derivedMark + k}
		}
		return []string{k, derivedMark + k}
	case len(t.Words) == 1:
		if w := t.Words[0]; w == "" || w[0] < utf8.RuneSelf {
			return nil // Latin words and numbers have no other forms (derivedForms)
		}
		k = Key(t.Words[0])
	case len(t.Words) == 2:
		j, ok := joinKey(t.Words[0], t.Words[1])
		if !ok {
			return nil
		}
		k = j
	default:
		return nil
	}
	if k == t.Words[0] {
		return []string{derivedMark + k}
	}
	return []string{k, derivedMark + k}
}

// joinForms returns the words a term's joins match: each joined word as
// written, and its key as a word and as a derived form (a joined
// compound the tables know is indexed by its key).
func (t Term) joinForms() []string {
	var out []string
	for _, j := range t.joins {
		out = append(out, j)
		if k := Key(j); k != j {
			out = append(out, k)
		}
		out = append(out, derivedMark+Key(j))
	}
	return out
}

// prefixes returns what the open last word matches as a prefix: itself,
// its loose letters, and the derived forms starting with them.
func (t Term) prefixes() []string {
	w := t.Words[len(t.Words)-1]
	out := []string{w}
	l := loosePrefix(w)
	if l != w {
		out = append(out, l)
	}
	return append(out, derivedMark+l)
}

// FTS5 renders the tier as an SQLite FTS5 match expression. Every word is
// a quoted string, so nothing a reader types is read as FTS syntax.
// column, if not empty, limits the match to one column.
func (t Tier) FTS5(column string) string {
	var b strings.Builder
	if column != "" {
		b.WriteString(column + " : (")
	}
	for i, term := range t.q.Terms {
		if i > 0 {
			b.WriteString(" AND ")
		}
		exact := fts5String(strings.Join(term.Words, " "))
		forms, prefixes := t.otherForms(term)
		var alts []string
		for _, f := range forms {
			alts = append(alts, fts5String(strings.Join(f, " ")))
		}
		for _, p := range prefixes {
			alts = append(alts, fts5String(p)+" *")
		}
		if len(alts) == 0 {
			b.WriteString(exact)
			continue
		}
		b.WriteString("(" + exact + " OR " + strings.Join(alts, " OR ") + ")")
	}
	if column != "" {
		b.WriteString(")")
	}
	return b.String()
}

// otherForms are the ways a term matches at this tier besides its words
// as typed, for both engines to render alike: whole forms (one word, or a
// split compound's two words in order) and, at the prefix tier, the
// starts of words.
func (t Tier) otherForms(term Term) (forms [][]string, prefixes []string) {
	if term.Joined != "" {
		forms = append(forms, []string{term.Joined})
	}
	if t.Level >= TierEquivalent {
		for _, a := range term.alternatives() {
			forms = append(forms, []string{a})
		}
		for _, j := range term.joinForms() {
			forms = append(forms, []string{j})
		}
		for _, sp := range term.splits {
			forms = append(forms, []string{sp[0], sp[1]})
		}
	}
	if t.Level == TierPrefix && term.Prefix {
		prefixes = term.prefixes()
	}
	return forms, prefixes
}

func fts5String(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// TSQuery renders the tier as a PostgreSQL tsquery literal, to be cast
// with ::tsquery (not passed through to_tsquery, which would parse and
// stem it again): 'word' & ('phrase' <-> 'words') & ('pref':* | …).
func (t Tier) TSQuery() string {
	var b strings.Builder
	for i, term := range t.q.Terms {
		if i > 0 {
			b.WriteString(" & ")
		}
		var exact strings.Builder
		for j, w := range term.Words {
			if j > 0 {
				exact.WriteString(" <-> ")
			}
			exact.WriteString(tsLexeme(w))
		}
		forms, prefixes := t.otherForms(term)
		var alts []string
		for _, f := range forms {
			if len(f) == 1 {
				alts = append(alts, tsLexeme(f[0]))
			} else {
				alts = append(alts, "("+tsLexeme(f[0])+" <-> "+tsLexeme(f[1])+")")
			}
		}
		for _, p := range prefixes {
			alts = append(alts, tsLexeme(p)+":*")
		}
		switch {
		case len(alts) > 0:
			b.WriteString("(")
			if term.Phrase() {
				b.WriteString("(" + exact.String() + ")")
			} else {
				b.WriteString(exact.String())
			}
			b.WriteString(" | " + strings.Join(alts, " | ") + ")")
		case term.Phrase():
			b.WriteString("(" + exact.String() + ")")
		default:
			b.WriteString(exact.String())
		}
	}
	return b.String()
}

// TSPairs renders the word pairs of the query's phrases that
// Document.TSPairs keeps as a tsquery over it, every pair required, and
// "" when there are none. It finds candidates only: keys are shared by
// many pairs, so the positions (TSQuery) must confirm them.
func (q Query) TSPairs() string { return q.loosest().TSPairs() }

// TSPairs is Query.TSPairs for the tier: "" when a phrase may match in
// another form (its compound key), which holds none of its pairs.
func (t Tier) TSPairs() string {
	var keys []string
	for _, term := range t.q.Terms {
		if term.Joined != "" || t.Level >= TierEquivalent && term.Phrase() && term.alternatives() != nil {
			return ""
		}
		for i := 0; i+1 < len(term.Words); i++ {
			if key, ok := pairKey(term.Words[i], term.Words[i+1]); ok {
				keys = append(keys, key)
			}
		}
	}
	return strings.Join(keys, " & ")
}

// tsLexeme quotes a word for a tsquery or tsvector literal.
func tsLexeme(w string) string {
	w = strings.ReplaceAll(w, `\`, `\\`)
	return "'" + strings.ReplaceAll(w, "'", "''") + "'"
}

// Matcher tells whether a word as written is one the query looks for; the
// snippet and headline highlighter use it.
type Matcher struct {
	words    map[string]bool
	keys     map[string]bool // the words' keys: equivalent forms match too
	prefixes []string
	joined   bool // a query word is a joined compound, which text may write as two words
}

// Whole is the query with no word matching as a prefix: what the store
// matched when any story holds the words whole (see TierPrefix).
func (q Query) Whole() Query {
	terms := slices.Clone(q.Terms)
	for i := range terms {
		terms[i].Prefix = false
	}
	return Query{Terms: terms}
}

// Matcher returns the query's word matcher.
func (q Query) Matcher() Matcher {
	m := Matcher{words: map[string]bool{}, keys: map[string]bool{}}
	for _, t := range q.Terms {
		for i, w := range t.Words {
			m.keys[Key(w)] = true
			if info, ok := forms[loose(foldForSearch(w))]; ok && info.parts != nil {
				m.joined = true
			}
			if t.Prefix && i == len(t.Words)-1 {
				m.prefixes = append(m.prefixes, w)
			} else {
				m.words[w] = true
			}
		}
	}
	return m
}

// Match reports whether word (as written, unfolded) is a query word, in
// any equivalent form.
func (m Matcher) Match(word string) bool {
	f := foldForSearch(word)
	if m.words[f] || m.keys[Key(f)] {
		return true
	}
	if strings.Contains(f, " ") { // a word written with ZWNJ: any part
		for part := range strings.SplitSeq(f, " ") {
			if m.Match(part) {
				return true
			}
		}
		return false
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}
