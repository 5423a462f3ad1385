package wpbody

import (
	"html"
	"net/url"
	"strconv"
	"strings"

	nethtml "golang.org/x/net/html"

	"akhbar/internal/embed"
)

// The story blocks of Akhbar's body format (docs/body-format.md) that
// WordPress content maps to: images already in the media library,
// galleries, embeds of the six providers, pull quotes and tables.

func attr(key, val string) nethtml.Attribute { return nethtml.Attribute{Key: key, Val: val} }

// imageFigure is an imported image as a body figure: an image block naming
// its library id, or (an image without one, as in a dry run) the <img>.
func imageFigure(img *node, found Image) *node {
	if found.MediaID > 0 {
		return &node{tag: "figure", attr: []nethtml.Attribute{attr("data-block", "image"),
			attr("data-media", strconv.FormatInt(found.MediaID, 10))}}
	}
	return &node{tag: "figure", kids: []*node{img}}
}

// isImageFigure reports whether n is what imageFigure makes.
func isImageFigure(n *node) bool {
	if n.tag != "figure" {
		return false
	}
	return n.get("data-block") == "image" || len(n.kids) > 0 && n.kids[0].tag == "img"
}

// hasFigcaption reports whether a figure has its caption already.
func hasFigcaption(n *node) bool {
	for _, k := range n.kids {
		if k.tag == "figcaption" {
			return true
		}
	}
	return false
}

// embedNode is an embed block for e, titled by caption (inline nodes).
func embedNode(e embed.Embed, caption []*node) *node {
	f := &node{tag: "figure", attr: []nethtml.Attribute{attr("data-block", "embed"), attr("data-provider", string(e.Provider)),
		attr("data-id", e.ID), attr("data-url", e.URL)}}
	if caption = tidy(caption); hasText(caption) {
		f.kids = append(f.kids, &node{tag: "figcaption", kids: caption})
	}
	return f
}

// embedOrLink is what an oEmbed URL of the post becomes, as HTML for the
// cleaning pass: an embed block when one of the providers hosts it, else
// a link, with captionHTML (the block's caption, as saved) after it.
func embedOrLink(u, captionHTML string) string {
	u = dropControls(u)
	if e, ok := embed.Parse(u); ok {
		s := `<figure data-block="embed" data-url="` + html.EscapeString(e.URL) + `">`
		if strings.TrimSpace(captionHTML) != "" {
			s += "<figcaption>" + captionHTML + "</figcaption>"
		}
		return s + "</figure>"
	}
	e := html.EscapeString(u)
	out := `<p><a href="` + e + `">` + e + `</a></p>`
	if strings.TrimSpace(captionHTML) != "" {
		out += "<p>" + captionHTML + "</p>"
	}
	return out
}

// dropControls removes control characters, which no address holds but a
// damaged post may.
func dropControls(u string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, u)
}

// embedFigure cleans an embed block made by embedOrLink (or found in the
// post): an address no provider hosts, or none, is a link or nothing.
func (k *cleaner) embedFigure(n *node) []*node {
	var caption []*node
	for _, ch := range n.kids {
		if ch.tag == "figcaption" {
			caption = k.flatten(k.kids(ch))
		}
	}
	u := strings.TrimSpace(n.get("data-url"))
	if e, ok := embed.Parse(u); ok {
		return []*node{embedNode(e, caption)}
	}
	var out []*node
	if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		out = k.linkParagraph(u)
	}
	return append(out, k.textBlock("p", nil, caption)...)
}

// bareEmbed is the embed block for a paragraph that holds only an address
// one of the providers hosts (WordPress embedded such lines, oEmbed), as
// text or as a link showing its address; nil for any other paragraph.
func (k *cleaner) bareEmbed(p *node) *node {
	if len(p.kids) != 1 {
		return nil
	}
	u := ""
	switch ch := p.kids[0]; {
	case ch.tag == "":
		u = strings.TrimSpace(ch.text)
	case ch.tag == "a" && len(ch.kids) == 1 && ch.kids[0].tag == "" && strings.TrimSpace(ch.kids[0].text) == strings.TrimSpace(ch.get("href")):
		u = strings.TrimSpace(ch.get("href"))
	}
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return nil
	}
	e, ok := embed.Parse(u)
	if !ok {
		return nil
	}
	return embedNode(e, nil)
}

// iframeEmbed recognizes a provider's player in an iframe address,
// Facebook's plugins by the post they show.
func iframeEmbed(src string) (embed.Embed, bool) {
	if u, err := url.Parse(src); err == nil && strings.HasSuffix(strings.ToLower(u.Hostname()), "facebook.com") &&
		strings.HasPrefix(u.Path, "/plugins/") {
		return embed.Parse(u.Query().Get("href"))
	}
	return embed.Parse(src)
}

// blockquoteEmbed recognizes the embed code X, Instagram and TikTok give
// (a blockquote their script turns into a player) by the post it names.
// A tweet's text becomes its title; it is what readers of the post saw
// before the script ran.
func (k *cleaner) blockquoteEmbed(n *node) ([]*node, bool) {
	class := n.get("class")
	var candidates []string
	var caption []*node
	switch {
	case strings.Contains(class, "twitter-tweet") || strings.Contains(class, "twitter-video"):
		links := descendants(n, "a")
		for i := len(links) - 1; i >= 0; i-- { // the status link comes last, after the author's
			candidates = append(candidates, links[i].get("href"))
		}
		if ps := descendants(n, "p"); len(ps) > 0 {
			caption = k.flatten(k.kids(ps[0]))
		}
	case strings.Contains(class, "instagram-media"):
		candidates = append(candidates, n.get("data-instgrm-permalink"))
		for _, a := range descendants(n, "a") {
			candidates = append(candidates, a.get("href"))
		}
	case strings.Contains(class, "tiktok-embed"):
		candidates = append(candidates, n.get("cite"))
		if id := n.get("data-video-id"); id != "" {
			candidates = append(candidates, "https://www.tiktok.com/embed/v2/"+id)
		}
	default:
		return nil, false
	}
	for _, c := range candidates {
		if e, ok := embed.Parse(strings.TrimSpace(c)); ok {
			return []*node{embedNode(e, caption)}, true
		}
	}
	return nil, false
}

// descendants lists n's descendant elements named tag, in document order.
func descendants(n *node, tag string) []*node {
	var out []*node
	for _, ch := range n.kids {
		if ch.tag == tag {
			out = append(out, ch)
		}
		out = append(out, descendants(ch, tag)...)
	}
	return out
}

// pullquote turns WordPress's pull quote (a figure or blockquote of class
// wp-block-pullquote, the attribution in a <cite>) into a pull quote block.
func (k *cleaner) pullquote(n *node) []*node {
	quote := n
	for _, ch := range n.kids {
		if ch.tag == "blockquote" {
			quote = ch
		}
	}
	var words, who []*node
	for _, ch := range quote.kids {
		if ch.tag == "cite" {
			who = append(who, k.flatten(k.kids(ch))...)
			continue
		}
		words = append(words, k.clean(ch)...)
	}
	for _, ch := range n.kids {
		if ch.tag == "figcaption" && !hasText(who) {
			who = k.flatten(k.kids(ch))
		}
	}
	bq := &node{tag: "blockquote"}
	for _, b := range k.blockify(words) {
		var inline []*node
		switch b.tag {
		case "p", "h2", "h3", "h4":
			inline = b.kids
		default:
			inline = k.flatten([]*node{b})
		}
		if inline = tidy(inline); hasText(inline) {
			bq.kids = append(bq.kids, &node{tag: "p", kids: inline})
		}
	}
	if len(bq.kids) == 0 {
		return k.textBlock("p", nil, who)
	}
	f := &node{tag: "figure", attr: []nethtml.Attribute{attr("data-block", "pullquote")}, kids: []*node{bq}}
	if who = tidy(who); hasText(who) {
		f.kids = append(f.kids, &node{tag: "figcaption", kids: who})
	}
	return []*node{f}
}

// dataTable reports whether a table holds data (two columns or more, no
// pictures) rather than laying out a post, as old posts used tables to.
func dataTable(n *node) bool {
	if containsMedia(n) {
		return false
	}
	for _, tr := range descendants(n, "tr") {
		cells := 0
		for _, c := range tr.kids {
			if c.tag == "td" || c.tag == "th" {
				cells++
			}
		}
		if cells >= 2 {
			return true
		}
	}
	return false
}

// dataTableNode keeps a data table's structure: caption, header rows
// (thead, or a first row of header cells) and body rows, cells holding
// their text with its emphasis and links, and colspan and rowspan.
func (k *cleaner) dataTableNode(n *node) []*node {
	t := &node{tag: "table"}
	var head, body []*node
	var rows func(p *node, inHead bool)
	rows = func(p *node, inHead bool) {
		for _, ch := range p.kids {
			switch ch.tag {
			case "caption":
				if c := tidy(k.flatten(k.kids(ch))); hasText(c) {
					t.kids = append(t.kids, &node{tag: "caption", kids: c})
				}
			case "thead":
				rows(ch, true)
			case "tbody", "tfoot":
				rows(ch, false)
			case "tr":
				tr := &node{tag: "tr"}
				allHeader, filled := true, false
				for _, c := range ch.kids {
					if c.tag != "td" && c.tag != "th" {
						continue
					}
					cell := &node{tag: c.tag, kids: tidy(k.flatten(k.kids(c)))}
					if inHead {
						cell.tag = "th"
					}
					for _, key := range []string{"colspan", "rowspan"} {
						if v, err := strconv.Atoi(strings.TrimSpace(c.get(key))); err == nil && v > 1 && v < 100 {
							cell.attr = append(cell.attr, attr(key, strconv.Itoa(v)))
						}
					}
					allHeader = allHeader && cell.tag == "th"
					filled = filled || hasText(cell.kids)
					tr.kids = append(tr.kids, cell)
				}
				switch {
				case !filled:
				case inHead || allHeader && len(head) == 0 && len(body) == 0:
					head = append(head, tr)
				default:
					body = append(body, tr)
				}
			}
		}
	}
	rows(n, false)
	if len(head)+len(body) == 0 {
		return nil
	}
	if len(head) > 0 {
		t.kids = append(t.kids, &node{tag: "thead", kids: head})
	}
	if len(body) > 0 {
		t.kids = append(t.kids, &node{tag: "tbody", kids: body})
	}
	return []*node{t}
}
