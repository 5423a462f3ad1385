package feed

import (
	"fmt"
	"html"
	"io"
	"strconv"
	"time"
)

// Namespaces of the RSS extensions we use; readers match these URIs exactly.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsMedia   = "http://search.yahoo.com/mrss/"
)

// WriteRSS writes f as RSS 2.0 with the extensions readers actually use:
// content:encoded for the full body, dc:creator for each author, Media RSS
// and an enclosure for the lead image, and atom:link rel="self".
//
// The summary goes into description as escaped HTML, because most readers
// treat description as HTML and would otherwise swallow a "<" in the text.
func WriteRSS(w io.Writer, f *Feed) error {
	x := newXMLWriter(w)
	x.open("rss", "version", "2.0",
		"xmlns:atom", nsAtom, "xmlns:content", nsContent, "xmlns:dc", nsDC, "xmlns:media", nsMedia)
	x.open("channel")
	// RSS 2.0 requires these three, even when empty.
	x.required("title", f.Title)
	x.required("link", f.HomeURL)
	x.required("description", f.Description)
	if clean(f.SelfURL) != "" {
		x.empty("atom:link", "href", f.SelfURL, "rel", "self", "type", "application/rss+xml")
	}
	x.elem("language", f.Language)
	if !f.Updated.IsZero() {
		x.elem("lastBuildDate", rssDate(f.Updated))
	}
	x.elem("generator", f.Generator)
	if img := firstNonEmpty(f.Logo, f.Icon); img != "" {
		x.open("image")
		x.elem("url", img)
		x.required("title", f.Title)
		x.required("link", f.HomeURL)
		x.close("image")
	}
	for i := range f.Items {
		writeRSSItem(x, &f.Items[i])
	}
	x.close("channel")
	x.close("rss")
	if err := x.flush(); err != nil {
		return fmt.Errorf("feed: write rss %q: %w", f.SelfURL, err)
	}
	return nil
}

func writeRSSItem(x *xmlWriter, it *Item) {
	x.open("item")
	x.elem("title", it.Title)
	x.elem("link", it.URL)
	x.elem("guid", it.ID, "isPermaLink", "true")
	x.elem("description", html.EscapeString(clean(it.Summary)))
	x.cdata("content:encoded", itemContent(it))
	for _, a := range it.Authors {
		x.elem("dc:creator", a.Name)
	}
	for _, c := range nonEmpty(it.Categories) {
		x.elem("category", c)
	}
	if !it.Published.IsZero() {
		x.elem("pubDate", rssDate(it.Published))
	}
	// RSS has no modification date; atom:updated is the one readers know.
	if !it.Updated.IsZero() {
		x.elem("atom:updated", it.Updated.Format(time.RFC3339))
	}
	x.elem("dc:language", it.Language)
	if img := it.Image; img != nil && clean(img.URL) != "" {
		src := absURL(img.URL, it.URL)
		typ := imageType(img)
		// Length is required in an enclosure; 0 is the usual "unknown".
		x.empty("enclosure", "url", src, "length", strconv.FormatInt(max(img.Length, 0), 10), "type", typ)
		writeMedia(x, img, src, typ)
	}
	x.close("item")
}

// writeMedia writes the lead image as Media RSS, which readers use for
// thumbnails; caption and credit go in media:description and media:credit.
// Media RSS has no alt-text element (media:text is for transcripts), so the
// alt text travels in the content's <img alt>.
func writeMedia(x *xmlWriter, img *Image, src, typ string) {
	attrs := []string{"url", src, "medium", "image", "type", typ}
	if img.Width > 0 && img.Height > 0 {
		attrs = append(attrs, "width", strconv.Itoa(img.Width), "height", strconv.Itoa(img.Height))
	}
	if img.Length > 0 {
		attrs = append(attrs, "fileSize", strconv.FormatInt(img.Length, 10))
	}
	caption, credit := clean(img.Caption), clean(img.Credit)
	if caption == "" && credit == "" {
		x.empty("media:content", attrs...)
		return
	}
	x.open("media:content", attrs...)
	x.elem("media:description", caption, "type", "plain")
	x.elem("media:credit", credit)
	x.close("media:content")
}

// rssDate formats t as RFC 1123 with a numeric zone, the form RSS 2.0's
// RFC 822 dates are read in by every reader.
func rssDate(t time.Time) string {
	return t.Format(time.RFC1123Z)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = clean(s); s != "" {
			return s
		}
	}
	return ""
}
