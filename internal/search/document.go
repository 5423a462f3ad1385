package search

import (
	"hash/fnv"
	"strconv"
	"strings"

	"akhbar/internal/urdu"
)

// Document is what the index knows of an article: the text a reader may
// search for. Headline matches rank higher, so it is kept apart.
type Document struct {
	Headline  string
	Strapline string
	Body      string // plain text
	Tags      []string
	Section   string // the section's name
	Dateline  string // source and place
}

// Fields are a document's folded words, space-separated, one string per
// indexed field, in the order of FieldNames, each followed by the field's
// derived forms (see forms.go), which start with U+0640.
func (d Document) Fields() []string {
	plain := d.texts()
	out := make([]string, len(plain))
	for i, text := range plain {
		words := tokens(text)
		derived := derivedForms(words)
		derived = append(derived, zwnjJoined(text, derived)...)
		out[i] = strings.Join(append(words, derived...), " ")
	}
	return out
}

// texts are the document's indexed fields as written.
func (d Document) texts() []string {
	return []string{d.Headline, d.Strapline, d.Body,
		strings.Join(d.Tags, " ") + " " + d.Section + " " + d.Dateline}
}

// Words are Fields without the derived forms: the document's folded words
// as written, space-separated, one string per field.
func (d Document) Words() []string { return d.plainFields() }

// plainFields are Fields without the derived forms.
func (d Document) plainFields() []string {
	plain := d.texts()
	for i, text := range plain {
		plain[i] = words(text)
	}
	return plain
}

// zwnjJoined returns the keys, as derived forms not already in have, of
// the words of text joined by ZWNJ or ZWJ (ہیٹ‌ویو gives ہیٹویو): the
// words split there, and the joined form is found in the equivalent tier.
func zwnjJoined(text string, have []string) []string {
	if !strings.Contains(text, "\u200c") && !strings.Contains(text, "\u200d") {
		return nil
	}
	seen := map[string]bool{}
	for _, h := range have {
		seen[h] = true
	}
	var out []string
	for _, span := range urdu.TokenSpans(text) {
		raw := text[span[0]:span[1]]
		if !strings.Contains(raw, "\u200c") && !strings.Contains(raw, "\u200d") {
			continue
		}
		joined := urdu.Fold(raw) // Fold deletes ZWNJ and ZWJ
		if strings.Contains(joined, "ۓ") {
			joined = strings.ReplaceAll(joined, "ۓ", "ئے")
		}
		if joined == "" || len(joined) > maxWordBytes || strings.Contains(joined, " ") {
			continue
		}
		if f := derivedMark + Key(joined); !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// FieldNames name the fields Fields returns (the FTS5 columns).
var FieldNames = []string{"headline", "strapline", "body", "labels"}

// HeadlineField is the field whose matches rank higher.
const HeadlineField = "headline"

// words folds and tokenizes text and joins the words with single spaces:
// the form both engines index, splitting only at those spaces.
func words(text string) string {
	return strings.Join(tokens(text), " ")
}

// maxWordBytes bounds an indexed word: longer runs of letters are not words
// anyone searches for, and PostgreSQL refuses lexemes over 2 KB.
const maxWordBytes = 200

// tokens are the folded words of text that the index keeps.
func tokens(text string) []string {
	list := urdu.Tokens(foldForSearch(text))
	out := list[:0]
	for _, w := range list {
		if len(w) <= maxWordBytes {
			out = append(out, w)
		}
	}
	return out
}

// tsMaxPosition is PostgreSQL's largest tsvector position; later words
// share it, so phrases beyond it cannot be told apart.
const tsMaxPosition = 16383

// TSVectors renders the document as two PostgreSQL tsvector literals (to
// cast with ::tsvector): all fields, and the headline alone. Positions
// follow the words in field order with a gap between fields, so a phrase
// never spans two fields, as in FTS5 where each field is a column.
func (d Document) TSVectors() (all, headline string) {
	fields := d.Fields()
	return tsVector(fields), tsVector(fields[:1])
}

func tsVector(fields []string) string {
	positions := map[string][]int{}
	var order []string
	pos := 0
	for _, f := range fields {
		if f == "" {
			continue
		}
		for w := range strings.SplitSeq(f, " ") {
			pos = min(pos+1, tsMaxPosition)
			if _, ok := positions[w]; !ok {
				order = append(order, w)
			}
			positions[w] = append(positions[w], pos)
		}
		pos++ // the gap between fields
	}
	var b strings.Builder
	for i, w := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tsLexeme(w))
		b.WriteByte(':')
		last := -1
		n := 0
		for _, p := range positions[w] {
			// PostgreSQL keeps at most 256 positions of a lexeme; more
			// would be dropped there anyway, so they are not sent.
			if p == last || n == 256 {
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
			last = p
			n++
		}
	}
	return b.String()
}

// TSPairs renders the document's adjacent word pairs that hold a stop
// word, within each field (as a phrase matches), as a PostgreSQL tsvector
// literal of pair keys without positions. A GIN index of it narrows a
// phrase search to the articles holding its pairs, where a GIN index of
// words could only offer every article holding all its words for their
// positions to be checked one by one: «پاکستان میں», with a word found in
// almost every article, had 60,000 articles to check for 1,000 matches.
// Pairs of two other words are left out (they halve the index): the
// articles holding both such words are few enough to check.
func (d Document) TSPairs() string {
	seen := map[string]bool{}
	var b strings.Builder
	for _, f := range d.plainFields() {
		if f == "" {
			continue
		}
		words := strings.Split(f, " ")
		for i := 0; i+1 < len(words); i++ {
			key, ok := pairKey(words[i], words[i+1])
			if !ok || seen[key] {
				continue
			}
			seen[key] = true
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(key)
		}
	}
	return b.String()
}

// pairKey names an adjacent pair of folded words, if one is a stop word:
// 20 bits of their FNV-1a hash, in base 36 (at most four letters and
// digits, which a tsvector keeps as they are). Many pairs share a key, so
// positions confirm every candidate; but an article holds a given key by
// chance with odds of about 1 in 7,000, and the index has at most a
// million keys, where whole pairs made millions of mostly one article
// each (a 540 MB index for 100,000 articles).
func pairKey(a, b string) (string, bool) {
	if !urdu.IsStopWord(a) && !urdu.IsStopWord(b) {
		return "", false
	}
	h := fnv.New32a()
	h.Write([]byte(a))
	h.Write([]byte{' '})
	h.Write([]byte(b))
	return strconv.FormatUint(uint64(h.Sum32()>>12), 36), true
}
