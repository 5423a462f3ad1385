package wpbody

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"akhbar/internal/content"
	"akhbar/internal/embed"
)

// figure gathers a figure's images and caption: one image makes an image
// block with the caption; several (a gallery) a gallery block; none (all
// missing, or a table) leave the other content, and the caption as a
// paragraph (a table's caption when the figure holds a table). Embed and
// pull quote figures become those blocks.
func (k *cleaner) figure(n *node) []*node {
	switch {
	case n.get("data-block") == "embed":
		return k.embedFigure(n)
	case strings.Contains(n.get("class"), "wp-block-pullquote"):
		return k.pullquote(n)
	}
	figID := parseID(n.get("data-wp-id"))
	var images, caption, other []*node
	var walk func(p *node)
	walk = func(p *node) {
		for _, ch := range p.kids {
			switch {
			case ch.tag == "img":
				img, im, alt := k.image(ch, figID)
				if img == nil {
					other = append(other, alt...)
					continue
				}
				images = append(images, imageFigure(img, im))
			case ch.tag == "figcaption":
				for _, c := range k.flatten(k.kids(ch)) {
					if c.tag == "figure" {
						other = append(other, c)
					} else {
						caption = append(caption, c)
					}
				}
			case ch.tag == "figure":
				for _, f := range k.figure(ch) {
					if isImageFigure(f) {
						images = append(images, f)
					} else {
						other = append(other, f)
					}
				}
			case transparent[ch.tag] && containsMedia(ch):
				walk(ch)
			default:
				other = append(other, k.clean(ch)...)
			}
		}
	}
	walk(n)
	caption = tidy(caption)
	figcaption := func() *node { return &node{tag: "figcaption", kids: caption} }
	switch {
	case len(images) == 0:
		other = k.blockify(other)
		if len(other) == 1 && other[0].tag == "table" && hasText(caption) && !hasChild(other[0], "caption") {
			other[0].kids = append([]*node{{tag: "caption", kids: caption}}, other[0].kids...)
			return other
		}
		return append(other, k.textBlock("p", nil, caption)...)
	case len(images) == 1:
		f := images[0]
		if hasText(caption) && !hasFigcaption(f) {
			f.kids = append(f.kids, figcaption())
			caption = nil
		}
		return append(append([]*node{f}, k.blockify(other)...), k.textBlock("p", nil, caption)...)
	}
	gallery := &node{tag: "figure", attr: []html.Attribute{{Key: "data-block", Val: "gallery"}}}
	for _, f := range images {
		if f.get("data-block") != "image" { // an image without a library id: no gallery then
			return append(append(images, k.blockify(other)...), k.textBlock("p", nil, caption)...)
		}
		gallery.kids = append(gallery.kids, f)
	}
	if hasText(caption) {
		gallery.kids = append(gallery.kids, figcaption())
	}
	return append([]*node{gallery}, k.blockify(other)...)
}

// hasChild reports whether n has a child element named tag.
func hasChild(n *node, tag string) bool {
	for _, ch := range n.kids {
		if ch.tag == tag {
			return true
		}
	}
	return false
}

// containsMedia reports whether n holds an image, figure or caption.
func containsMedia(n *node) bool {
	for _, ch := range n.kids {
		if ch.tag == "img" || ch.tag == "figure" || ch.tag == "figcaption" || containsMedia(ch) {
			return true
		}
	}
	return false
}

var (
	wpImageClass = regexp.MustCompile(`(?:^|\s)wp-image-(\d+)(?:\s|$)`)
	sizeSuffix   = regexp.MustCompile(`-\d+x\d+(\.[A-Za-z0-9]+)$`)
)

// image looks an <img> up and returns our <img> for it; when it is an
// emoji picture, its text instead; when it is not available, nothing (and
// a warning). fallbackID is the attachment id its figure names.
func (k *cleaner) image(n *node, fallbackID int64) (img *node, found Image, alt []*node) {
	src := imageSrc(n)
	if strings.Contains(n.get("class"), "emoji") || strings.Contains(src, "/images/core/emoji/") {
		return nil, Image{}, k.text(n.get("alt"))
	}
	id := parseID(n.get("data-wp-id"))
	if id == 0 {
		if m := wpImageClass.FindStringSubmatch(n.get("class")); m != nil {
			id = parseID(m[1])
		}
	}
	if id == 0 {
		id = parseID(n.get("data-id"))
	}
	if id == 0 {
		id = fallbackID
	}
	ok := false
	if id > 0 && k.c.opt.ImageByID != nil {
		found, ok = k.c.opt.ImageByID(id)
	}
	if !ok && src != "" && k.c.opt.Image != nil {
		if found, ok = k.c.opt.Image(src); !ok && sizeSuffix.MatchString(src) {
			// WordPress puts its resized copies (photo-300x200.jpg) in posts
			found, ok = k.c.opt.Image(sizeSuffix.ReplaceAllString(src, "${1}"))
		}
	}
	if !ok {
		switch {
		case src != "":
			k.c.warn("image %s not found", src)
		case id > 0:
			k.c.warn("image attachment %d not found", id)
		default:
			k.c.warn("image without a source removed")
		}
		return nil, Image{}, nil
	}
	k.c.useImage(found.MediaID)
	text := strings.TrimSpace(n.get("alt"))
	if text == "" {
		text = found.Alt
	}
	attrs := []html.Attribute{{Key: "src", Val: found.Src}, {Key: "alt", Val: text}}
	if found.Width > 0 && found.Height > 0 {
		attrs = append(attrs, html.Attribute{Key: "width", Val: strconv.Itoa(found.Width)},
			html.Attribute{Key: "height", Val: strconv.Itoa(found.Height)})
	}
	attrs = append(attrs, html.Attribute{Key: "loading", Val: "lazy"}, html.Attribute{Key: "decoding", Val: "async"})
	return &node{tag: "img", attr: attrs}, found, nil
}

// imageSrc returns an <img>'s address, looking past lazy-loading plugins'
// placeholders to the real one.
func imageSrc(n *node) string {
	src := strings.TrimSpace(n.get("src"))
	if src == "" || strings.HasPrefix(src, "data:") {
		for _, key := range []string{"data-lazy-src", "data-src", "data-original"} {
			if v := strings.TrimSpace(n.get(key)); v != "" {
				return v
			}
		}
		if strings.HasPrefix(src, "data:") {
			return ""
		}
	}
	return src
}

func parseID(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

var youtubeEmbed = regexp.MustCompile(`^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([A-Za-z0-9_-]{6,})`)

// iframe becomes an embed block when it framed a provider's player (the
// page frames it only when a reader asks), else a link to what it showed.
func (k *cleaner) iframe(n *node) []*node {
	src := strings.TrimSpace(n.get("src"))
	if src == "" || src == "about:blank" {
		src = strings.TrimSpace(n.get("data-src"))
	}
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		k.c.warn("iframe removed")
		return nil
	}
	if e, ok := iframeEmbed(src); ok {
		return []*node{embedNode(e, nil)}
	}
	if m := youtubeEmbed.FindStringSubmatch(src); m != nil {
		src = "https://www.youtube.com/watch?v=" + m[1]
	}
	if e, ok := embed.Parse(src); ok {
		return []*node{embedNode(e, nil)}
	}
	k.c.warn("iframe %s replaced by a link", src)
	return k.linkParagraph(src)
}

var youtubeFlash = regexp.MustCompile(`^https?://(?:www\.)?youtube\.com/v/([A-Za-z0-9_-]{6,})`)

// media turns <video>, <audio> and the Flash players of old posts
// (<object>, <embed>) into an embed block for a provider's video, else a
// link to their file or video page.
func (k *cleaner) media(n *node) []*node {
	src := strings.TrimSpace(n.get("src"))
	if src == "" {
		src = strings.TrimSpace(n.get("data"))
	}
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		k.c.warn("<%s> removed", n.tag)
		return nil
	}
	if m := youtubeFlash.FindStringSubmatch(src); m != nil {
		src = "https://www.youtube.com/watch?v=" + m[1]
	}
	if e, ok := embed.Parse(src); ok {
		return []*node{embedNode(e, nil)}
	}
	k.c.warn("<%s> replaced by a link to %s", n.tag, src)
	return k.linkParagraph(src)
}

// linkParagraph is a paragraph holding a link to u, showing u; an embed
// block where one of our providers hosts u.
func (k *cleaner) linkParagraph(u string) []*node {
	u = dropControls(u)
	if e, ok := embed.Parse(u); ok {
		return []*node{embedNode(e, nil)}
	}
	text := strings.TrimSpace(content.NormalizeInline(u))
	if text == "" {
		return nil
	}
	a := &node{tag: "a", attr: []html.Attribute{{Key: "href", Val: k.c.link(u)}}, kids: []*node{textNode(text)}}
	return []*node{{tag: "p", kids: []*node{a}}}
}
