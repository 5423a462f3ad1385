package wpbody

import (
	"strings"

	"golang.org/x/net/html"
)

// maxDepth bounds the element tree; deeper tags are dropped and their text
// kept, so recursion and work stay bounded on hostile input.
const maxDepth = 100

// node is an element or (tag "") a text node of the post's HTML.
type node struct {
	tag  string
	text string // unescaped, for text nodes
	attr []html.Attribute
	kids []*node
}

func (n *node) get(key string) string {
	for _, a := range n.attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textNode(s string) *node { return &node{text: s} }

var (
	// voidTags never have content.
	voidTags = set("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "frame", "keygen")
	// droppedTags lose their content: none of it is body text. Some are
	// looked at (iframe, video, audio, form) before they go.
	droppedTags = set("script", "style", "template", "noscript", "head", "title", "xml", "svg", "math", "object",
		"applet", "canvas", "select", "textarea", "button", "option", "optgroup", "datalist", "map", "frameset",
		"noembed", "noframes", "iframe", "video", "audio", "form", "dialog")
	// closesP are the start tags that end an open <p>, as in HTML parsing.
	closesP = set("address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
		"fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "section",
		"summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "xmp", "plaintext", "table", "hr", "form",
		"li", "dd", "dt")
	// pScope elements hide an outer <p> from closesP.
	pScope = set("table", "td", "th", "caption", "button", "object", "applet", "marquee", "template")
	// listScope elements hide an outer <li> from a new <li>.
	listScope = set("ul", "ol", "menu", "dir", "table", "td", "th", "blockquote", "figure")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// parse builds a tree from s with a linear-time, depth-bounded builder that
// applies the HTML rules posts rely on (a block ends an open <p>, <li>
// ends the previous <li>, a heading ends an open heading); misnested
// formatting is closed where it ends.
func parse(s string) *node {
	root := &node{tag: "#root"}
	stack := []*node{root}
	var ignored *node // a dropped element whose content is being skipped
	ignoreDepth := 0
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return root
		case html.TextToken:
			if ignored == nil {
				addText(stack[len(stack)-1], string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			tag := string(name)
			var attrs []html.Attribute
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if len(attrs) < 32 {
					attrs = append(attrs, html.Attribute{Key: string(k), Val: string(v)})
				}
			}
			if ignored != nil {
				if tag == ignored.tag && tt == html.StartTagToken {
					ignoreDepth++
				}
				captureSource(ignored, tag, &node{attr: attrs})
				continue
			}
			stack = closeImplied(stack, tag)
			n := &node{tag: tag, attr: attrs}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, n)
			switch {
			case tt == html.SelfClosingTagToken, voidTags[tag]:
			case droppedTags[tag]:
				ignored, ignoreDepth = n, 1
			case len(stack) < maxDepth:
				stack = append(stack, n)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if ignored != nil {
				if tag == ignored.tag {
					if ignoreDepth--; ignoreDepth == 0 {
						ignored = nil
					}
				}
				continue
			}
			if tag == "br" { // </br> is read as <br>
				top := stack[len(stack)-1]
				top.kids = append(top.kids, &node{tag: "br"})
				continue
			}
			for j := len(stack) - 1; j > 0; j-- {
				if stack[j].tag == tag {
					stack = stack[:j]
					break
				}
			}
		}
	}
}

// captureSource notes on a dropped <video>, <audio> or <object> the file
// its <source>, <embed> or <param name="movie"> child names, for the link
// that replaces it.
func captureSource(media *node, tag string, child *node) {
	if media.get("src") != "" {
		return
	}
	src := ""
	switch {
	case tag == "source" && (media.tag == "video" || media.tag == "audio"), tag == "embed" && media.tag == "object":
		src = child.get("src")
	case tag == "param" && media.tag == "object":
		if name := strings.ToLower(child.get("name")); name == "movie" || name == "src" {
			src = child.get("value")
		}
	}
	if src != "" {
		media.attr = append(media.attr, html.Attribute{Key: "src", Val: src})
	}
}

// closeImplied pops the elements a start tag ends.
func closeImplied(stack []*node, tag string) []*node {
	popTo := func(want func(string) bool, scope map[string]bool) {
		for j := len(stack) - 1; j > 0; j-- {
			t := stack[j].tag
			if want(t) {
				stack = stack[:j]
				return
			}
			if scope[t] {
				return
			}
		}
	}
	if closesP[tag] {
		popTo(func(t string) bool { return t == "p" }, pScope)
	}
	switch tag {
	case "li":
		popTo(func(t string) bool { return t == "li" }, listScope)
	case "dd", "dt":
		popTo(func(t string) bool { return t == "dd" || t == "dt" }, set("dl"))
	case "h1", "h2", "h3", "h4", "h5", "h6":
		if t := stack[len(stack)-1].tag; len(t) == 2 && t[0] == 'h' && t[1] >= '1' && t[1] <= '6' {
			stack = stack[:len(stack)-1]
		}
	case "a":
		popTo(func(t string) bool { return t == "a" }, nil)
	}
	return stack
}

func addText(n *node, s string) {
	if k := len(n.kids); k > 0 && n.kids[k-1].tag == "" {
		n.kids[k-1].text += s
		return
	}
	n.kids = append(n.kids, textNode(s))
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\u00a0", "&nbsp;")
	attrEscaper = strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;")
)

// render writes n as HTML.
func render(b *strings.Builder, n *node) {
	if n.tag == "" {
		textEscaper.WriteString(b, n.text)
		return
	}
	b.WriteByte('<')
	b.WriteString(n.tag)
	for _, a := range n.attr {
		b.WriteByte(' ')
		b.WriteString(a.Key)
		b.WriteString(`="`)
		attrEscaper.WriteString(b, a.Val)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	if voidTags[n.tag] {
		return
	}
	for _, ch := range n.kids {
		render(b, ch)
	}
	b.WriteString("</")
	b.WriteString(n.tag)
	b.WriteByte('>')
}
