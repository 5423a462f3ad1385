package feed

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	jsonfeed "github.com/mmcdole/gofeed/json"
)

func TestJSONRoundTrip(t *testing.T) {
	f := sampleFeed()
	f.SelfURL = "https://akhbar.example.pk/feed.json"
	data := render(t, WriteJSON, f)
	checkJSONFeed(t, data)
	got, err := (&jsonfeed.Parser{}).Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("gofeed cannot parse our JSON Feed: %v\n%s", err, data)
	}

	eq(t, "version", got.Version, "https://jsonfeed.org/version/1.1")
	eq(t, "title", got.Title, wantFeedTitle)
	eq(t, "description", got.Description, wantFeedDesc)
	eq(t, "home_page_url", got.HomePageURL, f.HomeURL)
	eq(t, "feed_url", got.FeedURL, f.SelfURL)
	eq(t, "language", got.Language, "ur")
	eq(t, "icon", got.Icon, f.Icon)
	eq(t, "favicon", got.Favicon, f.Icon)
	if len(got.Items) != 2 {
		t.Fatalf("got %d items, want 2", len(got.Items))
	}

	it := got.Items[0]
	eq(t, "id", it.ID, item1URL)
	eq(t, "url", it.URL, item1URL)
	eq(t, "title", it.Title, wantItem1Title)
	eq(t, "summary", it.Summary, wantItem1Sum)
	eq(t, "content_html", it.ContentHTML, wantItem1Content)
	eq(t, "image", it.Image, imageURL)
	eq(t, "language", it.Language, "")
	wantRFC3339(t, "date_published", it.DatePublished, item1Pub)
	wantRFC3339(t, "date_modified", it.DateModified, item1Upd)
	var names, urls []string
	for _, a := range it.Authors {
		names, urls = append(names, a.Name), append(urls, a.URL)
	}
	if !slices.Equal(names, wantAuthorNames) || !slices.Equal(urls, []string{"https://akhbar.example.pk/author/a", "https://akhbar.example.pk/author/b"}) {
		t.Errorf("authors = %q %q", names, urls)
	}
	if !slices.Equal(it.Tags, wantCategories) {
		t.Errorf("tags = %q, want %q", it.Tags, wantCategories)
	}
	if it.Attachments == nil || len(*it.Attachments) != 1 {
		t.Fatalf("attachments = %+v, want the lead image", it.Attachments)
	}
	if a := (*it.Attachments)[0]; a.URL != imageURL || a.MimeType != "image/jpeg" || a.SizeInBytes != 245678 || a.Title != wantAlt {
		t.Errorf("attachment = %+v", a)
	}

	it = got.Items[1]
	eq(t, "item 2 title", it.Title, wantItem2Title)
	eq(t, "item 2 content_html", it.ContentHTML, wantItem2Content)
	eq(t, "item 2 language", it.Language, "en")
	wantRFC3339(t, "item 2 date_published", it.DatePublished, item2Pub)
	if it.DateModified != "" || it.Image != "" || it.Attachments != nil || len(it.Authors) != 0 {
		t.Errorf("item 2 has no update, image or author, got %+v", it)
	}
}

func wantRFC3339(t *testing.T, what, got string, want time.Time) {
	t.Helper()
	parsed, err := time.Parse(time.RFC3339, got)
	if err != nil || !parsed.Equal(want.Truncate(time.Second)) {
		t.Errorf("%s = %q (%v), want %v", what, got, err, want)
	}
}

// checkJSONFeed checks what JSON Feed 1.1 requires, on the raw JSON: version,
// title and items at top level; on each item an id and content_html or
// content_text; url and mime_type on attachments; at least one member in an
// author; and RFC 3339 dates.
func checkJSONFeed(t testing.TB, data []byte) {
	t.Helper()
	if !json.Valid(data) {
		t.Fatalf("invalid JSON:\n%s", data)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["version"] != "https://jsonfeed.org/version/1.1" {
		t.Errorf("version = %v", doc["version"])
	}
	if _, ok := doc["title"].(string); !ok {
		t.Errorf("title missing or not a string: %v", doc["title"])
	}
	items, ok := doc["items"].([]any)
	if !ok {
		t.Fatalf("items missing or not an array: %v", doc["items"])
	}
	for i, raw := range items {
		item, ok := raw.(map[string]any)
		if !ok {
			t.Fatalf("item %d is not an object", i)
		}
		if _, ok := item["id"].(string); !ok {
			t.Errorf("item %d: id missing or not a string", i)
		}
		_, html := item["content_html"].(string)
		_, text := item["content_text"].(string)
		if !html && !text {
			t.Errorf("item %d has neither content_html nor content_text", i)
		}
		for _, k := range []string{"date_published", "date_modified"} {
			if v, ok := item[k]; ok {
				if s, _ := v.(string); s == "" {
					t.Errorf("item %d: %s = %v", i, k, v)
				} else if _, err := time.Parse(time.RFC3339, s); err != nil {
					t.Errorf("item %d: %s: %v", i, k, err)
				}
			}
		}
		if authors, ok := item["authors"]; ok {
			list, _ := authors.([]any)
			if len(list) == 0 {
				t.Errorf("item %d: authors present but empty", i)
			}
			for _, a := range list {
				if m, _ := a.(map[string]any); len(m) == 0 {
					t.Errorf("item %d: author without name, url or avatar", i)
				}
			}
		}
		if atts, ok := item["attachments"]; ok {
			list, _ := atts.([]any)
			for _, a := range list {
				m, _ := a.(map[string]any)
				if _, ok := m["url"].(string); !ok {
					t.Errorf("item %d: attachment without url", i)
				}
				if _, ok := m["mime_type"].(string); !ok {
					t.Errorf("item %d: attachment without mime_type", i)
				}
			}
		}
	}
}

func TestJSONEmptyFeedHasItemsArray(t *testing.T) {
	data := render(t, WriteJSON, &Feed{Title: "خالی"})
	checkJSONFeed(t, data)
	if !bytes.Contains(data, []byte(`"items":[]`)) {
		t.Errorf("want an empty items array, got %s", data)
	}
}
