package content

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"akhbar/internal/embed"
	"akhbar/internal/urdu"
)

// PrepareBody turns body HTML from the editor (or pasted from Word or
// InPage) into what Akhbar stores: text outside any block is wrapped in
// paragraphs (Word and some editors use <div>s or bare text), <h1> becomes
// a subheading, styling spans go, Urdu text gets the display-safe
// normalization (except inside lang="ar" passages: Qur'anic Arabic is
// right as typed), everything outside the allow-list goes, and empty
// paragraphs are dropped. Story blocks (blockformat.go) keep their one
// form and stand between paragraphs, moved out of any paragraph, list or
// quote they were put in; an embeddable address alone on a line becomes
// an embed block. Blocks the editor carried as attachments
// (TrixBlockType) are unwrapped first.
func PrepareBody(raw string) string {
	var out bytes.Buffer
	z := html.NewTokenizer(strings.NewReader(unwrapTrixBlocks(strings.ToValidUTF8(raw, "\uFFFD"))))
	var stack []string // open elements we emitted; "" for a dropped span
	skip := 0          // >0 inside <head>, <style>, <script>, <title>: nothing there is body text
	arabic := 0        // >0 inside a lang="ar" passage
	autoP := false     // we opened a <p> around loose text
	inBlock := func() bool {
		for _, t := range stack {
			if blockElement(t) {
				return true
			}
		}
		return false
	}
	pop := func() { // closes the innermost open element
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if top != "" {
			if arabic > 0 {
				arabic--
			}
			out.WriteString("</" + top + ">")
		}
	}
	inside := func(tag string) bool {
		for _, t := range stack {
			if t == tag {
				return true
			}
		}
		return false
	}
	closeInline := func() { // closes open inline elements, so blocks never nest inside them
		for len(stack) > 0 && !blockElement(stack[len(stack)-1]) {
			pop()
		}
	}
	closeAuto := func() {
		if autoP {
			closeInline()
			out.WriteString("</p>")
			autoP = false
		}
	}
	openAuto := func() {
		if !autoP && !inBlock() {
			out.WriteString("<p>")
			autoP = true
		}
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		name := tok.Data
		if name == "h1" {
			name = "h2"
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			switch {
			case skippedElement(name):
				if tt == html.StartTagToken {
					skip++
				}
				continue
			case skip > 0, name == "html", name == "body":
				continue
			case name == "div", name == "aside" && !relatedBlock(tok), tablePart(name) && !inside("table"):
				closeAuto() // a container: its content stands in its place
				continue
			case name == "img" && !mediaSrc.MatchString(attrValue(tok, "src")):
				continue // a foreign or missing src would leave a broken image
			case blockRoot(tok) && !inside("figure") && !inside("table"):
				// A story block stands between paragraphs, never in one.
				closeAuto()
				for len(stack) > 0 {
					pop()
				}
			case blockElement(name):
				closeAuto()
				closeInline()
				if textBlock(name) && len(stack) > 0 && textBlock(stack[len(stack)-1]) {
					pop() // a paragraph or heading ends where the next one starts
				}
			case name == "span":
				if tt == html.SelfClosingTagToken {
					continue
				}
				if hasArabicLang(tok) {
					openAuto()
					stack = append(stack, "span")
					arabic++
					out.WriteString(`<span lang="ar">`)
				} else {
					stack = append(stack, "")
				}
				continue
			default:
				openAuto()
			}
			tok.Data, tok.DataAtom = name, 0
			if tt == html.StartTagToken && !voidElement(name) {
				stack = append(stack, name)
				if arabic > 0 || hasArabicLang(tok) && bodyElements[name] {
					arabic++
				}
			}
			out.WriteString(tok.String())
		case html.EndTagToken:
			switch {
			case skippedElement(name):
				if skip > 0 {
					skip--
				}
				continue
			case skip > 0, name == "html", name == "body":
				continue
			case name == "div", name == "aside" && !inside("aside"), tablePart(name) && !inside("table"):
				closeAuto()
				continue
			}
			for i := len(stack) - 1; i >= 0; i-- { // close up to the matching open element
				if stack[i] == name || (name == "span" && stack[i] == "") {
					for len(stack) > i {
						pop()
					}
					break
				}
			}
			if blockElement(name) {
				closeAuto()
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := tok.Data
			if strings.TrimSpace(text) == "" && !inBlock() && !autoP {
				continue
			}
			openAuto()
			if arabic == 0 {
				text = NormalizeInline(text)
			}
			out.WriteString(html.EscapeString(text))
		}
	}
	closeAuto()
	for len(stack) > 0 {
		pop()
	}
	clean := SanitizeBody(out.String())
	clean = embedBareURLs(clean)
	clean = multiSpace.ReplaceAllString(clean, " ") // text runs split by dropped tags meet here
	// Until nothing changes: removing <li></li> can empty its <ul>.
	for prev := ""; prev != clean; {
		prev, clean = clean, emptyBlock.ReplaceAllString(clean, "")
	}
	return strings.TrimSpace(clean)
}

// NormalizeInline applies the display-safe normalization (urdu.Normalize)
// to a run of text inside HTML, where line breaks and &nbsp; are only
// spaces; a space at either end stays one space, so runs split by tags
// keep their word breaks. Converters (wpbody) use it for their text too.
func NormalizeInline(s string) string {
	if s == "" {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	n := urdu.Normalize(collapseSpace(s))
	lead, trail := unicode.IsSpace(first), unicode.IsSpace(last)
	if n == "" {
		if lead || trail {
			return " "
		}
		return ""
	}
	if lead {
		n = " " + n
	}
	if trail {
		n += " "
	}
	return n
}

// collapseSpace is strings.Join(strings.Fields(s), " "), without the
// copies when s has only single ASCII spaces, as most text has.
func collapseSpace(s string) string {
	prev := byte(' ')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' && prev == ' ', c == '\t', c == '\n', c == '\r', c == '\v', c == '\f',
			c == 0xC2, c == 0xE1, c == 0xE2, c == 0xE3: // lead bytes of U+0085, U+00A0 and the Unicode spaces
			return strings.Join(strings.Fields(s), " ")
		}
		prev = c
	}
	if prev == ' ' {
		return strings.TrimRight(s, " ")
	}
	return s
}

var multiSpace = regexp.MustCompile(`[ \t\n]{2,}`)

var (
	// paragraphRE finds the paragraphs of sanitized HTML (they never nest).
	paragraphRE = regexp.MustCompile(`<p(?:\s[^>]*)?>(.*?)</p>`)
	lineBreakRE = regexp.MustCompile(`<br\s*/?>`)
	// lonelyLink is a line that is only a link showing its own address.
	lonelyLink = regexp.MustCompile(`^<a href="([^"]+)"[^>]*>([^<]+)</a>$`)
)

// embedBareURLs turns an address of a post or video on one of the embed
// providers, standing alone on a line of a paragraph (pasted on a line of
// its own), into an embed block there, splitting the paragraph around it.
// The reporter can give it a title afterwards.
func embedBareURLs(s string) string {
	if !strings.Contains(s, "http") {
		return s
	}
	return paragraphRE.ReplaceAllStringFunc(s, func(p string) string {
		m := paragraphRE.FindStringSubmatch(p)
		open := p[:strings.IndexByte(p, '>')+1]
		lines := lineBreakRE.Split(m[1], -1)
		var out, run []string
		found := false
		flush := func() {
			if text := strings.TrimSpace(strings.Join(run, "<br>")); text != "" {
				out = append(out, open+text+"</p>")
			}
			run = nil
		}
		for _, line := range lines {
			if e, ok := lineEmbed(line); ok {
				flush()
				out = append(out, `<figure data-block="embed" data-provider="`+string(e.Provider)+`" data-id="`+e.ID+
					`" data-url="`+html.EscapeString(e.URL)+`"></figure>`)
				found = true
				continue
			}
			run = append(run, line)
		}
		if !found {
			return p
		}
		flush()
		return strings.Join(out, "")
	})
}

// lineEmbed recognizes a line of sanitized HTML that is only an embeddable
// address, as text or as a link whose text is its address.
func lineEmbed(line string) (embed.Embed, bool) {
	line = strings.TrimSpace(line)
	if m := lonelyLink.FindStringSubmatch(line); m != nil {
		href, text := html.UnescapeString(m[1]), strings.TrimSpace(html.UnescapeString(m[2]))
		if text != href {
			return embed.Embed{}, false
		}
		line = m[2]
	}
	line = html.UnescapeString(line)
	if strings.ContainsAny(line, "<> ") || !strings.HasPrefix(line, "https://") && !strings.HasPrefix(line, "http://") {
		return embed.Embed{}, false
	}
	return embed.Parse(line)
}

var emptyBlock = regexp.MustCompile(`<(p|h2|h3|blockquote|li)>(\s|&nbsp;|<br/?>)*</(p|h2|h3|blockquote|li)>`)

func blockElement(tag string) bool {
	switch tag {
	case "p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "figure", "figcaption", "hr", "aside",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td":
		return true
	}
	return false
}

// textBlock elements hold text and cannot hold each other.
func textBlock(tag string) bool {
	switch tag {
	case "p", "h2", "h3", "h4":
		return true
	}
	return false
}

func skippedElement(tag string) bool {
	switch tag {
	case "head", "style", "script", "title", "xml", "template", "noscript":
		return true
	}
	return false
}

func voidElement(tag string) bool {
	switch tag {
	case "br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "embed", "source", "track":
		return true
	}
	return false
}

// relatedBlock reports whether an aside is a valid related box.
func relatedBlock(t html.Token) bool {
	return strings.TrimSpace(attrValue(t, "data-block")) == "related" && blockIDPattern.MatchString(strings.TrimSpace(attrValue(t, "data-article")))
}

func attrValue(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasArabicLang(t html.Token) bool {
	for _, a := range t.Attr {
		if a.Key == "lang" && (a.Val == "ar" || strings.HasPrefix(a.Val, "ar-")) {
			return true
		}
	}
	return false
}
