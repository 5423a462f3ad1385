package content

import (
	"sort"
	"strings"

	"golang.org/x/net/html"

	"akhbar/internal/urdu"
)

// BodyProof is what urdu.Proof finds in an article body.
type BodyProof struct {
	// Text is the body as a reader reads it: the text of its elements,
	// each block on a line of its own. Findings are spans of Text.
	Text     string
	Findings []urdu.Finding
}

// ProofBody proofs the text of body HTML as one text, so a question mark
// after a bold word is still in its Urdu sentence. Only findings that lie
// inside one text node are reported, since that is where a fix can go;
// text in lang="ar" passages (Qur'anic Arabic is right with ك ي ه ة) and in
// code is read for context but never reported.
func ProofBody(bodyHTML string) BodyProof {
	b := splitBody(bodyHTML)
	var out BodyProof
	out.Text = b.text
	for _, l := range b.findings() {
		out.Findings = append(out.Findings, l.f)
	}
	return out
}

// FixBody applies the findings of ProofBody(bodyHTML) that pick chooses
// (by their index), rewriting only the text nodes they lie in; tags,
// attributes, comments and every other text node stay byte for byte.
func FixBody(bodyHTML string, pick func(i int) bool) string {
	b := splitBody(bodyHTML)
	fixes := map[int][]urdu.Finding{} // segment → its picked findings, in its own offsets
	for i, l := range b.findings() {
		if !pick(i) {
			continue
		}
		seg := b.segs[l.seg]
		f := l.f
		f.Start -= seg.start
		f.End -= seg.start
		fixes[l.seg] = append(fixes[l.seg], f)
	}
	if len(fixes) == 0 {
		return bodyHTML
	}
	var out strings.Builder
	out.Grow(len(bodyHTML))
	for i, seg := range b.segs {
		if fs, ok := fixes[i]; ok {
			out.WriteString(html.EscapeString(urdu.Apply(seg.text, fs)))
		} else {
			out.WriteString(seg.raw)
		}
	}
	return out.String()
}

// FixAllBody applies every finding in body HTML, again until none is left
// (as urdu.FixAll does for plain text).
func FixAllBody(bodyHTML string) string {
	all := func(int) bool { return true }
	for range 10 {
		if len(ProofBody(bodyHTML).Findings) == 0 {
			break
		}
		bodyHTML = FixBody(bodyHTML, all)
	}
	return bodyHTML
}

// bodyText is body HTML cut into tokens, with the text a reader reads.
type bodyText struct {
	segs []bodySegment
	text string
}

// bodySegment is one token of the HTML as written; a text node also has
// its text and where that text is in bodyText.text.
type bodySegment struct {
	raw     string
	text    string
	start   int  // offset of text in bodyText.text; -1 when not there
	proofed bool // findings here may be reported and fixed
}

// located is a finding in the body's text and the segment it lies in.
type located struct {
	f   urdu.Finding
	seg int
}

// findings proofs the text and keeps what lies inside one proofed text node.
func (b *bodyText) findings() []located {
	var starts []int // segment index of each text node in the text, by start
	for i, s := range b.segs {
		if s.start >= 0 {
			starts = append(starts, i)
		}
	}
	var out []located
	for _, f := range urdu.Proof(b.text) {
		// The last text node starting at or before f.Start.
		k := sort.Search(len(starts), func(k int) bool { return b.segs[starts[k]].start > f.Start }) - 1
		if k < 0 {
			continue
		}
		seg := b.segs[starts[k]]
		if seg.proofed && f.End <= seg.start+len(seg.text) {
			out = append(out, located{f, starts[k]})
		}
	}
	return out
}

func splitBody(bodyHTML string) *bodyText {
	b := &bodyText{}
	var text strings.Builder
	type open struct {
		name   string
		quiet  bool // text inside is context only
		hidden bool // text inside is not read at all (script, style)
	}
	var stack []open
	top := func() open {
		if len(stack) == 0 {
			return open{}
		}
		return stack[len(stack)-1]
	}
	newline := func() {
		if s := text.String(); s != "" && !strings.HasSuffix(s, "\n") {
			text.WriteByte('\n')
		}
	}
	z := html.NewTokenizer(strings.NewReader(bodyHTML))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		seg := bodySegment{raw: string(z.Raw()), start: -1}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			o := top()
			o.name = tag
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "lang" {
					lang := strings.ToLower(string(v))
					o.quiet = lang == "ar" || strings.HasPrefix(lang, "ar-")
				}
			}
			switch tag {
			case "code", "pre", "kbd", "samp", "var":
				o.quiet = true
			case "script", "style", "template", "noscript", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext":
				o.hidden = true
			}
			if !inlineElement(tag) {
				newline()
			}
			if tt == html.StartTagToken && !voidElement(tag) {
				stack = append(stack, o)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == tag {
					stack = stack[:i]
					break
				}
			}
			if !inlineElement(tag) {
				newline()
			}
		case html.TextToken:
			if o := top(); !o.hidden {
				seg.text = string(z.Text())
				seg.start = text.Len()
				seg.proofed = !o.quiet
				text.WriteString(seg.text)
			}
		}
		b.segs = append(b.segs, seg)
	}
	b.text = text.String()
	return b
}

// inlineElement reports the elements that sit inside a line of text;
// every other element starts a new line.
func inlineElement(tag string) bool {
	switch tag {
	case "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s",
		"samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr":
		return true
	}
	return false
}
