package wpbody

import (
	"akhbar/internal/content"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

var (
	// outBlocks are the block elements of our output.
	outBlocks = set("p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "figure", "hr", "table")
	// containers are unwrapped: their content stands in their place, as
	// paragraphs.
	containers = set("div", "section", "article", "main", "header", "footer", "aside", "nav", "center", "address",
		"hgroup", "details", "summary", "fieldset", "legend", "body", "html", "dl", "tbody", "thead", "tfoot", "tr",
		"td", "th", "caption", "colgroup")
	// transparent elements inside a figure are looked through for its images.
	transparent = set("a", "div", "span", "picture", "ul", "ol", "li", "p", "center", "font", "section", "strong", "b", "em", "i")
	// inlineTags are kept (del, strike and ins under their names in our allow-list).
	inlineTags = map[string]string{"strong": "strong", "b": "b", "em": "em", "i": "i", "u": "u", "s": "s",
		"sub": "sub", "sup": "sup", "q": "q", "cite": "cite", "bdi": "bdi", "del": "s", "strike": "s", "ins": "u"}
)

// cleaner turns the parsed tree into our body structure.
type cleaner struct {
	c      *converter
	arabic int // >0 inside a lang="ar" passage: its text is kept as typed
	pre    int // >0 inside <pre>: line breaks are kept
}

// clean parses s and returns the body HTML: blocks one a line.
func (c *converter) clean(s string) string {
	k := &cleaner{c: c}
	root := parse(markWordLists(s))
	var b strings.Builder
	b.Grow(len(s))
	for i, n := range k.blockify(k.kids(root)) {
		if i > 0 {
			b.WriteByte('\n')
		}
		render(&b, n)
	}
	return b.String()
}

// kids cleans the children of n.
func (k *cleaner) kids(n *node) []*node {
	if isArabic(n) {
		k.arabic++
		defer func() { k.arabic-- }()
	}
	var out []*node
	for _, ch := range n.kids {
		out = append(out, k.clean(ch)...)
	}
	return out
}

// clean returns what one node becomes: nothing, inline nodes or blocks.
func (k *cleaner) clean(n *node) []*node {
	if n.tag == "" {
		return k.text(n.text)
	}
	out := k.element(n)
	if isArabic(n) && !keepsLang[n.tag] {
		// the element goes but its language must stay on its text
		out = distribute("span", []html.Attribute{{Key: "lang", Val: "ar"}}, out)
	}
	return out
}

// keepsLang are the elements whose output keeps a lang="ar" of theirs.
var keepsLang = set("p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote", "ul", "ol", "menu", "dir", "li",
	"span", "a", "strong", "b", "em", "i", "u", "s", "sub", "sup", "q", "cite", "bdi", "del", "strike", "ins")

// element cleans one element.
func (k *cleaner) element(n *node) []*node {
	if t, ok := inlineTags[n.tag]; ok {
		return k.inline(t, langAttr(n), k.kids(n))
	}
	switch n.tag {
	case "p":
		if kind := wordListKind(n); kind != "" {
			kids := tidyMixed(k.kids(n))
			if !hasContent(kids) {
				return nil
			}
			return []*node{{tag: "li", attr: []html.Attribute{{Key: "kind", Val: kind}}, kids: kids}}
		}
		return k.textBlock("p", blockAttrs(n), k.kids(n))
	case "h1", "h2", "h3", "h4", "h5", "h6":
		// the page's own headline is the one h1; h5 and h6 are below our scale
		tag := map[string]string{"h1": "h2", "h5": "h4", "h6": "h4"}[n.tag]
		if tag == "" {
			tag = n.tag
		}
		return k.textBlock(tag, blockAttrs(n), k.flatten(k.kids(n)))
	case "dt", "dd":
		return k.textBlock("p", blockAttrs(n), k.kids(n))
	case "blockquote":
		if out, ok := k.blockquoteEmbed(n); ok {
			return out
		}
		if strings.Contains(n.get("class"), "wp-block-pullquote") {
			return k.pullquote(n)
		}
		kids := k.blockify(k.kids(n))
		if len(kids) == 0 {
			return nil
		}
		return []*node{{tag: "blockquote", attr: blockAttrs(n), kids: kids}}
	case "ul", "ol", "menu", "dir":
		return k.list(n)
	case "li":
		kids := tidyMixed(k.kids(n))
		if !hasContent(kids) {
			return nil
		}
		return []*node{{tag: "li", attr: blockAttrs(n), kids: kids}}
	case "pre", "xmp", "listing", "plaintext":
		return k.preformatted(n)
	case "table":
		return k.table(n)
	case "figure":
		return k.figure(n)
	case "figcaption":
		return k.textBlock("p", nil, k.flatten(k.kids(n)))
	case "img":
		img, found, alt := k.image(n, 0)
		if img == nil {
			return alt
		}
		return []*node{imageFigure(img, found)}
	case "a":
		return k.anchor(n)
	case "span":
		if isArabic(n) {
			return k.inline("span", langAttr(n), k.kids(n))
		}
		return k.kids(n)
	case "br":
		return []*node{{tag: "br"}}
	case "hr":
		return []*node{{tag: "hr"}}
	case "iframe":
		return k.iframe(n)
	case "video", "audio", "object", "embed":
		return k.media(n)
	case "form":
		k.c.warn("form removed")
		return nil
	case "applet":
		k.c.warn("applet removed")
		return nil
	}
	if containers[n.tag] {
		return k.blockify(k.kids(n))
	}
	if droppedTags[n.tag] || voidTags[n.tag] {
		return nil
	}
	return k.kids(n) // font, code, small, abbr, o:p, st1:place…: their text stays
}

// text normalizes a text node for display (URDU.md §2), keeping one space
// at either end where the source had white space, so words stay apart.
func (k *cleaner) text(s string) []*node {
	if k.arabic > 0 {
		return []*node{textNode(s)}
	}
	if k.pre > 0 { // lines of a <pre> (poetry, mostly) keep their breaks
		var out []*node
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				out = append(out, &node{tag: "br"})
			}
			if t := content.NormalizeInline(line); t != "" {
				out = append(out, textNode(t))
			}
		}
		return out
	}
	if t := content.NormalizeInline(s); t != "" {
		return []*node{textNode(t)}
	}
	return nil
}

// textBlock makes blocks of one kind (p, h2…) from inline content. A
// block in the content (an image's figure in a paragraph) cannot stay
// there: on a line of its own it splits the paragraph; in the middle of a
// line (an image WordPress floated beside the text) it goes after the
// paragraph, so the sentence stays whole.
func (k *cleaner) textBlock(tag string, attrs []html.Attribute, kids []*node) []*node {
	var out, run, after []*node
	flush := func() {
		run = tidy(run)
		if hasText(run) && tag == "p" {
			out = append(out, k.paragraphs(attrs, run)...)
		} else if hasText(run) {
			out = append(out, &node{tag: tag, attr: attrs, kids: run})
		}
		out = append(out, after...)
		run, after = nil, nil
	}
	lineHasText := false // text since the last break
	for i, n := range kids {
		switch {
		case outBlocks[n.tag]:
			if lineHasText && textBeforeBreak(kids[i+1:]) {
				after = append(after, n)
				continue
			}
			flush()
			out = append(out, n)
			lineHasText = false
		case n.tag == "br":
			run = append(run, n)
			lineHasText = false
		default:
			run = append(run, n)
			lineHasText = lineHasText || hasText([]*node{n})
		}
	}
	flush()
	return out
}

// paragraphs makes a paragraph of tidy inline content, but a line of it
// that is only an address one of our providers hosts is an embed block
// there (WordPress embedded such lines), splitting the paragraph; a
// paragraph that is only another address becomes a link to it.
func (k *cleaner) paragraphs(attrs []html.Attribute, run []*node) []*node {
	var out, lines []*node
	line := &node{tag: "p", attr: attrs}
	first := true
	flushLine := func() {
		if e := k.bareEmbed(line); e != nil {
			if lines = tidy(lines); hasText(lines) {
				out = append(out, &node{tag: "p", attr: attrs, kids: lines})
			}
			out = append(out, e)
			lines, first = nil, true
		} else {
			if !first {
				lines = append(lines, &node{tag: "br"})
			}
			lines, first = append(lines, line.kids...), false
		}
		line = &node{tag: "p", attr: attrs}
	}
	for _, n := range run {
		if n.tag == "br" {
			flushLine()
			continue
		}
		line.kids = append(line.kids, n)
	}
	flushLine()
	if lines = tidy(lines); hasText(lines) {
		p := &node{tag: "p", attr: attrs, kids: lines}
		k.linkBareURL(p)
		out = append(out, p)
	}
	return out
}

// textBeforeBreak reports whether nodes have text before their first
// break or block.
func textBeforeBreak(nodes []*node) bool {
	for _, n := range nodes {
		if n.tag == "br" || outBlocks[n.tag] {
			return false
		}
		if hasText([]*node{n}) {
			return true
		}
	}
	return false
}

// blockify puts runs of inline content into paragraphs and stray list
// items (Word's list paragraphs among them) into lists.
func (k *cleaner) blockify(nodes []*node) []*node {
	var out, run []*node
	var list *node
	flush := func() {
		out = append(out, k.textBlock("p", nil, run)...)
		run = nil
	}
	for _, n := range nodes {
		switch {
		case n.tag == "li":
			flush()
			kind := n.get("kind")
			if kind == "" {
				kind = "ul"
			}
			n.attr = nil
			if list == nil || list.tag != kind {
				list = &node{tag: kind}
				out = append(out, list)
			}
			list.kids = append(list.kids, n)
		case outBlocks[n.tag]:
			flush()
			list = nil
			out = append(out, n)
		case list != nil && n.tag == "" && strings.TrimSpace(n.text) == "":
		default:
			list = nil
			run = append(run, n)
		}
	}
	flush()
	return out
}

// linkBareURL turns a paragraph holding only a URL into a link to it:
// WordPress embedded such URLs (oEmbed); we link to them.
func (k *cleaner) linkBareURL(p *node) {
	if len(p.kids) != 1 || p.kids[0].tag != "" {
		return
	}
	u := strings.TrimSpace(p.kids[0].text)
	if (strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")) && len(u) > len("https://") &&
		!strings.ContainsAny(u, " <>\"") {
		p.kids = []*node{{tag: "a", attr: []html.Attribute{{Key: "href", Val: k.c.link(u)}}, kids: []*node{textNode(u)}}}
	}
}

// inline keeps an inline element around its content, unless it has no
// text (then the content stands alone) or holds blocks (then it goes
// inside each of them).
func (k *cleaner) inline(tag string, attrs []html.Attribute, kids []*node) []*node {
	if !hasText(kids) {
		return kids
	}
	if hasBlock(kids) {
		return distribute(tag, attrs, kids)
	}
	return []*node{{tag: tag, attr: attrs, kids: kids}}
}

// distribute wraps the inline runs of kids in the element, and the inline
// content of each text block among them: <a><h2>x</h2></a> becomes
// <h2><a>x</a></h2>. Figures are left as they are.
func distribute(tag string, attrs []html.Attribute, kids []*node) []*node {
	var out, run []*node
	flush := func() {
		if hasText(run) {
			out = append(out, &node{tag: tag, attr: attrs, kids: run})
		} else {
			out = append(out, run...)
		}
		run = nil
	}
	for _, n := range kids {
		if !outBlocks[n.tag] {
			run = append(run, n)
			continue
		}
		flush()
		switch n.tag {
		case "figure", "hr", "table":
			out = append(out, n)
		default:
			out = append(out, &node{tag: n.tag, attr: n.attr, kids: distribute(tag, attrs, n.kids)})
		}
	}
	flush()
	return out
}

// anchor keeps a link with its href mapped through Options.Link. A link
// around an image alone (WordPress links images to their full size) goes.
func (k *cleaner) anchor(n *node) []*node {
	kids := k.kids(n)
	href := strings.TrimSpace(n.get("href"))
	if href == "" || unsafeURL(href) {
		return kids
	}
	return k.inline("a", append([]html.Attribute{{Key: "href", Val: k.c.link(href)}}, langAttr(n)...), kids)
}

// unsafeURL reports script and data URLs, which browsers run or render.
func unsafeURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return unicode.ToLower(r)
	}, u)
	return strings.HasPrefix(u, "javascript:") || strings.HasPrefix(u, "vbscript:") || strings.HasPrefix(u, "data:")
}

// list keeps a list of items; stray content becomes items and a list
// nested directly in a list joins the item before it.
func (k *cleaner) list(n *node) []*node {
	tag := n.tag
	if tag == "menu" || tag == "dir" {
		tag = "ul"
	}
	var items []*node
	for _, ch := range k.kids(n) {
		switch {
		case ch.tag == "li":
			items = append(items, ch)
		case (ch.tag == "ul" || ch.tag == "ol") && len(items) > 0:
			last := items[len(items)-1]
			last.kids = append(last.kids, ch)
		case ch.tag == "" && strings.TrimSpace(ch.text) == "", ch.tag == "br":
		default:
			if kids := tidyMixed([]*node{ch}); hasContent(kids) {
				items = append(items, &node{tag: "li", kids: kids})
			}
		}
	}
	if len(items) == 0 {
		return nil
	}
	return []*node{{tag: tag, attr: blockAttrs(n), kids: items}}
}

// preformatted keeps preformatted text (in Urdu posts mostly poetry, the
// verse block) as paragraphs whose lines end in <br>; a blank line starts a
// new paragraph, as a new stanza.
func (k *cleaner) preformatted(n *node) []*node {
	k.pre++
	kids := k.flatten(k.kids(n))
	k.pre--
	var out, group []*node
	breaks := 0
	for _, ch := range kids {
		switch {
		case ch.tag == "br":
			breaks++
			continue
		case breaks > 0 && ch.tag == "" && strings.TrimSpace(ch.text) == "":
			continue // the indentation of a new line
		case breaks >= 2 && len(group) > 0:
			out = append(out, k.textBlock("p", nil, group)...)
			group = nil
		case breaks == 1 && len(group) > 0:
			group = append(group, &node{tag: "br"})
		}
		breaks = 0
		group = append(group, ch)
	}
	return append(out, k.textBlock("p", nil, group)...)
}

// table keeps a data table as a table (dataTableNode); a table that laid
// out a post (one column, or pictures in it) becomes paragraphs, one a
// row, cells apart by " | ", its pictures figures of their own.
func (k *cleaner) table(n *node) []*node {
	if dataTable(n) {
		return k.dataTableNode(n)
	}
	var out []*node
	var rows func(p *node)
	rows = func(p *node) {
		for _, ch := range p.kids {
			switch ch.tag {
			case "thead", "tbody", "tfoot":
				rows(ch)
			case "tr":
				var cells []*node
				for _, cell := range ch.kids {
					content := tidy(k.flatten(k.kids(cell)))
					if !hasContent(content) {
						continue
					}
					if len(cells) > 0 {
						cells = append(cells, textNode(" | "))
					}
					cells = append(cells, content...)
				}
				out = append(out, k.textBlock("p", nil, cells)...)
			case "caption":
				out = append(out, k.textBlock("p", nil, k.flatten(k.kids(ch)))...)
			case "colgroup", "col":
			default:
				out = append(out, k.blockify(k.clean(ch))...)
			}
		}
	}
	rows(n)
	if len(out) > 0 {
		k.c.warn("layout table turned into paragraphs, one a row")
	}
	return out
}

// flatten turns text blocks into inline content separated by breaks,
// for places that hold only a line or two (captions, headings, cells);
// figures stay as they are.
func (k *cleaner) flatten(nodes []*node) []*node {
	var out []*node
	for _, n := range nodes {
		switch n.tag {
		case "p", "h2", "h3", "h4", "li", "blockquote", "ul", "ol":
			if len(out) > 0 {
				out = append(out, &node{tag: "br"})
			}
			out = append(out, k.flatten(n.kids)...)
		case "hr":
		default:
			out = append(out, n)
		}
	}
	return out
}

var langPattern = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

// blockAttrs keeps what a block says about its language: lang (other than
// Urdu, the page's own) and dir="ltr"/"auto" (rtl is the page's own).
func blockAttrs(n *node) []html.Attribute {
	var out []html.Attribute
	if l := strings.ToLower(n.get("lang")); langPattern.MatchString(l) && l != "ur" && !strings.HasPrefix(l, "ur-") {
		out = append(out, html.Attribute{Key: "lang", Val: l})
	}
	if d := strings.ToLower(n.get("dir")); d == "ltr" || d == "auto" {
		out = append(out, html.Attribute{Key: "dir", Val: d})
	}
	return out
}

// isArabic reports a lang="ar" passage (a Qur'anic quotation): its letters
// are right as typed and must not get the Urdu repairs.
func isArabic(n *node) bool {
	l := strings.ToLower(n.get("lang"))
	return l == "ar" || strings.HasPrefix(l, "ar-")
}

// langAttr keeps an inline element's lang="ar".
func langAttr(n *node) []html.Attribute {
	if isArabic(n) {
		return []html.Attribute{{Key: "lang", Val: strings.ToLower(n.get("lang"))}}
	}
	return nil
}

// hasText reports whether nodes hold any visible text.
func hasText(nodes []*node) bool {
	for _, n := range nodes {
		if n.tag == "" && strings.TrimSpace(n.text) != "" || n.tag != "" && hasText(n.kids) {
			return true
		}
	}
	return false
}

// hasContent is hasText, counting images and lists as content too.
func hasContent(nodes []*node) bool {
	for _, n := range nodes {
		if n.tag == "figure" || n.tag == "img" || n.tag == "hr" || n.tag == "table" || hasText([]*node{n}) {
			return true
		}
	}
	return false
}

func hasBlock(nodes []*node) bool {
	for _, n := range nodes {
		if outBlocks[n.tag] {
			return true
		}
	}
	return false
}

// tidy merges text, and drops white space and breaks at the edges of a
// run of inline content and around its breaks.
func tidy(run []*node) []*node {
	merged := run[:0:0]
	for i := 0; i < len(run); i++ {
		n := run[i]
		if n.tag != "" || i+1 == len(run) || run[i+1].tag != "" {
			merged = append(merged, n)
			continue
		}
		var b strings.Builder // a run of text nodes, joined once
		b.WriteString(n.text)
		for ; i+1 < len(run) && run[i+1].tag == ""; i++ {
			t := run[i+1].text
			if strings.HasPrefix(t, " ") && strings.HasSuffix(b.String(), " ") {
				t = t[1:]
			}
			b.WriteString(t)
		}
		merged = append(merged, textNode(b.String()))
	}
	run = merged
	blank := func(n *node) bool { return n.tag == "br" || n.tag == "" && strings.TrimSpace(n.text) == "" }
	for len(run) > 0 && blank(run[0]) {
		run = run[1:]
	}
	for len(run) > 0 && blank(run[len(run)-1]) {
		run = run[:len(run)-1]
	}
	if len(run) == 0 {
		return nil
	}
	trimEdge(run[0], true)
	trimEdge(run[len(run)-1], false)
	for i, n := range run {
		if n.tag == "br" {
			trimEdge(run[i-1], false) // a br is never first or last here
			trimEdge(run[i+1], true)
		}
	}
	return run
}

// trimEdge removes white space at the start (or end) of inline content.
func trimEdge(n *node, start bool) {
	for n != nil {
		if n.tag == "" {
			if start {
				n.text = strings.TrimLeft(n.text, " \t\n")
			} else {
				n.text = strings.TrimRight(n.text, " \t\n")
			}
			return
		}
		if len(n.kids) == 0 || outBlocks[n.tag] {
			return
		}
		if start {
			n = n.kids[0]
		} else {
			n = n.kids[len(n.kids)-1]
		}
	}
}

// tidyMixed tidies each inline run of content that also holds blocks (a
// list item with a nested list).
func tidyMixed(nodes []*node) []*node {
	var out, run []*node
	flush := func() {
		out = append(out, tidy(run)...)
		run = nil
	}
	for _, n := range nodes {
		if outBlocks[n.tag] {
			flush()
			out = append(out, n)
			continue
		}
		run = append(run, n)
	}
	flush()
	return out
}
