// Package feed writes RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents from one
// format-neutral description of a feed, so every reader gets the same articles,
// authors, dates and lead images whichever format it asks for.
//
// The writers never fail on bad data, only on a failing io.Writer: text that
// cannot appear in XML (control characters, invalid UTF-8) is dropped, so a
// stray byte pasted into a headline can never make a feed unreadable.
// Caching and conditional GET belong to the caller.
package feed

import (
	"html"
	"mime"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Content types to send with each format. JSON Feed has its own registered
// type; the XML formats use theirs rather than text/xml so browsers and
// readers recognise them.
const (
	ContentTypeRSS  = "application/rss+xml; charset=utf-8"
	ContentTypeAtom = "application/atom+xml; charset=utf-8"
	ContentTypeJSON = "application/feed+json; charset=utf-8"
)

// Feed is one feed (the whole site, a section, a tag) in a format-neutral shape.
type Feed struct {
	Title       string
	Description string
	HomeURL     string // absolute URL of the HTML page this feed mirrors
	SelfURL     string // absolute URL of this feed in the format being written
	Language    string // BCP 47 tag, "ur"
	// Updated is the newest change among the items. A zero time is omitted
	// rather than replaced by the current time, so the same content always
	// produces the same bytes (and the same ETag upstream).
	Updated time.Time
	// Icon is a square image; it becomes Atom's icon and JSON Feed's icon and
	// favicon, so it should be at least 512×512. Logo is Atom's wide (2:1)
	// logo and RSS's channel image. Both absolute and optional.
	Icon, Logo string
	Generator  string // "Akhbar"
	Items      []Item
}

// Item is one article in a feed.
type Item struct {
	ID      string // stable unique id: the article's absolute canonical URL
	URL     string
	Title   string
	Summary string // the strapline, plain text
	// ContentHTML is the full sanitized body. Attributes src=, href= and
	// srcset= that start with "/" are made absolute against URL, because feed
	// readers show the content away from our site.
	ContentHTML        string
	Authors            []Person
	Categories         []string // section name first, then tags
	Published, Updated time.Time
	Image              *Image // lead image, optional
	Language           string // only when different from the feed's
}

// Person is an author; URL is their page on the site.
type Person struct{ Name, URL string }

// Image is an article's lead image. Alt, Caption and Credit are Urdu text.
type Image struct {
	URL                  string // absolute
	Type                 string // "image/jpeg"; guessed from URL's extension when empty
	Width, Height        int
	Length               int64 // bytes
	Alt, Caption, Credit string
}

// clean drops what XML 1.0 cannot carry and what no reader wants to see:
// invalid UTF-8, C0 and C1 control characters other than tab, newline and
// carriage return, surrogates and U+FFFE/U+FFFF. Every string a writer emits
// goes through it, in JSON too, so the three formats agree.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	return strings.Map(func(r rune) rune {
		if xmlChar(r) {
			return r
		}
		return -1
	}, s)
}

func xmlChar(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r':
		return true
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return false
	case r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
		return false
	}
	return r <= utf8.MaxRune
}

// itemContent is the HTML every format carries for an item: the lead image as
// a figure (so its caption and credit reach readers that ignore enclosures and
// Media RSS) followed by the body, with site-relative URLs made absolute.
func itemContent(it *Item) string {
	var b strings.Builder
	if img := it.Image; img != nil && clean(img.URL) != "" {
		b.WriteString(`<figure><img src="`)
		b.WriteString(html.EscapeString(clean(img.URL)))
		b.WriteString(`" alt="`)
		b.WriteString(html.EscapeString(clean(img.Alt)))
		b.WriteString(`"`)
		if img.Width > 0 && img.Height > 0 {
			b.WriteString(` width="` + strconv.Itoa(img.Width) + `" height="` + strconv.Itoa(img.Height) + `"`)
		}
		b.WriteString(`>`)
		if caption := figcaption(img); caption != "" {
			b.WriteString(`<figcaption>`)
			b.WriteString(html.EscapeString(caption))
			b.WriteString(`</figcaption>`)
		}
		b.WriteString(`</figure>`)
	}
	b.WriteString(clean(it.ContentHTML))
	return absolutize(b.String(), clean(it.URL))
}

// figcaption joins caption and credit the way the article page shows them.
func figcaption(img *Image) string {
	caption := strings.TrimSpace(clean(img.Caption))
	credit := strings.TrimSpace(clean(img.Credit))
	switch {
	case caption != "" && credit != "":
		return caption + " — " + credit
	case caption != "":
		return caption
	}
	return credit
}

var (
	// tagRE finds comments and start tags, skipping over quoted attribute
	// values so a ">" inside one does not end the tag.
	tagRE = regexp.MustCompile(`<!--[\s\S]*?-->|<[a-zA-Z](?:"[^"]*"|'[^']*'|[^"'>])*>`)
	// attrRE walks a tag's attributes in order, so a value is never mistaken
	// for an attribute of its own.
	attrRE = regexp.MustCompile(`\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
)

// absolutize rewrites src, href and srcset values that start with "/" into
// absolute URLs on base's origin. Values keep their HTML escaping: only a
// prefix is added. Without an absolute base the HTML is returned unchanged.
func absolutize(htmlText, base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" || !strings.Contains(htmlText, "/") {
		return htmlText
	}
	origin := u.Scheme + "://" + u.Host
	abs := func(v string) string {
		switch {
		case strings.HasPrefix(v, "//"):
			return u.Scheme + ":" + v
		case strings.HasPrefix(v, "/"):
			return origin + v
		}
		return v
	}
	return tagRE.ReplaceAllStringFunc(htmlText, func(tag string) string {
		if strings.HasPrefix(tag, "<!--") {
			return tag
		}
		var b strings.Builder
		last := 0
		for _, m := range attrRE.FindAllStringSubmatchIndex(tag, -1) {
			name := strings.ToLower(tag[m[2]:m[3]])
			if name != "src" && name != "href" && name != "srcset" {
				continue
			}
			for g := 4; g < 10; g += 2 {
				if m[g] < 0 {
					continue
				}
				v := tag[m[g]:m[g+1]]
				nv := abs(v)
				if name == "srcset" {
					nv = absSrcset(v, abs)
				}
				if nv != v {
					b.WriteString(tag[last:m[g]])
					b.WriteString(nv)
					last = m[g+1]
				}
			}
		}
		if last == 0 {
			return tag
		}
		b.WriteString(tag[last:])
		return b.String()
	})
}

// absSrcset applies abs to the URL of each "url descriptor" candidate.
func absSrcset(v string, abs func(string) string) string {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		trimmed := strings.TrimLeft(p, " \t\n\r\f")
		lead := p[:len(p)-len(trimmed)]
		parts[i] = lead + abs(trimmed)
	}
	return strings.Join(parts, ",")
}

// absURL makes a site-relative URL (an image path, say) absolute against the
// item's URL, for places that take a bare URL rather than HTML.
func absURL(s, base string) string {
	s = clean(s)
	if !strings.HasPrefix(s, "/") {
		return s
	}
	u, err := url.Parse(clean(base))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return s
	}
	if strings.HasPrefix(s, "//") {
		return u.Scheme + ":" + s
	}
	return u.Scheme + "://" + u.Host + s
}

// imageType is the image's declared type, or one guessed from its URL so
// enclosures (where type is required) always carry one.
func imageType(img *Image) string {
	if t := strings.TrimSpace(clean(img.Type)); t != "" {
		return t
	}
	p := img.URL
	if u, err := url.Parse(clean(img.URL)); err == nil {
		p = u.Path
	}
	if t := mime.TypeByExtension(strings.ToLower(path.Ext(p))); t != "" {
		if i := strings.IndexByte(t, ';'); i >= 0 {
			t = t[:i]
		}
		return t
	}
	return "application/octet-stream"
}

// nonEmpty returns the cleaned strings that are not blank, in order.
func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(clean(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// itemUpdated is when an item last changed: Updated, else Published.
func itemUpdated(it *Item) time.Time {
	if !it.Updated.IsZero() {
		return it.Updated
	}
	return it.Published
}

// feedUpdated is the feed's Updated or, when that is zero, its newest item's
// change; never the current time, so output stays reproducible.
func feedUpdated(f *Feed) time.Time {
	if !f.Updated.IsZero() {
		return f.Updated
	}
	var newest time.Time
	for i := range f.Items {
		if t := itemUpdated(&f.Items[i]); t.After(newest) {
			newest = t
		}
	}
	return newest
}
