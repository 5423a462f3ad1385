package blocks

import (
	"html"
	"strconv"
	"strings"

	"akhbar/internal/content"
)

// Role says where a picture is drawn, so the site can pick its sizes.
type Role int

const (
	RoleImage   Role = iota // an image block, the text's width
	RoleGallery             // one image of a gallery row
	RolePoster              // an embed's poster
	RoleThumb               // a related story's thumbnail
)

// Env is what drawing blocks needs beyond the body.
type Env struct {
	// Media are the library images the blocks name (MediaIDs); an image
	// missing here (deleted since) is left out.
	Media map[int64]*content.Media
	// Articles are the articles related boxes name (ArticleIDs), published
	// ones only: a box naming any other is left out.
	Articles map[int64]*content.Article
	// Picture draws a library image as a responsive <picture> (escaped
	// HTML). Posters and thumbnails come with empty alt text: the link
	// they stand in says what they show.
	Picture func(m *content.Media, role Role) string
}

// Page draws blocks for the public article page: pictures with caption
// and credit, galleries as a row that scrolls and snaps, tables in a box
// of their own that scrolls on phones, and embeds as a link to the post
// that web/static/js/embed.js turns into the provider's player when the
// reader clicks it. Nothing in it loads anything from another site.
func Page(list []Block, env Env) string { return join(list, env, pageBlock) }

// join draws each block with draw, one per line, leaving out those drawn
// as nothing.
func join(list []Block, env Env, draw func(Block, Env) string) string {
	var b strings.Builder
	for _, bl := range list {
		s := draw(bl, env)
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s)
	}
	return b.String()
}

func pageBlock(bl Block, env Env) string {
	switch bl.Type {
	case Image:
		return pageImage(bl, env, "body-image", RoleImage)
	case Gallery:
		var items []string
		for _, img := range bl.Images {
			if s := pageImage(img, env, "gallery-image", RoleGallery); s != "" {
				items = append(items, `<li class="gallery-item">`+s+`</li>`)
			}
		}
		if len(items) == 0 {
			return ""
		}
		var b strings.Builder
		b.WriteString(`<figure class="gallery">`)
		// A list that scrolls sideways, reachable by keyboard (the arrow
		// keys scroll it once it has focus).
		b.WriteString(`<ul class="gallery-track" tabindex="0" aria-label="` + galleryLabel(len(items)) + `">`)
		b.WriteString(strings.Join(items, ""))
		b.WriteString(`</ul>`)
		if bl.Caption != "" {
			b.WriteString(`<figcaption>` + bl.Caption + `</figcaption>`)
		}
		b.WriteString(`</figure>`)
		return b.String()
	case Embed:
		return pageEmbed(bl, env)
	case PullQuote:
		var b strings.Builder
		b.WriteString(`<figure class="pullquote"><blockquote>`)
		for _, p := range bl.Paragraphs {
			b.WriteString("<p>" + p + "</p>")
		}
		b.WriteString(`</blockquote>`)
		if bl.Caption != "" {
			b.WriteString(`<figcaption>` + bl.Caption + `</figcaption>`)
		}
		b.WriteString(`</figure>`)
		return b.String()
	case Table:
		label := plain(bl.Caption)
		if label == "" {
			label = "جدول"
		}
		// A labelled region that takes focus, so a keyboard can scroll a
		// table wider than the phone.
		return `<div class="table-scroll" role="region" tabindex="0" aria-label="` + html.EscapeString(label) + `">` +
			tableHTML(bl, true) + `</div>`
	case Related:
		a := env.Articles[bl.ArticleID]
		if a == nil {
			return ""
		}
		var b strings.Builder
		b.WriteString(`<aside class="read-also" aria-label="یہ بھی پڑھیں"><p class="read-also-label">یہ بھی پڑھیں</p>`)
		b.WriteString(`<a class="read-also-link" href="` + html.EscapeString(a.Path()) + `">`)
		if a.Lead != nil && env.Picture != nil {
			b.WriteString(env.Picture(decorative(a.Lead), RoleThumb))
		}
		b.WriteString(`<span class="read-also-headline">` + html.EscapeString(a.Headline) + `</span></a></aside>`)
		return b.String()
	}
	return bl.HTML
}

// galleryLabel names a gallery for screen readers.
func galleryLabel(n int) string {
	return "تصاویر کی گیلری (" + strconv.Itoa(n) + " تصاویر)"
}

// pageImage draws an image block as a figure with its caption (this
// use's, else the library's) and credit.
func pageImage(bl Block, env Env, class string, role Role) string {
	m := env.Media[bl.MediaID]
	if m == nil || env.Picture == nil {
		return ""
	}
	pic := env.Picture(m, role)
	if pic == "" {
		return ""
	}
	return `<figure class="` + class + `">` + pic + figcaption(bl.Caption, m, " ") + `</figure>`
}

// figcaption is an image's caption and credit, as the lead image has them.
func figcaption(caption string, m *content.Media, sep string) string {
	if caption == "" {
		caption = html.EscapeString(m.Caption)
	}
	credit := ""
	if m.Credit != "" {
		credit = `<span class="credit">تصویر: ` + html.EscapeString(m.Credit) + `</span>`
	}
	switch {
	case caption != "" && credit != "":
		return `<figcaption>` + caption + sep + credit + `</figcaption>`
	case caption+credit != "":
		return `<figcaption>` + caption + credit + `</figcaption>`
	}
	return ""
}

// pageEmbed draws an embed as its facade: a plain link to the post (what
// readers without JavaScript follow) showing the poster, what clicking
// does and the title. The data attributes tell embed.js which player to
// frame; they hold no address, so the page names no other site but in
// the link.
func pageEmbed(bl Block, env Env) string {
	e := bl.Embed
	var b strings.Builder
	b.WriteString(`<figure class="embed embed-` + string(e.Kind) + `" data-embed="` + string(e.Provider) +
		`" data-embed-id="` + html.EscapeString(e.ID) + `" data-embed-kind="` + string(e.Kind) + `">`)
	b.WriteString(`<a class="embed-facade" href="` + html.EscapeString(e.URL) + `">`)
	if m := env.Media[bl.PosterID]; m != nil && env.Picture != nil {
		b.WriteString(env.Picture(decorative(m), RolePoster))
	} else {
		b.WriteString(`<span class="embed-blank" aria-hidden="true"></span>`)
	}
	b.WriteString(`<span class="embed-play">` + html.EscapeString(e.Label()) + `</span>`)
	if t := plain(bl.Caption); t != "" {
		b.WriteString(`<span class="embed-title">` + html.EscapeString(t) + `</span>`)
	}
	b.WriteString(`<span class="embed-note">کلک کرنے پر ` + html.EscapeString(e.Provider.Name()) + ` سے مواد لوڈ ہو گا</span>`)
	b.WriteString(`</a></figure>`)
	return b.String()
}

// decorative is m without alt text, for a picture inside a link whose
// text says what it leads to.
func decorative(m *content.Media) *content.Media {
	c := *m
	c.Alt = ""
	return &c
}

// tableHTML writes a table from its parts; on the page, header cells say
// which way they head (scope).
func tableHTML(bl Block, scopes bool) string {
	var b strings.Builder
	b.WriteString("<table>")
	if bl.Caption != "" {
		b.WriteString("<caption>" + bl.Caption + "</caption>")
	}
	rows := func(list [][]Cell, head bool) {
		for _, row := range list {
			b.WriteString("<tr>")
			for _, c := range row {
				tag, attrs := "td", ""
				if c.Header || head {
					tag = "th"
					if scopes && head {
						attrs = ` scope="col"`
					} else if scopes {
						attrs = ` scope="row"`
					}
				}
				if c.ColSpan > 1 {
					attrs += ` colspan="` + strconv.Itoa(c.ColSpan) + `"`
				}
				if c.RowSpan > 1 {
					attrs += ` rowspan="` + strconv.Itoa(c.RowSpan) + `"`
				}
				b.WriteString("<" + tag + attrs + ">" + c.HTML + "</" + tag + ">")
			}
			b.WriteString("</tr>")
		}
	}
	if len(bl.Head) > 0 {
		b.WriteString("<thead>")
		rows(bl.Head, true)
		b.WriteString("</thead>")
	}
	if len(bl.Rows) > 0 {
		b.WriteString("<tbody>")
		rows(bl.Rows, false)
		b.WriteString("</tbody>")
	}
	b.WriteString("</table>")
	return b.String()
}

// Feed draws blocks for feed readers, which run no script and show
// markup of their own: images as an <img> of one rendition with caption
// and credit, galleries as their images, embeds as links titled by their
// titles, related boxes as a link. Site-relative addresses stay relative
// (the feed writer makes them absolute).
func Feed(list []Block, env Env) string { return join(list, env, feedBlock) }

func feedBlock(bl Block, env Env) string {
	switch bl.Type {
	case Image:
		return feedImage(bl, env)
	case Gallery:
		var parts []string
		for _, img := range bl.Images {
			if s := feedImage(img, env); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) == 0 {
			return ""
		}
		if bl.Caption != "" {
			parts = append(parts, "<p>"+bl.Caption+"</p>")
		}
		return strings.Join(parts, "\n")
	case Embed:
		e := bl.Embed
		title := plain(bl.Caption)
		link := `<a href="` + html.EscapeString(e.URL) + `">`
		if title == "" {
			return "<p>" + link + html.EscapeString(e.Label()) + "</a></p>"
		}
		return "<p>" + link + html.EscapeString(title) + "</a> (" + html.EscapeString(e.Provider.Name()) + ")</p>"
	case PullQuote:
		var b strings.Builder
		b.WriteString("<blockquote>")
		for _, p := range bl.Paragraphs {
			b.WriteString("<p>" + p + "</p>")
		}
		if bl.Caption != "" {
			b.WriteString("<p>— " + bl.Caption + "</p>")
		}
		b.WriteString("</blockquote>")
		return b.String()
	case Table:
		return tableHTML(bl, false)
	case Related:
		a := env.Articles[bl.ArticleID]
		if a == nil {
			return ""
		}
		return `<p>یہ بھی پڑھیں: <a href="` + html.EscapeString(a.Path()) + `">` + html.EscapeString(a.Headline) + `</a></p>`
	}
	return bl.HTML
}

// feedImage is an image block as <img> of its fallback rendition.
func feedImage(bl Block, env Env) string {
	m := env.Media[bl.MediaID]
	if m == nil {
		return ""
	}
	v := m.Fallback()
	if v.Key == "" {
		return ""
	}
	img := `<img src="` + html.EscapeString(v.URL()) + `" alt="` + html.EscapeString(m.Alt) + `" width="` +
		strconv.Itoa(v.Width) + `" height="` + strconv.Itoa(v.Height) + `">`
	caption := bl.Caption
	if caption == "" {
		caption = html.EscapeString(m.Caption)
	}
	credit := html.EscapeString(m.Credit)
	switch {
	case caption != "" && credit != "":
		caption += " — " + credit
	case credit != "":
		caption = credit
	}
	if caption != "" {
		caption = "<figcaption>" + caption + "</figcaption>"
	}
	return "<figure>" + img + caption + "</figure>"
}

// plain is inline HTML as one line of text.
func plain(inline string) string {
	if inline == "" {
		return ""
	}
	return strings.Join(strings.Fields(content.PlainText(inline)), " ")
}

// FrameSources are the origins the page's players are framed from, for
// its Content-Security-Policy's frame-src.
func FrameSources(list []Block) []string {
	var out []string
	for _, p := range Providers(list) {
		out = append(out, p.Origin())
	}
	return out
}
