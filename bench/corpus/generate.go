package corpus

import (
	"strconv"
	"strings"
)

// builder writes the text of one article. Every field is appended to one
// buffer, one after another; the caller copies it out once and slices the
// fields. The buffer is passed and returned, append-style, rather than kept
// in the builder, so that it can live on the caller's stack.
type builder struct {
	v    *vocab
	r    rng
	sec  int
	glue bool // the next word follows without a space (field start, after an opening quote)
	prev int  // rank of the last common word written, or -1
	fn   bool // the last word written was a function word

	special bool // the body holds a character HTML must escape
}

// functionWords is how many of the most frequent words are postpositions,
// auxiliaries and the like (کے، میں، کی، ہے، اور ... نہیں).
const functionWords = 24

// begin starts a new field: no space before its first word.
func (b *builder) begin() {
	b.glue, b.prev, b.fn = true, -1, false
}

// word writes s after a space; entries of the name lists can be several words.
func (b *builder) word(buf []byte, s string) []byte {
	if !b.glue {
		buf = append(buf, ' ')
	}
	b.glue = false
	return append(buf, s...)
}

// name writes a list entry that is not a common word.
func (b *builder) name(buf []byte, s string) []byte {
	b.prev, b.fn = -1, false
	return b.word(buf, s)
}

// nwords counts the words of a list entry (single spaces, no padding).
func nwords(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, " ") + 1
}

// token writes one token of at most max words: a common word, a topic word,
// a name, a place, an acronym or a number with its unit, and returns its
// length in words. A first token is never a number or a function word, as
// Urdu sentences rarely start with a postposition.
func (b *builder) token(buf []byte, first bool, max int) ([]byte, int) {
	r, v := &b.r, b.v
	n := len(v.words)
	var k int
	if first {
		switch x := r.intn(100); {
		case x < 12:
			k = n + kindEntity
		case x < 45:
			k = n + kindTopic
		default:
			k = v.tokenPick.sample(r)
			if k == n+kindNumber {
				k = n + kindTopic
			}
		}
	} else {
		k = v.tokenPick.sample(r)
	}
	switch k - n {
	case kindNumber:
		return b.number(buf, max)
	case kindEntity:
		if buf, m := b.entity(buf, max); m > 0 {
			return buf, m
		}
		k = v.tokenPick.sample(r)
	case kindTopic:
		return b.name(buf, v.topics[b.sec][v.topicPick[b.sec].sample(r)]), 1
	}
	// Redraw a few times to avoid "کے کے", a sentence opening with a
	// postposition, and most runs of function words.
	for try := 0; try < 4; try++ {
		if k < n && k != b.prev && (k >= functionWords || !first && !(b.fn && r.intn(10) < 3)) {
			break
		}
		k = v.tokenPick.sample(r)
	}
	if k >= n || k < functionWords && first {
		k = functionWords // out of redraws: the most common content word
	}
	buf = b.word(buf, v.word(k))
	b.prev, b.fn = k, k < functionWords
	return buf, 1
}

// entity writes a place, a person (sometimes with a title) or a Latin
// acronym of at most max words and returns its length, or 0 if none fits.
func (b *builder) entity(buf []byte, max int) ([]byte, int) {
	r, v := &b.r, b.v
	var e, title string
	switch y := r.intn(20); {
	case y < 11:
		if v.sections[b.sec].slug == "international" && y < 8 {
			e = v.placesWorld[v.worldPick.sample(r)]
		} else {
			e = v.placesPK[v.placePKPick.sample(r)]
		}
	case y < 17:
		e = v.people[v.peoplePick.sample(r)]
		if r.intn(10) < 4 {
			title = v.titles[r.intn(len(v.titles))]
		}
	default:
		e = v.latin[v.latinPick.sample(r)]
		if strings.ContainsAny(e, htmlSpecial) {
			b.special = true
		}
	}
	n := nwords(title) + nwords(e)
	if n > max {
		return buf, 0
	}
	if title != "" {
		buf = b.name(buf, title)
	}
	return b.name(buf, e), n
}

// number writes a year, count, amount or decimal, in ASCII digits or (a
// third of the time) Urdu digits ۰–۹, often followed by a unit.
func (b *builder) number(buf []byte, max int) ([]byte, int) {
	r := &b.r
	urdu := r.intn(3) == 0
	var d []byte
	var tmp [24]byte
	year := false
	switch x := r.intn(100); {
	case x < 20:
		d, year = strconv.AppendInt(tmp[:0], int64(2000+r.intn(27)), 10), true
	case x < 55:
		d = strconv.AppendInt(tmp[:0], int64(1+r.intn(100)), 10)
	case x < 75:
		d = strconv.AppendInt(tmp[:0], int64(100+r.intn(9900)), 10)
		if len(d) == 4 && !urdu && r.intn(3) == 0 {
			d = append(d[:1], ',', d[1], d[2], d[3]) // 1,250 as English copy writes it
		}
	case x < 90:
		d = strconv.AppendInt(tmp[:0], int64(r.intn(100)), 10)
		d = append(d, '.', byte('1'+r.intn(9)))
	default:
		d = strconv.AppendInt(tmp[:0], int64(10_000+r.intn(990_000)), 10)
	}
	if !b.glue {
		buf = append(buf, ' ')
	}
	b.glue, b.prev, b.fn = false, -1, false
	if urdu {
		for _, c := range d {
			if c >= '0' && c <= '9' {
				buf = append(buf, 0xDB, 0xB0+c-'0') // U+06F0 + digit in UTF-8
			} else {
				buf = append(buf, c)
			}
		}
	} else {
		buf = append(buf, d...)
	}
	if year || max < 2 || r.intn(10) < 4 {
		return buf, 1
	}
	u := b.v.units[b.v.unitPick.sample(r)]
	if n := nwords(u); n < max {
		return b.name(buf, u), 1 + n
	}
	return buf, 1
}

// words writes n words' worth of tokens, with «،» after word comma (none
// if comma ≤ 0).
func (b *builder) words(buf []byte, n, comma int) []byte {
	for k := 0; k < n; {
		var m int
		buf, m = b.token(buf, k == 0, n-k)
		k += m
		if comma > 0 && k >= comma && k < n {
			buf = append(buf, "،"...)
			comma = 0
		}
	}
	return buf
}

// headline writes n words: often two clauses joined by «،», usually ending
// in a headline phrase such as «کا اعلان»; no full stop.
func (b *builder) headline(buf []byte, n int) []byte {
	r, v := &b.r, b.v
	b.begin()
	tail := ""
	if r.intn(10) < 7 {
		tail = v.hlEnds[v.hlEndPick.sample(r)]
	}
	body := n - nwords(tail)
	comma := 0
	if body >= 7 && r.intn(100) < 35 {
		comma = 3 + r.intn(body-5)
	}
	buf = b.words(buf, body, comma)
	if tail != "" {
		buf = b.name(buf, tail)
	}
	return buf
}

// strapline writes n words: one or two clauses, usually ending in a verb
// phrase, without a full stop, as the demo straplines do.
func (b *builder) strapline(buf []byte, n int) []byte {
	r, v := &b.r, b.v
	b.begin()
	tail := ""
	if r.intn(10) < 6 {
		tail = v.endings[v.endPick.sample(r)]
	}
	body := n - nwords(tail)
	comma := 0
	if r.intn(10) < 7 {
		comma = 4 + r.intn(body-7)
	}
	buf = b.words(buf, body, comma)
	if tail != "" {
		buf = b.name(buf, tail)
	}
	return buf
}

// sentence writes a sentence of n ≥ 4 words ending in a verb phrase and «۔»,
// with a comma or two; one in twenty quotes a span in “ ” or ASCII quotes,
// as news copy quotes its speakers.
func (b *builder) sentence(buf []byte, n int) []byte {
	r, v := &b.r, b.v
	tail := v.endings[v.endPick.sample(r)]
	body := n - nwords(tail)
	c1, c2 := 0, 0 // commas after these word counts
	if body >= 8 && r.intn(10) < 7 {
		c1 = 3 + r.intn(body/2-2)
	}
	if body >= 16 && r.intn(2) == 0 {
		c2 = body/2 + 2 + r.intn(body/2-3)
	}
	qa, qb := 0, 0 // quote words qa+1..qb
	open, closing := "“", "”"
	if body >= 9 && r.intn(20) == 0 {
		qa = 1 + r.intn(body-7)
		qb = qa + 3 + r.intn(4)
		c1, c2 = 0, 0
		if r.intn(2) == 0 {
			open, closing = `"`, `"`
			b.special = true
		}
	}
	for k := 0; k < body; {
		if qa > 0 && k >= qa {
			buf = append(buf, ' ')
			buf = append(buf, open...)
			b.glue, qa = true, -1
		}
		var m int
		buf, m = b.token(buf, k == 0, body-k)
		k += m
		switch {
		case qa < 0 && k >= qb:
			buf = append(buf, closing...)
			qa = 0
		case c1 > 0 && k >= c1 && k < body:
			buf = append(buf, "،"...)
			c1 = 0
		case c2 > 0 && k >= c2 && k < body:
			buf = append(buf, "،"...)
			c2 = 0
		}
	}
	if qa < 0 {
		buf = append(buf, closing...)
	}
	buf = b.name(buf, tail)
	return append(buf, "۔"...)
}

// block is one paragraph or subheading of the body text, as offsets in buf.
type block struct {
	start, end int
	h2         bool
}

// body writes the body text, 150–600 words (mean ~300: 150 plus the smaller
// of two uniform draws up to 450, right-skewed like real news) in 3–8
// paragraphs, one or two <h2> subheadings in every third article or so,
// then the same blocks as HTML, which starts at offset html.
func (b *builder) body(buf []byte) (out []byte, html int) {
	r, v := &b.r, b.v
	total := 150 + min(r.intn(451), r.intn(451))
	paras := min(max(total/55+r.intn(3)-1, 3), 8)
	var h2at [2]int // paragraph a subheading goes before; 0 = none
	var h2 [2]string
	if r.intn(3) == 0 {
		h2at[0] = 1 + r.intn(paras-1)
		h2[0] = v.subheads[r.intn(len(v.subheads))]
		total -= nwords(h2[0])
		if paras >= 4 && r.intn(5) < 2 {
			for h2at[1] == 0 || h2at[1] == h2at[0] {
				h2at[1] = 1 + r.intn(paras-1)
			}
			if h2at[1] < h2at[0] {
				h2at[0], h2at[1] = h2at[1], h2at[0]
			}
			h2[1] = v.subheads[r.intn(len(v.subheads))]
			for h2[1] == h2[0] {
				h2[1] = v.subheads[r.intn(len(v.subheads))]
			}
			total -= nwords(h2[1])
		}
	}
	var share [8]int
	sum := 0
	for k := range paras {
		share[k] = 6 + r.intn(9)
		sum += share[k]
	}

	var blocks [10]block
	nb := 0
	left := total
	for k := range paras {
		for j := range h2at {
			if h2at[j] == k && h2[j] != "" {
				buf = append(buf, "\n\n"...)
				b.begin()
				blocks[nb] = block{len(buf), 0, true}
				buf = b.name(buf, h2[j])
				blocks[nb].end = len(buf)
				nb++
			}
		}
		if k > 0 {
			buf = append(buf, "\n\n"...)
		}
		b.begin()
		blocks[nb] = block{start: len(buf)}
		words := total * share[k] / sum
		if k == paras-1 {
			words = left
		}
		left -= words
		for rem := words; rem > 0; {
			n := 10 + r.intn(11) + r.intn(11) // 10–30 words, mean 20
			if rem-n < 6 {
				n = rem
			}
			buf = b.sentence(buf, n)
			rem -= n
		}
		blocks[nb].end = len(buf)
		nb++
	}

	html = len(buf)
	for k, bl := range blocks[:nb] {
		open, closing := "<p>", "</p>"
		if bl.h2 {
			open, closing = "<h2>", "</h2>"
		}
		if k > 0 {
			buf = append(buf, '\n')
		}
		buf = append(buf, open...)
		if b.special {
			buf = appendEscaped(buf, buf[bl.start:bl.end])
		} else {
			buf = append(buf, buf[bl.start:bl.end]...)
		}
		buf = append(buf, closing...)
	}
	return buf, html
}

// htmlSpecial are the characters html.EscapeString escapes. Only Latin
// entries (R&D) and ASCII quotes bring them into the text; parseVocab
// checks that no other list does, so articles without them skip escaping.
const htmlSpecial = `&'<>"`

// appendEscaped appends s escaped as html.EscapeString does. s may alias
// dst's array: it is read before any byte it could be overwritten with.
func appendEscaped(dst, s []byte) []byte {
	for _, c := range s {
		switch c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '\'':
			dst = append(dst, "&#39;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		case '"':
			dst = append(dst, "&#34;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// pickTags picks 1–4 distinct tags: the first from the article's section,
// the others from the section or the place list, and now and then the
// dateline place itself, so tag pages have both huge and tiny result sets.
func pickTags(v *vocab, r *rng, sec int, place string) []string {
	n := 1 + r.intn(20)
	switch {
	case n <= 3:
		n = 1
	case n <= 9:
		n = 2
	case n <= 16:
		n = 3
	default:
		n = 4
	}
	tags := make([]string, 0, n)
	has := func(t string) bool {
		for _, x := range tags {
			if x == t {
				return true
			}
		}
		return false
	}
	tags = append(tags, v.secTags[sec][v.secTagPick[sec].sample(r)])
	if n > 1 && v.placeTagged[place] && r.intn(10) < 4 && !has(place) {
		tags = append(tags, place)
	}
	for try := 0; len(tags) < n && try < 20; try++ {
		var t string
		if r.intn(2) == 0 {
			t = v.secTags[sec][v.secTagPick[sec].sample(r)]
		} else {
			t = v.genTags[v.genTagPick.sample(r)]
		}
		if !has(t) {
			tags = append(tags, t)
		}
	}
	return tags
}
