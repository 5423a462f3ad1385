package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"testing"
	"time"
)

// FuzzWriters puts arbitrary strings into every field and checks that all
// three formats stay parseable and that text survives, less what clean drops.
func FuzzWriters(f *testing.F) {
	f.Add("اخبار", "https://akhbar.example.pk/", "ur", "<p>متن</p>", "عائشہ", "روس", "کیپشن", int64(1000))
	f.Add(tricky+"\x01\xff", "/relative", "en\r\n", "<a href='/x'>]]></a>]]]]><![CDATA[>", "\x00", "]]>", "\"'<>&", int64(-1))
	f.Add("\ufffe\uffff\U0010ffff", "http://[::1", "\t", "<img src=/a srcset=\"/a 1x,/b 2x\"", "", "", "\u2028\u2029", int64(0))
	f.Fuzz(func(t *testing.T, text, link, lang, content, name, category, caption string, n int64) {
		when := time.Unix(n%(1<<34), 0).UTC()
		fd := &Feed{
			Title: text, Description: text + caption, HomeURL: link, SelfURL: link + text,
			Language: lang, Updated: when, Icon: link, Logo: text, Generator: name,
			Items: []Item{{
				ID: link + text, URL: link, Title: text, Summary: caption, ContentHTML: content,
				Authors:    []Person{{Name: name, URL: link}, {Name: text}},
				Categories: []string{category, text},
				Published:  when, Updated: when,
				Image: &Image{URL: link + content, Type: lang, Width: int(n % 5000), Height: int(n % 3000), Length: n,
					Alt: caption, Caption: caption, Credit: name},
				Language: lang,
			}, {ID: text}},
		}

		rss := render(t, WriteRSS, fd)
		wellFormed(t, rss)
		var r struct {
			Title string `xml:"channel>title"`
			Item  []struct {
				Description string `xml:"description"`
				Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			} `xml:"channel>item"`
		}
		if err := xml.Unmarshal(rss, &r); err != nil {
			t.Fatalf("rss: %v", err)
		}
		if r.Title != clean(text) {
			t.Errorf("rss title = %q, want %q", r.Title, clean(text))
		}
		if len(r.Item) != 2 || html.UnescapeString(r.Item[0].Description) != clean(caption) {
			t.Errorf("rss items = %+v, want description %q", r.Item, clean(caption))
		} else if r.Item[0].Content != itemContent(&fd.Items[0]) {
			t.Errorf("rss content:encoded = %q, want %q", r.Item[0].Content, itemContent(&fd.Items[0]))
		}

		atom := render(t, WriteAtom, fd)
		wellFormed(t, atom)
		var a struct {
			Title string `xml:"title"`
			Entry []struct {
				Content string `xml:"http://www.w3.org/2005/Atom content"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(atom, &a); err != nil {
			t.Fatalf("atom: %v", err)
		}
		if a.Title != clean(text) {
			t.Errorf("atom title = %q, want %q", a.Title, clean(text))
		}
		if len(a.Entry) != 2 || a.Entry[0].Content != itemContent(&fd.Items[0]) {
			t.Errorf("atom entries = %+v", a.Entry)
		}

		js := render(t, WriteJSON, fd)
		checkJSONFeed(t, js)
		var j struct {
			Title string `json:"title"`
		}
		if err := json.Unmarshal(js, &j); err != nil || j.Title != clean(text) {
			t.Errorf("json title = %q (%v), want %q", j.Title, err, clean(text))
		}
		if !bytes.HasSuffix(js, []byte("\n")) {
			t.Errorf("json output does not end in a newline")
		}
	})
}
