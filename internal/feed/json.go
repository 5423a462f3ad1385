package feed

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// jsonFeedVersion identifies JSON Feed 1.1, which added authors and language.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url,omitempty"`
	FeedURL     string     `json:"feed_url,omitempty"`
	Description string     `json:"description,omitempty"`
	Icon        string     `json:"icon,omitempty"`
	Favicon     string     `json:"favicon,omitempty"`
	Language    string     `json:"language,omitempty"`
	Items       []jsonItem `json:"items"`
}

type jsonItem struct {
	ID            string           `json:"id"`
	URL           string           `json:"url,omitempty"`
	Title         string           `json:"title,omitempty"`
	ContentHTML   string           `json:"content_html"`
	Summary       string           `json:"summary,omitempty"`
	Image         string           `json:"image,omitempty"`
	DatePublished string           `json:"date_published,omitempty"`
	DateModified  string           `json:"date_modified,omitempty"`
	Authors       []jsonAuthor     `json:"authors,omitempty"`
	Tags          []string         `json:"tags,omitempty"`
	Language      string           `json:"language,omitempty"`
	Attachments   []jsonAttachment `json:"attachments,omitempty"`
}

type jsonAuthor struct {
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

// jsonAttachment carries the lead image's type and size, which the item's
// image field cannot.
type jsonAttachment struct {
	URL         string `json:"url"`
	MIMEType    string `json:"mime_type"`
	Title       string `json:"title,omitempty"`
	SizeInBytes int64  `json:"size_in_bytes,omitempty"`
}

// WriteJSON writes f as JSON Feed 1.1. content_html is always present (the
// spec needs content_html or content_text on every item), and the summary is
// plain text as the spec asks.
func WriteJSON(w io.Writer, f *Feed) error {
	jf := jsonFeed{
		Version:     jsonFeedVersion,
		Title:       clean(f.Title),
		HomePageURL: clean(f.HomeURL),
		FeedURL:     clean(f.SelfURL),
		Description: clean(f.Description),
		Icon:        clean(f.Icon),
		Favicon:     clean(f.Icon),
		Language:    clean(f.Language),
		Items:       make([]jsonItem, 0, len(f.Items)),
	}
	for i := range f.Items {
		jf.Items = append(jf.Items, newJSONItem(&f.Items[i]))
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	// Keep "<" and "&" readable in content_html; JSON needs no HTML escaping.
	enc.SetEscapeHTML(false)
	err := enc.Encode(jf)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("feed: write json feed %q: %w", f.SelfURL, err)
	}
	return nil
}

func newJSONItem(it *Item) jsonItem {
	ji := jsonItem{
		ID:          clean(it.ID),
		URL:         clean(it.URL),
		Title:       clean(it.Title),
		ContentHTML: itemContent(it),
		Summary:     clean(it.Summary),
		Tags:        nonEmpty(it.Categories),
		Language:    clean(it.Language),
	}
	if !it.Published.IsZero() {
		ji.DatePublished = it.Published.Format(time.RFC3339)
	}
	if !it.Updated.IsZero() {
		ji.DateModified = it.Updated.Format(time.RFC3339)
	}
	for _, a := range it.Authors {
		ja := jsonAuthor{Name: clean(a.Name), URL: clean(a.URL)}
		if ja.Name != "" || ja.URL != "" {
			ji.Authors = append(ji.Authors, ja)
		}
	}
	if img := it.Image; img != nil && clean(img.URL) != "" {
		src := absURL(img.URL, it.URL)
		ji.Image = src
		ji.Attachments = []jsonAttachment{{
			URL:         src,
			MIMEType:    imageType(img),
			Title:       clean(img.Alt),
			SizeInBytes: max(img.Length, 0),
		}}
	}
	return ji
}
