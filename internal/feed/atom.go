package feed

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// WriteAtom writes f as Atom 1.0 (RFC 4287), with the lead image both as a
// link rel="enclosure" and, as in RSS, as Media RSS for readers' thumbnails.
//
// Atom requires an updated date on the feed and on every entry. When
// f.Updated is zero the newest item's date stands in, and an entry without
// Updated uses Published; the current time is never used, so the same
// content gives the same bytes. Atom also requires an author on the feed
// unless every entry has one, so the publication (f.Title, f.HomeURL) is
// named as the feed's author only when some entry has none.
func WriteAtom(w io.Writer, f *Feed) error {
	x := newXMLWriter(w)
	x.open("feed", "xmlns", nsAtom, "xmlns:media", nsMedia, "xml:lang", f.Language)
	x.elem("id", firstNonEmpty(f.SelfURL, f.HomeURL))
	x.required("title", f.Title, "type", "text")
	x.elem("subtitle", f.Description, "type", "text")
	if clean(f.HomeURL) != "" {
		x.empty("link", "rel", "alternate", "type", "text/html", "href", f.HomeURL)
	}
	if clean(f.SelfURL) != "" {
		x.empty("link", "rel", "self", "type", "application/atom+xml", "href", f.SelfURL)
	}
	if t := feedUpdated(f); !t.IsZero() {
		x.elem("updated", atomDate(t))
	}
	if needsFeedAuthor(f) && clean(f.Title) != "" {
		x.open("author")
		x.elem("name", f.Title)
		x.elem("uri", f.HomeURL)
		x.close("author")
	}
	x.elem("generator", f.Generator)
	x.elem("icon", f.Icon)
	x.elem("logo", f.Logo)
	for i := range f.Items {
		writeAtomEntry(x, &f.Items[i])
	}
	x.close("feed")
	if err := x.flush(); err != nil {
		return fmt.Errorf("feed: write atom %q: %w", f.SelfURL, err)
	}
	return nil
}

func writeAtomEntry(x *xmlWriter, it *Item) {
	x.open("entry", "xml:lang", it.Language)
	x.elem("id", firstNonEmpty(it.ID, it.URL))
	x.required("title", it.Title, "type", "text")
	if clean(it.URL) != "" {
		x.empty("link", "rel", "alternate", "type", "text/html", "href", it.URL)
	}
	img := it.Image
	if img != nil && clean(img.URL) != "" {
		attrs := []string{"rel", "enclosure", "type", imageType(img), "href", absURL(img.URL, it.URL), "title", img.Alt}
		if img.Length > 0 {
			attrs = append(attrs, "length", strconv.FormatInt(img.Length, 10))
		}
		x.empty("link", attrs...)
	} else {
		img = nil
	}
	if !it.Published.IsZero() {
		x.elem("published", atomDate(it.Published))
	}
	if t := itemUpdated(it); !t.IsZero() {
		x.elem("updated", atomDate(t))
	}
	for _, a := range it.Authors {
		if clean(a.Name) == "" {
			continue
		}
		x.open("author")
		x.elem("name", a.Name)
		x.elem("uri", a.URL)
		x.close("author")
	}
	for _, c := range nonEmpty(it.Categories) {
		x.empty("category", "term", c)
	}
	x.elem("summary", it.Summary, "type", "text")
	x.elem("content", itemContent(it), "type", "html")
	if img != nil {
		writeMedia(x, img, absURL(img.URL, it.URL), imageType(img))
	}
	x.close("entry")
}

// needsFeedAuthor reports whether some entry would be left without an author.
func needsFeedAuthor(f *Feed) bool {
	for i := range f.Items {
		has := false
		for _, a := range f.Items[i].Authors {
			if clean(a.Name) != "" {
				has = true
				break
			}
		}
		if !has {
			return true
		}
	}
	return false
}

// atomDate formats t as RFC 3339 to the second, as Atom requires.
func atomDate(t time.Time) string {
	return t.Format(time.RFC3339)
}
