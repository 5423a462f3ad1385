// Package blocks reads a stored article body (content.PrepareBody's
// output; the format is in docs/body-format.md) as a list of blocks, and
// draws them for the public page and for feeds. The structured list is
// what an API hands out; the page and feed HTML resolve the media and
// articles the blocks name, which the caller loads (MediaIDs, ArticleIDs).
package blocks

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"akhbar/internal/embed"
)

// Type is a block's kind.
type Type string

// Block types. Text blocks (paragraph, heading, list, quote, html) carry
// their stored HTML; story blocks carry their parts.
const (
	Paragraph Type = "paragraph"
	Heading   Type = "heading"
	List      Type = "list"
	Quote     Type = "quote"
	Image     Type = "image"
	Gallery   Type = "gallery"
	Embed     Type = "embed"
	PullQuote Type = "pullquote"
	Table     Type = "table"
	Related   Type = "related"
	// HTML is anything else the sanitizer keeps at the top level: a rule,
	// a figure with an <img> from before story blocks, loose text.
	HTML Type = "html"
)

// Block is one top-level block of a body. Every HTML field is sanitized
// body HTML, safe to write into a page as it is.
type Block struct {
	Type Type `json:"type"`
	// HTML is a text block as stored (its element included).
	HTML    string `json:"html,omitempty"`
	Level   int    `json:"level,omitempty"`   // heading: 2, 3 or 4
	Ordered bool   `json:"ordered,omitempty"` // list: <ol>
	// Caption is inline HTML: an image's caption for this use (empty: the
	// library's), a gallery's caption, an embed's title, who said a pull
	// quote, a table's caption.
	Caption    string       `json:"caption,omitempty"`
	MediaID    int64        `json:"media,omitempty"`   // image
	Images     []Block      `json:"images,omitempty"`  // gallery: its image blocks
	Embed      *embed.Embed `json:"embed,omitempty"`   // embed
	PosterID   int64        `json:"poster,omitempty"`  // embed: library image shown before the player loads
	Paragraphs []string     `json:"quote,omitempty"`   // pull quote: inline HTML of each paragraph
	Head       [][]Cell     `json:"head,omitempty"`    // table: header rows
	Rows       [][]Cell     `json:"rows,omitempty"`    // table: body rows
	ArticleID  int64        `json:"article,omitempty"` // related
}

// Cell is a table cell.
type Cell struct {
	Header  bool   `json:"header,omitempty"`
	HTML    string `json:"html"` // inline HTML
	ColSpan int    `json:"colspan,omitempty"`
	RowSpan int    `json:"rowspan,omitempty"`
}

// HasStoryBlocks reports whether a body holds any story block or table;
// a body without one is drawn exactly as stored.
func HasStoryBlocks(body string) bool {
	return strings.Contains(body, "data-block=") || strings.Contains(body, "<table")
}

// node is an element or text of a stored body, with where it stands in it.
type node struct {
	tag        string
	attr       []html.Attribute
	text       string // text nodes: unescaped
	kids       []*node
	start, end int // the element's bytes, tags included
	innerStart int // after its start tag
	innerEnd   int // before its end tag
}

func (n *node) get(key string) string {
	for _, a := range n.attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// voids never have content.
var voids = map[string]bool{"br": true, "hr": true, "img": true, "wbr": true, "col": true, "input": true,
	"meta": true, "link": true, "source": true, "track": true, "area": true, "base": true, "embed": true}

// maxDepth bounds the nesting the parser follows.
const maxDepth = 128

// parseTree reads body into a tree under a root, noting byte offsets.
func parseTree(body string) *node {
	root := &node{tag: "#root", innerEnd: len(body), end: len(body)}
	stack := []*node{root}
	z := html.NewTokenizer(strings.NewReader(body))
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		rawLen := len(z.Raw())
		top := stack[len(stack)-1]
		switch tt {
		case html.TextToken:
			top.kids = append(top.kids, &node{text: string(z.Text()), start: pos, end: pos + rawLen})
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			n := &node{tag: tok.Data, attr: tok.Attr, start: pos, innerStart: pos + rawLen, end: pos + rawLen, innerEnd: pos + rawLen}
			top.kids = append(top.kids, n)
			if tt == html.StartTagToken && !voids[tok.Data] && len(stack) < maxDepth {
				stack = append(stack, n)
			}
		case html.EndTagToken:
			tok := z.Token()
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].tag == tok.Data {
					for j := len(stack) - 1; j >= i; j-- { // elements left open end here too
						stack[j].innerEnd, stack[j].end = pos, pos+rawLen
						if j > i {
							stack[j].end = pos
						}
					}
					stack = stack[:i]
					break
				}
			}
		}
		pos += rawLen
	}
	for j := len(stack) - 1; j > 0; j-- { // unclosed at the end
		stack[j].innerEnd, stack[j].end = pos, pos
	}
	return root
}

// Parse reads a stored body into its top-level blocks.
func Parse(body string) []Block {
	root := parseTree(body)
	var out []Block
	var loose strings.Builder // inline content between blocks
	flush := func() {
		if s := strings.TrimSpace(loose.String()); s != "" {
			out = append(out, Block{Type: HTML, HTML: s})
		}
		loose.Reset()
	}
	for _, n := range root.kids {
		if n.tag == "" || !topLevel[n.tag] {
			loose.WriteString(body[n.start:n.end])
			continue
		}
		flush()
		if b, ok := block(body, n); ok {
			out = append(out, b)
		}
	}
	flush()
	return out
}

// topLevel are the elements that make blocks of their own.
var topLevel = map[string]bool{"p": true, "h2": true, "h3": true, "h4": true, "ul": true, "ol": true,
	"blockquote": true, "figure": true, "table": true, "aside": true, "hr": true}

// block reads one top-level element; ok is false for a story block that
// names nothing (the sanitizer never stores one).
func block(body string, n *node) (Block, bool) {
	raw := body[n.start:n.end]
	switch n.tag {
	case "p":
		return Block{Type: Paragraph, HTML: raw}, true
	case "h2", "h3", "h4":
		return Block{Type: Heading, HTML: raw, Level: int(n.tag[1] - '0')}, true
	case "ul", "ol":
		return Block{Type: List, HTML: raw, Ordered: n.tag == "ol"}, true
	case "blockquote":
		return Block{Type: Quote, HTML: raw}, true
	case "table":
		return table(body, n), true
	case "aside":
		if id := parseID(n.get("data-article")); n.get("data-block") == "related" && id > 0 {
			return Block{Type: Related, ArticleID: id}, true
		}
	case "figure":
		switch n.get("data-block") {
		case "image":
			return image(body, n)
		case "gallery":
			b := Block{Type: Gallery, Caption: captionOf(body, n)}
			for _, k := range n.kids {
				if k.tag == "figure" && k.get("data-block") == "image" {
					if img, ok := image(body, k); ok {
						b.Images = append(b.Images, img)
					}
				}
			}
			return b, len(b.Images) > 0
		case "embed":
			e, ok := embed.Parse(n.get("data-url"))
			if !ok {
				return Block{}, false
			}
			return Block{Type: Embed, Embed: &e, PosterID: parseID(n.get("data-poster")), Caption: captionOf(body, n)}, true
		case "pullquote":
			b := Block{Type: PullQuote, Caption: captionOf(body, n)}
			for _, k := range n.kids {
				if k.tag == "blockquote" {
					for _, p := range k.kids {
						if p.tag == "p" {
							b.Paragraphs = append(b.Paragraphs, inner(body, p))
						}
					}
				}
			}
			return b, len(b.Paragraphs) > 0
		}
	}
	return Block{Type: HTML, HTML: raw}, true
}

func image(body string, n *node) (Block, bool) {
	id := parseID(n.get("data-media"))
	return Block{Type: Image, MediaID: id, Caption: captionOf(body, n)}, id > 0
}

func table(body string, n *node) Block {
	b := Block{Type: Table}
	var rows func(p *node, head bool)
	rows = func(p *node, head bool) {
		for _, k := range p.kids {
			switch k.tag {
			case "caption":
				b.Caption = inner(body, k)
			case "thead":
				rows(k, true)
			case "tbody", "tfoot":
				rows(k, false)
			case "tr":
				var row []Cell
				for _, c := range k.kids {
					if c.tag == "td" || c.tag == "th" {
						row = append(row, Cell{Header: c.tag == "th", HTML: inner(body, c),
							ColSpan: spanOf(c.get("colspan")), RowSpan: spanOf(c.get("rowspan"))})
					}
				}
				if len(row) == 0 {
					continue
				}
				if head {
					b.Head = append(b.Head, row)
				} else {
					b.Rows = append(b.Rows, row)
				}
			}
		}
	}
	rows(n, false)
	return b
}

// captionOf is the inner HTML of n's own figcaption.
func captionOf(body string, n *node) string {
	for _, k := range n.kids {
		if k.tag == "figcaption" {
			return inner(body, k)
		}
	}
	return ""
}

func inner(body string, n *node) string {
	return strings.TrimSpace(body[n.innerStart:max(n.innerStart, n.innerEnd)])
}

func parseID(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

func spanOf(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 2 || n > 99 {
		return 0
	}
	return n
}

// MediaIDs are the library images the blocks show (images, gallery
// images, embed posters), each once, in order.
func MediaIDs(list []Block) []int64 {
	var out []int64
	seen := map[int64]bool{}
	add := func(id int64) {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, b := range list {
		add(b.MediaID)
		add(b.PosterID)
		for _, img := range b.Images {
			add(img.MediaID)
		}
	}
	return out
}

// ArticleIDs are the articles the related boxes name, each once, in order.
func ArticleIDs(list []Block) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, b := range list {
		if b.ArticleID > 0 && !seen[b.ArticleID] {
			seen[b.ArticleID] = true
			out = append(out, b.ArticleID)
		}
	}
	return out
}

// Providers are the embed providers the blocks show, each once, in the
// order of embed.Providers (a stable Content-Security-Policy).
func Providers(list []Block) []embed.Provider {
	used := map[embed.Provider]bool{}
	for _, b := range list {
		if b.Embed != nil {
			used[b.Embed.Provider] = true
		}
	}
	var out []embed.Provider
	for _, p := range embed.Providers {
		if used[p] {
			out = append(out, p)
		}
	}
	return out
}
