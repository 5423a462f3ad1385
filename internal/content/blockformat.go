package content

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"

	"akhbar/internal/embed"
)

// This file puts story blocks, of the stored body format SanitizeBody
// describes, in their one form before the allow-list runs.

// Patterns of the values the block attributes may hold; the sanitizer's
// allow-list uses them, and normalizeBlocks checks them once more.
var (
	blockIDPattern    = regexp.MustCompile(`^[1-9][0-9]{0,17}$`)
	blockKindPattern  = regexp.MustCompile(`^(image|gallery|embed|pullquote)$`)
	providerPattern   = regexp.MustCompile(`^(youtube|facebook|x|instagram|tiktok|dailymotion)$`)
	embedIDPattern    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)
	embedURLPattern   = regexp.MustCompile(`^https://[^\s"'<>\\]+$`)
	cellSpanPattern   = regexp.MustCompile(`^[1-9][0-9]?$`)
	blockMarkupNeedle = regexp.MustCompile(`(?i)data-|<aside|</?(table|caption|thead|tbody|tfoot|tr|th|td)\b`)
)

// hasBlockMarkup reports whether s may hold story blocks, so bodies
// without any skip the block pass.
func hasBlockMarkup(s string) bool { return blockMarkupNeedle.MatchString(s) }

// bnode is an element (or, with tag "", a text) of a block being rewritten.
type bnode struct {
	tag   string
	attr  []html.Attribute
	raw   string // the start tag as written, or a text's raw bytes
	text  string // a text's unescaped content
	kids  []*bnode
	ended bool // its end tag was seen
}

func (n *bnode) get(key string) string {
	for _, a := range n.attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// tablePart reports the elements that belong inside a table only.
func tablePart(tag string) bool {
	switch tag {
	case "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col":
		return true
	}
	return false
}

// blockRoot reports whether a start tag opens a story block, or a table
// or an aside, which are rewritten wherever they stand.
func blockRoot(t html.Token) bool {
	switch t.Data {
	case "table", "aside":
		return true
	case "figure":
		for _, a := range t.Attr {
			if strings.HasPrefix(a.Key, "data-") {
				return true
			}
		}
	}
	return false
}

// normalizeBlocks rewrites every story block of s into its canonical
// form, copying everything else byte for byte. It runs before the
// allow-list, which stays the last word on what survives.
func normalizeBlocks(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var out strings.Builder
	out.Grow(len(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := string(z.Raw())
		switch tt {
		case html.EndTagToken:
			if name, _ := z.TagName(); tablePart(string(name)) {
				continue // a table's part outside any table: its content stays
			}
			out.WriteString(raw)
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			out.WriteString(raw)
			continue
		}
		tok := z.Token()
		if tablePart(tok.Data) {
			continue
		}
		if !blockRoot(tok) {
			out.WriteString(raw)
			continue
		}
		root := &bnode{tag: tok.Data, attr: tok.Attr, raw: raw}
		if tt == html.StartTagToken {
			readSubtree(z, root)
		}
		out.WriteString(canonicalBlock(root))
	}
	return out.String()
}

// maxBlockDepth bounds the elements nested inside one block.
const maxBlockDepth = 64

// readSubtree reads tokens into root until its end tag (or the input's).
// An end tag closes the innermost open element of its name; one without
// an open element is ignored.
func readSubtree(z *html.Tokenizer, root *bnode) {
	stack := []*bnode{root}
	for len(stack) > 0 {
		tt := z.Next()
		raw := string(z.Raw())
		top := stack[len(stack)-1]
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			top.kids = append(top.kids, &bnode{raw: raw, text: string(z.Text())})
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			n := &bnode{tag: tok.Data, attr: tok.Attr, raw: raw}
			top.kids = append(top.kids, n)
			if tt == html.StartTagToken && !voidElement(tok.Data) && len(stack) < maxBlockDepth {
				stack = append(stack, n)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == string(name) {
					stack[i].ended = true
					stack = stack[:i]
					break
				}
			}
		}
	}
}

// canonicalBlock writes a block root in its canonical form.
func canonicalBlock(n *bnode) string {
	switch n.tag {
	case "table":
		return canonicalTable(n)
	case "aside":
		if n.get("data-block") == "related" && blockIDPattern.MatchString(n.get("data-article")) {
			return `<aside data-block="related" data-article="` + n.get("data-article") + `"></aside>`
		}
		return rawKids(n) // any other aside is only its content
	}
	switch n.get("data-block") {
	case "image":
		return imageBlock(n.get("data-media"), caption(n))
	case "gallery":
		return galleryBlock(n)
	case "embed":
		return embedBlock(n)
	case "pullquote":
		return pullquoteBlock(n)
	}
	return "<figure>" + rawKids(n) + "</figure>" // no block: an ordinary figure, left to the allow-list
}

// imageBlock is an image figure; an id that names no library image drops it.
func imageBlock(id, captionHTML string) string {
	if !blockIDPattern.MatchString(id) {
		return ""
	}
	return `<figure data-block="image" data-media="` + id + `">` + figcaption(captionHTML) + `</figure>`
}

func figcaption(inner string) string {
	if inner == "" {
		return ""
	}
	return "<figcaption>" + inner + "</figcaption>"
}

// caption is the inline HTML of n's own figcaption, "" if it has no text.
func caption(n *bnode) string {
	for _, k := range n.kids {
		if k.tag == "figcaption" {
			return inlineHTML(k)
		}
	}
	return ""
}

// galleryBlock keeps a gallery of two or more images; one image is an
// image block (with the gallery's caption if it has none), none is nothing.
func galleryBlock(n *bnode) string {
	var ids, captions []string
	var walk func(p *bnode)
	walk = func(p *bnode) {
		for _, k := range p.kids {
			switch {
			case k.tag == "figcaption":
			case k.tag == "figure" && k.get("data-block") == "image":
				if id := k.get("data-media"); blockIDPattern.MatchString(id) {
					ids, captions = append(ids, id), append(captions, caption(k))
				}
			case k.tag != "":
				walk(k)
			}
		}
	}
	walk(n)
	own := caption(n)
	switch len(ids) {
	case 0:
		return ""
	case 1:
		if captions[0] != "" {
			own = captions[0]
		}
		return imageBlock(ids[0], own)
	}
	var b strings.Builder
	b.WriteString(`<figure data-block="gallery">`)
	for i, id := range ids {
		b.WriteString(imageBlock(id, captions[i]))
	}
	b.WriteString(figcaption(own) + `</figure>`)
	return b.String()
}

// embedBlock keeps an embed whose address one of the providers' shapes
// matches, with provider, id and address as embed.Parse gives them; an
// unknown address becomes a link to it, titled by the caption.
func embedBlock(n *bnode) string {
	title := caption(n)
	u := n.get("data-url")
	e, ok := embed.Parse(u)
	if u == "" {
		e, ok = embed.FromID(embed.Provider(n.get("data-provider")), n.get("data-id"))
	}
	if !ok || !embedURLPattern.MatchString(e.URL) || !embedIDPattern.MatchString(e.ID) {
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") || strings.ContainsAny(u, " \"<>") {
			return ""
		}
		text := title
		if text == "" || strings.Contains(text, "<a") {
			text = html.EscapeString(u)
		}
		return `<p><a href="` + html.EscapeString(u) + `">` + text + `</a></p>`
	}
	var b strings.Builder
	b.WriteString(`<figure data-block="embed" data-provider="` + string(e.Provider) + `" data-id="` + e.ID +
		`" data-url="` + html.EscapeString(e.URL) + `"`)
	if p := n.get("data-poster"); blockIDPattern.MatchString(p) {
		b.WriteString(` data-poster="` + p + `"`)
	}
	b.WriteString(">" + figcaption(title) + "</figure>")
	return b.String()
}

// pullquoteBlock keeps a pull quote's words as paragraphs of a
// blockquote, and who said them as its caption; no words, no block.
func pullquoteBlock(n *bnode) string {
	var quote *bnode
	for _, k := range n.kids {
		if k.tag == "blockquote" {
			quote = k
			break
		}
	}
	if quote == nil { // the words stand in the figure itself
		quote = &bnode{tag: "blockquote"}
		for _, k := range n.kids {
			if k.tag != "figcaption" {
				quote.kids = append(quote.kids, k)
			}
		}
	}
	var paras []string
	for _, p := range paragraphs(quote) {
		paras = append(paras, "<p>"+p+"</p>")
	}
	if len(paras) == 0 {
		return ""
	}
	return `<figure data-block="pullquote"><blockquote>` + strings.Join(paras, "") + `</blockquote>` +
		figcaption(caption(n)) + `</figure>`
}

// paragraphs splits n's content into the inline HTML of its paragraphs:
// each text block is one, and inline runs between them are one each.
func paragraphs(n *bnode) []string {
	var out []string
	run := &bnode{}
	flush := func() {
		if s := inlineHTML(run); s != "" {
			out = append(out, s)
		}
		run = &bnode{}
	}
	for _, k := range n.kids {
		switch {
		case k.tag == "cite" && n.tag == "blockquote":
			flush() // WordPress puts the attribution in the quote; it is no paragraph of it
		case textBlocks[k.tag]:
			flush()
			if s := inlineHTML(k); s != "" {
				out = append(out, s)
			}
		case containerBlocks[k.tag]:
			flush()
			out = append(out, paragraphs(k)...)
		default:
			run.kids = append(run.kids, k)
		}
	}
	flush()
	return out
}

// canonicalTable keeps a table's caption and rows: header rows in
// <thead> (a first row of header cells only counts as one), the rest in
// <tbody>; cells hold inline text. A table without cells is dropped.
func canonicalTable(n *bnode) string {
	var head, body []string
	var captionHTML, before string
	var rows func(p *bnode, inHead bool)
	rows = func(p *bnode, inHead bool) {
		for _, k := range p.kids {
			switch k.tag {
			case "caption":
				if captionHTML == "" {
					captionHTML = inlineHTML(k)
				}
			case "thead":
				rows(k, true)
			case "tbody", "tfoot":
				rows(k, false)
			case "tr":
				if r, allHeader := tableRow(k, inHead); r != "" {
					if inHead || (allHeader && len(head) == 0 && len(body) == 0) {
						head = append(head, r)
					} else {
						body = append(body, r)
					}
				}
			case "", "colgroup", "col":
				if k.tag == "" && strings.TrimSpace(k.text) != "" {
					before += html.EscapeString(strings.TrimSpace(k.text)) + " "
				}
			default:
				if s := inlineHTML(k); s != "" {
					before += s + " "
				}
			}
		}
	}
	rows(n, false)
	var b strings.Builder
	if before = strings.TrimSpace(before); before != "" {
		b.WriteString("<p>" + before + "</p>") // text that stood in the table but in no cell
	}
	if len(head) == 0 && len(body) == 0 {
		return b.String()
	}
	b.WriteString("<table>")
	if captionHTML != "" {
		b.WriteString("<caption>" + captionHTML + "</caption>")
	}
	if len(head) > 0 {
		b.WriteString("<thead>" + strings.Join(head, "") + "</thead>")
	}
	if len(body) > 0 {
		b.WriteString("<tbody>" + strings.Join(body, "") + "</tbody>")
	}
	b.WriteString("</table>")
	return b.String()
}

// tableRow writes one row's cells (header cells in a header row), and
// reports whether every cell was a header cell. A row with no cells is "".
func tableRow(tr *bnode, inHead bool) (string, bool) {
	var cells []string
	allHeader, anyText := true, false
	for _, c := range tr.kids {
		if c.tag != "td" && c.tag != "th" {
			continue
		}
		tag := c.tag
		if inHead {
			tag = "th"
		}
		allHeader = allHeader && tag == "th"
		attrs := ""
		for _, key := range []string{"colspan", "rowspan"} {
			if v := c.get(key); cellSpanPattern.MatchString(v) && v != "1" {
				attrs += " " + key + `="` + v + `"`
			}
		}
		inner := inlineHTML(c)
		anyText = anyText || inner != ""
		cells = append(cells, "<"+tag+attrs+">"+inner+"</"+tag+">")
	}
	if len(cells) == 0 || !anyText {
		return "", false
	}
	return "<tr>" + strings.Join(cells, "") + "</tr>", allHeader
}

var (
	// textBlocks hold a paragraph's worth of inline text.
	textBlocks = map[string]bool{"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
		"li": true, "dt": true, "dd": true, "figcaption": true, "caption": true, "td": true, "th": true, "pre": true}
	// containerBlocks hold other blocks.
	containerBlocks = map[string]bool{"div": true, "blockquote": true, "ul": true, "ol": true, "section": true,
		"article": true, "aside": true, "figure": true, "table": true, "thead": true, "tbody": true, "tfoot": true,
		"tr": true, "dl": true, "header": true, "footer": true, "main": true, "nav": true, "center": true}
	// opaqueElements have no text a reader should see.
	opaqueElements = map[string]bool{"script": true, "style": true, "template": true, "iframe": true, "object": true,
		"embed": true, "svg": true, "math": true, "noscript": true, "head": true, "title": true, "select": true,
		"textarea": true, "video": true, "audio": true, "canvas": true, "img": true, "picture": true, "hr": true,
		"input": true, "button": true, "form": true, "xml": true}
)

// inlineHTML is n's content as one run of inline HTML: blocks inside it
// are its lines, apart by <br>; inline elements keep their start tags for
// the allow-list to judge; elements without text go. Edge white space and
// breaks are trimmed; content without text is "".
func inlineHTML(n *bnode) string {
	var b strings.Builder
	writeInline(&b, n.kids)
	s := trimBreaks(b.String())
	if !hasTextContent(s) {
		return ""
	}
	return s
}

func writeInline(b *strings.Builder, kids []*bnode) {
	for _, k := range kids {
		switch {
		case k.tag == "":
			b.WriteString(html.EscapeString(k.text))
		case k.tag == "br":
			b.WriteString("<br>")
		case opaqueElements[k.tag]:
		case textBlocks[k.tag] || containerBlocks[k.tag]:
			b.WriteString("<br>")
			writeInline(b, k.kids)
			b.WriteString("<br>")
		case voidElement(k.tag):
		case !bodyElements[k.tag]:
			writeInline(b, k.kids) // the allow-list would drop the tag and keep its text
		default:
			b.WriteString(k.raw)
			writeInline(b, k.kids)
			b.WriteString("</" + k.tag + ">")
		}
	}
}

var (
	// Breaks and white space at either edge, inside any elements that
	// open or close there: <a> x</a> is <a>x</a>.
	leadBreaks  = regexp.MustCompile(`^((?:<[a-z][^>]*>)*)(?:[\s\x{00A0}]|<br>)+`)
	trailBreaks = regexp.MustCompile(`(?:[\s\x{00A0}]|<br>)+((?:</[a-z][a-z0-9]*>)*)$`)
	breakRuns   = regexp.MustCompile(`(?:\s*<br>\s*){2,}`)
	markupOnly  = regexp.MustCompile(`<[^>]*>|&nbsp;|[\s\x{00A0}]`)
	inlineEmpty = regexp.MustCompile(`<(strong|b|em|i|u|s|sub|sup|q|cite|bdi|span|a)(\s[^>]*)?>(\s|<br>)*</(strong|b|em|i|u|s|sub|sup|q|cite|bdi|span|a)>`)
)

// trimBreaks drops breaks and white space at the edges of inline HTML
// and folds runs of breaks into one.
func trimBreaks(s string) string {
	for prev := ""; prev != s; {
		prev = s
		s = inlineEmpty.ReplaceAllString(s, "")
	}
	s = breakRuns.ReplaceAllString(s, "<br>")
	for prev := ""; prev != s; {
		prev = s
		s = trailBreaks.ReplaceAllString(leadBreaks.ReplaceAllString(s, "$1"), "$1")
	}
	return s
}

// hasTextContent reports whether inline HTML shows any text.
func hasTextContent(s string) bool { return markupOnly.ReplaceAllString(s, "") != "" }

// rawNode writes n back as it was read (its end tag made explicit).
func rawNode(n *bnode) string {
	if n.tag == "" {
		return n.raw
	}
	s := n.raw + rawKids(n)
	if !voidElement(n.tag) && !strings.HasSuffix(n.raw, "/>") {
		s += "</" + n.tag + ">"
	}
	return s
}

func rawKids(n *bnode) string {
	var b strings.Builder
	for _, k := range n.kids {
		if k.tag != "" && blockRootNode(k) {
			b.WriteString(canonicalBlock(k))
			continue
		}
		b.WriteString(rawNode(k))
	}
	return b.String()
}

func blockRootNode(n *bnode) bool { return blockRoot(html.Token{Data: n.tag, Attr: n.attr}) }
