package feed

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed/atom"
)

func TestAtomRoundTrip(t *testing.T) {
	f := sampleFeed()
	f.SelfURL = "https://akhbar.example.pk/feed.atom"
	data := render(t, WriteAtom, f)
	wellFormed(t, data)
	got, err := (&atom.Parser{}).Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("gofeed cannot parse our Atom: %v\n%s", err, data)
	}

	eq(t, "id", got.ID, f.SelfURL)
	eq(t, "title", got.Title, wantFeedTitle)
	eq(t, "subtitle", got.Subtitle, wantFeedDesc)
	eq(t, "xml:lang", got.Language, "ur")
	eq(t, "icon", got.Icon, f.Icon)
	eq(t, "logo", got.Logo, f.Logo)
	if got.Generator == nil || got.Generator.Value != "Akhbar" {
		t.Errorf("generator = %+v", got.Generator)
	}
	if !sameSecond(got.UpdatedParsed, feedUpdatedAt) {
		t.Errorf("updated = %q, want %v", got.Updated, feedUpdatedAt)
	}
	if _, err := time.Parse(time.RFC3339, got.Updated); err != nil || strings.Contains(got.Updated, ".") {
		t.Errorf("updated %q is not RFC 3339 to the second (%v)", got.Updated, err)
	}
	wantLink(t, "feed", got.Links, "alternate", f.HomeURL, "text/html", "")
	wantLink(t, "feed", got.Links, "self", f.SelfURL, "application/atom+xml", "")
	// Entry 2 has no author, so the publication stands in at feed level.
	if len(got.Authors) != 1 || got.Authors[0].Name != wantFeedTitle || got.Authors[0].URI != f.HomeURL {
		t.Errorf("feed authors = %+v, want the publication", got.Authors)
	}
	if len(got.Entries) != 2 {
		t.Fatalf("got %d entries, want 2", len(got.Entries))
	}

	e := got.Entries[0]
	eq(t, "entry id", e.ID, item1URL)
	eq(t, "entry title", e.Title, wantItem1Title)
	eq(t, "entry summary", e.Summary, wantItem1Sum)
	if e.Content == nil || e.Content.Type != "html" || e.Content.Value != wantItem1Content {
		t.Errorf("entry content = %+v\nwant html %q", e.Content, wantItem1Content)
	}
	wantLink(t, "entry", e.Links, "alternate", item1URL, "text/html", "")
	wantLink(t, "entry", e.Links, "enclosure", imageURL, "image/jpeg", "245678")
	for _, l := range e.Links {
		if l.Rel == "enclosure" && l.Title != wantAlt {
			t.Errorf("enclosure title = %q, want the alt text %q", l.Title, wantAlt)
		}
	}
	if !sameSecond(e.PublishedParsed, item1Pub) {
		t.Errorf("published = %q, want %v", e.Published, item1Pub)
	}
	if !sameSecond(e.UpdatedParsed, item1Upd) {
		t.Errorf("entry updated = %q, want %v", e.Updated, item1Upd)
	}
	var names, uris []string
	for _, a := range e.Authors {
		names, uris = append(names, a.Name), append(uris, a.URI)
	}
	if !slices.Equal(names, wantAuthorNames) || !slices.Equal(uris, []string{"https://akhbar.example.pk/author/a", "https://akhbar.example.pk/author/b"}) {
		t.Errorf("authors = %q %q", names, uris)
	}
	if m := e.Extensions["media"]["content"]; len(m) != 1 || m[0].Attrs["url"] != imageURL || m[0].Attrs["width"] != "1200" ||
		m[0].Attrs["height"] != "675" || len(m[0].Children["description"]) != 1 || m[0].Children["description"][0].Value != wantCaption ||
		len(m[0].Children["credit"]) != 1 || m[0].Children["credit"][0].Value != wantCredit {
		t.Errorf("media:content = %+v", m)
	}
	var terms []string
	for _, c := range e.Categories {
		terms = append(terms, c.Term)
	}
	if !slices.Equal(terms, wantCategories) {
		t.Errorf("categories = %q, want %q", terms, wantCategories)
	}

	e = got.Entries[1]
	eq(t, "entry 2 title", e.Title, wantItem2Title)
	eq(t, "entry 2 summary", e.Summary, wantItem2Sum)
	if e.Content == nil || e.Content.Value != wantItem2Content {
		t.Errorf("entry 2 content = %+v", e.Content)
	}
	// Without Updated an entry's required updated is its publication time.
	if !sameSecond(e.UpdatedParsed, item2Pub) || !sameSecond(e.PublishedParsed, item2Pub) {
		t.Errorf("entry 2 updated %q published %q, want %v", e.Updated, e.Published, item2Pub)
	}

	// gofeed does not read xml:lang on entries; read it directly.
	var doc struct {
		Entries []struct {
			Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Entries) != 2 || doc.Entries[0].Lang != "" || doc.Entries[1].Lang != "en" {
		t.Errorf("entry xml:lang = %+v, want none then en", doc.Entries)
	}
}

func wantLink(t *testing.T, where string, links []*atom.Link, rel, href, typ, length string) {
	t.Helper()
	for _, l := range links {
		if l.Rel == rel {
			if l.Href != href || l.Type != typ || l.Length != length {
				t.Errorf("%s link rel=%s = %+v, want href %q type %q length %q", where, rel, l, href, typ, length)
			}
			return
		}
	}
	t.Errorf("%s has no link rel=%s in %+v", where, rel, links)
}

func TestAtomUpdatedFallsBackToNewestItem(t *testing.T) {
	f := sampleFeed()
	f.Updated = time.Time{}
	got, err := (&atom.Parser{}).Parse(bytes.NewReader(render(t, WriteAtom, f)))
	if err != nil {
		t.Fatal(err)
	}
	if !sameSecond(got.UpdatedParsed, item1Upd) {
		t.Errorf("feed updated = %q, want the newest item's %v", got.Updated, item1Upd)
	}
	f.Items = nil
	if data := render(t, WriteAtom, f); bytes.Contains(data, []byte("<updated>")) {
		t.Errorf("a feed with no dates must not invent one:\n%s", data)
	}
	for _, d := range [][]byte{render(t, WriteRSS, f)} {
		if bytes.Contains(d, []byte("lastBuildDate")) {
			t.Errorf("RSS invented a lastBuildDate:\n%s", d)
		}
	}
}
