package feed

import (
	"bytes"
	"html"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"
)

func TestRSSRoundTrip(t *testing.T) {
	f := sampleFeed()
	data := render(t, WriteRSS, f)
	wellFormed(t, data)
	got, err := (&rss.Parser{}).Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("gofeed cannot parse our RSS: %v\n%s", err, data)
	}

	eq(t, "version", got.Version, "2.0")
	eq(t, "title", got.Title, wantFeedTitle)
	eq(t, "link", got.Link, f.HomeURL)
	eq(t, "description", got.Description, wantFeedDesc)
	eq(t, "language", got.Language, "ur")
	eq(t, "generator", got.Generator, "Akhbar")
	if !sameSecond(got.LastBuildDateParsed, feedUpdatedAt) {
		t.Errorf("lastBuildDate = %q, want %v", got.LastBuildDate, feedUpdatedAt)
	}
	if _, err := time.Parse(time.RFC1123Z, got.LastBuildDate); err != nil {
		t.Errorf("lastBuildDate %q is not RFC 1123Z: %v", got.LastBuildDate, err)
	}
	if got.Image == nil || got.Image.URL != f.Logo || got.Image.Link != f.HomeURL || got.Image.Title != wantFeedTitle {
		t.Errorf("channel image = %+v, want the logo linking home", got.Image)
	}
	self := got.Extensions["atom"]["link"]
	if len(self) != 1 || self[0].Attrs["href"] != f.SelfURL || self[0].Attrs["rel"] != "self" || self[0].Attrs["type"] != "application/rss+xml" {
		t.Errorf("atom:link self = %+v, want href %q", self, f.SelfURL)
	}
	if len(got.Items) != 2 {
		t.Fatalf("got %d items, want 2", len(got.Items))
	}

	it := got.Items[0]
	eq(t, "item title", it.Title, wantItem1Title)
	eq(t, "item link", it.Link, item1URL)
	if it.GUID == nil || it.GUID.Value != item1URL || it.GUID.IsPermalink != "true" {
		t.Errorf("guid = %+v, want %q isPermaLink=true", it.GUID, item1URL)
	}
	// description is HTML to readers: unescaped once more, it is the summary.
	eq(t, "item description", html.UnescapeString(it.Description), wantItem1Sum)
	eq(t, "item content:encoded", it.Content, wantItem1Content)
	if it.DublinCoreExt == nil || !slices.Equal(it.DublinCoreExt.Creator, wantAuthorNames) {
		t.Errorf("dc:creator = %+v, want %q", it.DublinCoreExt, wantAuthorNames)
	}
	var cats []string
	for _, c := range it.Categories {
		cats = append(cats, c.Value)
	}
	if !slices.Equal(cats, wantCategories) {
		t.Errorf("categories = %q, want %q", cats, wantCategories)
	}
	if !sameSecond(it.PubDateParsed, item1Pub) {
		t.Errorf("pubDate = %q, want %v", it.PubDate, item1Pub)
	}
	if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
		t.Errorf("pubDate %q is not RFC 1123Z: %v", it.PubDate, err)
	}
	if upd := it.Extensions["atom"]["updated"]; len(upd) != 1 {
		t.Errorf("atom:updated = %+v, want one", upd)
	} else if ut, err := time.Parse(time.RFC3339, upd[0].Value); err != nil || !ut.Equal(item1Upd) {
		t.Errorf("atom:updated = %q (%v), want %v", upd[0].Value, err, item1Upd)
	}
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Language) > 0 {
		t.Errorf("item in the feed's language has dc:language %q", it.DublinCoreExt.Language)
	}
	if e := it.Enclosure; e == nil || e.URL != imageURL || e.Type != "image/jpeg" || e.Length != "245678" {
		t.Errorf("enclosure = %+v", e)
	}
	media := it.Extensions["media"]["content"]
	if len(media) != 1 {
		t.Fatalf("media:content = %+v, want one", media)
	}
	m := media[0]
	for k, v := range map[string]string{"url": imageURL, "medium": "image", "type": "image/jpeg", "width": "1200", "height": "675", "fileSize": "245678"} {
		if m.Attrs[k] != v {
			t.Errorf("media:content %s = %q, want %q", k, m.Attrs[k], v)
		}
	}
	if d := m.Children["description"]; len(d) != 1 || d[0].Value != wantCaption || d[0].Attrs["type"] != "plain" {
		t.Errorf("media:description = %+v, want %q", d, wantCaption)
	}
	if c := m.Children["credit"]; len(c) != 1 || c[0].Value != wantCredit {
		t.Errorf("media:credit = %+v, want %q", c, wantCredit)
	}

	it = got.Items[1]
	eq(t, "item 2 title", it.Title, wantItem2Title)
	eq(t, "item 2 description", html.UnescapeString(it.Description), wantItem2Sum)
	eq(t, "item 2 content", it.Content, wantItem2Content)
	if it.DublinCoreExt == nil || !slices.Equal(it.DublinCoreExt.Language, []string{"en"}) {
		t.Errorf("item 2 dc:language = %+v, want en", it.DublinCoreExt)
	}
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0 {
		t.Errorf("item 2 has no authors but dc:creator = %q", it.DublinCoreExt.Creator)
	}
	if !sameSecond(it.PubDateParsed, item2Pub) {
		t.Errorf("item 2 pubDate = %q, want %v", it.PubDate, item2Pub)
	}
	if it.Enclosure != nil || it.Extensions["media"] != nil || it.Extensions["atom"] != nil {
		t.Errorf("item 2 has no image or update, got enclosure %+v, extensions %+v", it.Enclosure, it.Extensions)
	}
}

// TestUniversalParser checks the fields a generic reader (gofeed's
// format-independent view) shows, the same way for all three formats.
func TestUniversalParser(t *testing.T) {
	for _, tc := range []struct {
		name     string
		write    func(f *Feed) []byte
		feedType string
	}{
		{"rss", func(f *Feed) []byte { return render(t, WriteRSS, f) }, "rss"},
		{"atom", func(f *Feed) []byte { f.SelfURL += ".atom"; return render(t, WriteAtom, f) }, "atom"},
		{"json", func(f *Feed) []byte { f.SelfURL += ".json"; return render(t, WriteJSON, f) }, "json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := sampleFeed()
			got, err := gofeed.NewParser().Parse(bytes.NewReader(tc.write(f)))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			eq(t, "feed type", got.FeedType, tc.feedType)
			eq(t, "title", got.Title, wantFeedTitle)
			eq(t, "link", got.Link, f.HomeURL)
			eq(t, "feed link", got.FeedLink, f.SelfURL)
			eq(t, "language", got.Language, "ur")
			if len(got.Items) != 2 {
				t.Fatalf("got %d items", len(got.Items))
			}
			it := got.Items[0]
			eq(t, "item title", it.Title, wantItem1Title)
			eq(t, "item link", it.Link, item1URL)
			eq(t, "item guid", it.GUID, item1URL)
			eq(t, "item content", it.Content, wantItem1Content)
			if tc.name == "rss" {
				eq(t, "item description", html.UnescapeString(it.Description), wantItem1Sum)
			} else {
				eq(t, "item description", it.Description, wantItem1Sum)
			}
			var names []string
			for _, a := range it.Authors {
				names = append(names, a.Name)
			}
			wantNames := wantAuthorNames
			if tc.name == "rss" {
				// gofeed's generic view keeps only the first dc:creator;
				// TestRSSRoundTrip checks that all of them are written.
				wantNames = wantNames[:1]
			}
			if !slices.Equal(names, wantNames) {
				t.Errorf("authors = %q, want %q", names, wantNames)
			}
			// gofeed's generic view has no image for Atom entries.
			if tc.name != "atom" && (it.Image == nil || it.Image.URL != imageURL) {
				t.Errorf("image = %+v, want %q", it.Image, imageURL)
			}
			if !slices.Equal(it.Categories, wantCategories) {
				t.Errorf("categories = %q, want %q", it.Categories, wantCategories)
			}
			if !sameSecond(it.PublishedParsed, item1Pub) {
				t.Errorf("published = %q, want %v", it.Published, item1Pub)
			}
			if tc.name != "rss" && !sameSecond(it.UpdatedParsed, item1Upd) {
				t.Errorf("updated = %q, want %v", it.Updated, item1Upd)
			}
			if len(it.Enclosures) != 1 || it.Enclosures[0].URL != imageURL || it.Enclosures[0].Type != "image/jpeg" || it.Enclosures[0].Length != "245678" {
				t.Errorf("enclosures = %+v", it.Enclosures)
			}
		})
	}
}

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestRSSWithoutOptionalParts(t *testing.T) {
	data := string(render(t, WriteRSS, &Feed{Title: "خالی", Items: []Item{{ID: "https://x.example/1", Title: "ایک"}}}))
	for _, absent := range []string{"lastBuildDate", "<image>", "pubDate", "enclosure", "media:content", "dc:creator", "<language>", "atom:link"} {
		if strings.Contains(data, absent) {
			t.Errorf("output has %s for a feed without it:\n%s", absent, data)
		}
	}
	// RSS 2.0 requires the channel's title, link and description.
	for _, present := range []string{"<title>خالی</title>", "<link></link>", "<description></description>"} {
		if !strings.Contains(data, present) {
			t.Errorf("output lacks %s:\n%s", present, data)
		}
	}
	if n := strings.Count(data, "<description>"); n != 1 {
		t.Errorf("an item without summary has a description (%d in all):\n%s", n, data)
	}
}
