package sitemap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akhbar/internal/xmllint"
)

var pkt = time.FixedZone("PKT", 5*60*60)

const (
	urduPath    = "/بین-الاقوامی/12/روس-شمالی-کوریا"
	encodedPath = "/%D8%A8%DB%8C%D9%86-%D8%A7%D9%84%D8%A7%D9%82%D9%88%D8%A7%D9%85%DB%8C/12/%D8%B1%D9%88%D8%B3-%D8%B4%D9%85%D8%A7%D9%84%DB%8C-%DA%A9%D9%88%D8%B1%DB%8C%D8%A7"
)

// validate runs xmllint --schema on data with one of the vendored schemas,
// in a subtest, so that where xmllint is missing only the validation is
// skipped and the rest of the calling test still runs.
func validate(t *testing.T, schema string, data []byte) {
	t.Helper()
	t.Run("xmllint "+schema, func(t *testing.T) {
		if out, ok := xmllint.Run(t, data, filepath.Join("testdata", schema)); !ok {
			if len(data) > 4000 {
				data = append(data[:4000:4000], "…"...)
			}
			t.Fatalf("xmllint --schema %s:\n%s\n%s", schema, out, data)
		}
	})
}

func render(t *testing.T, write func(io.Writer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatalf("write: %v", err)
	}
	return buf.Bytes()
}

func TestURLSet(t *testing.T) {
	urls := []URL{
		{Loc: "https://akhbar.example.pk/", LastMod: time.Date(2026, 2, 18, 14, 30, 45, 999999999, pkt)},
		{Loc: "https://akhbar.example.pk" + urduPath, LastMod: time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC)},
		{Loc: "https://akhbar.example.pk" + encodedPath + "?page=2&sort='new'"},
		{Loc: " https://akhbar.example.pk/search?q=\"پاک\"<&>\x01\xff "},
	}
	got := string(render(t, func(w io.Writer) error { return WriteURLSet(w, urls) }))
	want := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url>
    <loc>https://akhbar.example.pk/</loc>
    <lastmod>2026-02-18T14:30:45+05:00</lastmod>
  </url>
  <url>
    <loc>https://akhbar.example.pk` + encodedPath + `</loc>
    <lastmod>2026-02-18T09:00:00Z</lastmod>
  </url>
  <url>
    <loc>https://akhbar.example.pk` + encodedPath + `?page=2&amp;sort=&apos;new&apos;</loc>
  </url>
  <url>
    <loc>https://akhbar.example.pk/search?q=%22%D9%BE%D8%A7%DA%A9%22%3C&amp;%3E</loc>
  </url>
</urlset>
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	validate(t, "sitemap.xsd", []byte(got))
}

// TestLocEscaping checks that a crawler gets back, after XML and percent
// decoding, the URL the site serves.
func TestLocEscaping(t *testing.T) {
	tests := []struct {
		in, want string // want: the URI before XML escaping
	}{
		{"https://akhbar.example.pk" + urduPath, "https://akhbar.example.pk" + encodedPath},
		{"https://akhbar.example.pk" + encodedPath, "https://akhbar.example.pk" + encodedPath},
		{"https://akhbar.example.pk/%d8%a8", "https://akhbar.example.pk/%d8%a8"},
		{"https://akhbar.example.pk/tag/پاک فوج", "https://akhbar.example.pk/tag/%D9%BE%D8%A7%DA%A9%20%D9%81%D9%88%D8%AC"},
		{"https://akhbar.example.pk/a?b=1&c='2'#x", "https://akhbar.example.pk/a?b=1&c='2'#x"},
		{"https://akhbar.example.pk/100%", "https://akhbar.example.pk/100%25"},
		{"https://akhbar.example.pk/%zz{}|\\^`", "https://akhbar.example.pk/%25zz%7B%7D%7C%5C%5E%60"},
		{"HTTP://akhbar.example.pk:8080/\u200fx", "HTTP://akhbar.example.pk:8080/%E2%80%8Fx"},
	}
	for _, tt := range tests {
		got, err := normalizeLoc(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("normalizeLoc(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		if again, _ := normalizeLoc(got); again != got {
			t.Errorf("normalizeLoc is not idempotent: %q → %q", got, again)
		}
		data := render(t, func(w io.Writer) error { return WriteURLSet(w, []URL{{Loc: tt.in}}) })
		var doc struct {
			Locs []string `xml:"url>loc"`
		}
		if err := xml.Unmarshal(data, &doc); err != nil || len(doc.Locs) != 1 || doc.Locs[0] != tt.want {
			t.Errorf("%q: parsed loc %q (%v), want %q", tt.in, doc.Locs, err, tt.want)
		}
	}
	u, err := url.Parse(tests[0].want)
	if err != nil || u.Path != urduPath {
		t.Errorf("the encoded Urdu path decodes to %q (%v), want %q", u.Path, err, urduPath)
	}

	for _, bad := range []string{"", "/relative/path", "akhbar.example.pk/x", "ftp://akhbar.example.pk/file", "https:///no-host",
		"https://اخبار.pk/", "http://a.pk", "https://akhbar.example.pk/" + strings.Repeat("ر", 1100)} {
		err := WriteURLSet(io.Discard, []URL{{Loc: "https://akhbar.example.pk/ok"}, {Loc: bad}})
		if err == nil || !strings.Contains(err.Error(), "sitemap: url 1:") {
			t.Errorf("loc %q: err = %v, want an error naming url 1", bad, err)
		}
	}
}

func TestLastmodFormats(t *testing.T) {
	ny := time.FixedZone("EST", -5*60*60)
	india := time.FixedZone("IST", 5*60*60+30*60)
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 2, 18, 14, 30, 45, 0, pkt), "<lastmod>2026-02-18T14:30:45+05:00</lastmod>"},
		{time.Date(2026, 2, 18, 9, 30, 45, 123456789, time.UTC), "<lastmod>2026-02-18T09:30:45Z</lastmod>"},
		{time.Date(2025, 12, 31, 23, 59, 59, 0, ny), "<lastmod>2025-12-31T23:59:59-05:00</lastmod>"},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, india), "<lastmod>2026-01-01T00:00:00+05:30</lastmod>"},
		{time.Time{}, ""},
	}
	var urls []URL
	for i, tt := range tests {
		var buf bytes.Buffer
		u := URL{Loc: fmt.Sprintf("https://akhbar.example.pk/%d", i), LastMod: tt.t}
		urls = append(urls, u)
		if err := WriteURLSet(&buf, []URL{u}); err != nil {
			t.Fatal(err)
		}
		if tt.want == "" {
			if strings.Contains(buf.String(), "lastmod") {
				t.Errorf("zero time wrote a lastmod:\n%s", buf.String())
			}
		} else if !strings.Contains(buf.String(), tt.want) {
			t.Errorf("lastmod for %v: want %s in\n%s", tt.t, tt.want, buf.String())
		}
	}
	validate(t, "sitemap.xsd", render(t, func(w io.Writer) error { return WriteURLSet(w, urls) }))
	for _, y := range []int{0, 10000} {
		err := WriteURLSet(io.Discard, []URL{{Loc: "https://akhbar.example.pk/x", LastMod: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)}})
		if err == nil {
			t.Errorf("year %d: want an error, the schema's xsd:dateTime rejects it", y)
		}
	}
}

func manyURLs(n int) []URL {
	urls := make([]URL, n)
	base := time.Date(2026, 2, 18, 0, 0, 0, 0, pkt)
	for i := range urls {
		urls[i] = URL{Loc: fmt.Sprintf("https://akhbar.example.pk/خبریں/%d/سرخی-%d", i, i), LastMod: base.Add(-time.Duration(i) * time.Minute)}
	}
	return urls
}

func TestURLSetLimit(t *testing.T) {
	urls := manyURLs(MaxURLs + 1)
	data := render(t, func(w io.Writer) error { return WriteURLSet(w, urls[:MaxURLs]) })
	if n := bytes.Count(data, []byte("<url>")); n != MaxURLs {
		t.Fatalf("wrote %d urls, want %d", n, MaxURLs)
	}
	validate(t, "sitemap.xsd", data)

	var buf bytes.Buffer
	err := WriteURLSet(&buf, urls)
	if !errors.Is(err, ErrTooMany) {
		t.Errorf("%d urls: err = %v, want ErrTooMany", len(urls), err)
	}
	if buf.Len() != 0 {
		t.Errorf("a refused sitemap wrote %d bytes", buf.Len())
	}
}

// countingWriter counts what it is given, so the byte-cap test does not
// hold 50 MB.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func TestByteCap(t *testing.T) {
	// Every loc has the same length, so every entry has the same size and
	// the largest sitemap that fits can be computed exactly.
	loc := func(i int) string {
		s := fmt.Sprintf("https://akhbar.example.pk/%07d/", i)
		return s + strings.Repeat("x", maxLocLen-len(s))
	}
	one := render(t, func(w io.Writer) error { return WriteURLSet(w, []URL{{Loc: loc(0)}}) })
	empty := render(t, func(w io.Writer) error { return WriteURLSet(w, nil) })
	entry := int64(len(one) - len(empty))
	fits := int((MaxBytes - int64(len(empty))) / entry)
	if fits >= MaxURLs {
		t.Fatalf("test needs entries large enough to reach MaxBytes below MaxURLs (%d fit)", fits)
	}
	urls := make([]URL, fits+1)
	for i := range urls {
		urls[i] = URL{Loc: loc(i)}
	}

	var c countingWriter
	if err := WriteURLSet(&c, urls[:fits]); err != nil {
		t.Fatalf("%d urls of %d bytes: %v", fits, entry, err)
	}
	if c.n > MaxBytes || c.n != int64(len(empty))+int64(fits)*entry {
		t.Errorf("wrote %d bytes, want %d, at most %d", c.n, int64(len(empty))+int64(fits)*entry, MaxBytes)
	}

	c = countingWriter{}
	err := WriteURLSet(&c, urls)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("%d urls: err = %v, want ErrTooLarge", len(urls), err)
	}
	if c.n != 0 {
		t.Errorf("an oversized sitemap wrote %d bytes", c.n)
	}
}

func TestIndex(t *testing.T) {
	maps := []URL{
		{Loc: "https://akhbar.example.pk/sitemap-articles-1.xml", LastMod: time.Date(2026, 2, 18, 14, 30, 45, 0, pkt)},
		{Loc: "https://akhbar.example.pk/sitemap-articles-2.xml?from=2025&to=2026"},
		{Loc: "https://akhbar.example.pk/sitemap/خبریں.xml", LastMod: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
	}
	got := string(render(t, func(w io.Writer) error { return WriteIndex(w, maps) }))
	want := `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc>https://akhbar.example.pk/sitemap-articles-1.xml</loc>
    <lastmod>2026-02-18T14:30:45+05:00</lastmod>
  </sitemap>
  <sitemap>
    <loc>https://akhbar.example.pk/sitemap-articles-2.xml?from=2025&amp;to=2026</loc>
  </sitemap>
  <sitemap>
    <loc>https://akhbar.example.pk/sitemap/%D8%AE%D8%A8%D8%B1%DB%8C%DA%BA.xml</loc>
    <lastmod>2026-02-01T00:00:00Z</lastmod>
  </sitemap>
</sitemapindex>
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	validate(t, "siteindex.xsd", []byte(got))

	big := manyURLs(MaxURLs + 1)
	validate(t, "siteindex.xsd", render(t, func(w io.Writer) error { return WriteIndex(w, big[:MaxURLs]) }))
	if err := WriteIndex(io.Discard, big); !errors.Is(err, ErrTooMany) {
		t.Errorf("index of %d: err = %v, want ErrTooMany", len(big), err)
	}
	if err := WriteIndex(io.Discard, []URL{{Loc: "sitemap-2.xml"}}); err == nil || !strings.Contains(err.Error(), "sitemap: sitemap 0:") {
		t.Errorf("relative sitemap loc: err = %v", err)
	}
}

func newsURL(i int) NewsURL {
	return NewsURL{
		Loc:             fmt.Sprintf("https://akhbar.example.pk/بین-الاقوامی/%d/روس", i),
		Title:           fmt.Sprintf("روس شمالی کوریا <دفاعی> شراکت & \"وسعت\" 'آمادہ' ]]> \u200f📰 %d\x01\xff", i),
		PublicationName: "اخبار & <خبریں>",
		Language:        "ur",
		Published:       time.Date(2026, 2, 18, 14, 30, 45, 0, pkt).Add(-time.Duration(i) * time.Minute),
	}
}

func TestNews(t *testing.T) {
	u := newsURL(7)
	u.Language = "ur-PK"
	got := string(render(t, func(w io.Writer) error { return WriteNews(w, []NewsURL{u}) }))
	want := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://akhbar.example.pk/%D8%A8%DB%8C%D9%86-%D8%A7%D9%84%D8%A7%D9%82%D9%88%D8%A7%D9%85%DB%8C/7/%D8%B1%D9%88%D8%B3</loc>
    <news:news>
      <news:publication>
        <news:name>اخبار &amp; &lt;خبریں&gt;</news:name>
        <news:language>ur</news:language>
      </news:publication>
      <news:publication_date>2026-02-18T14:23:45+05:00</news:publication_date>
      <news:title>روس شمالی کوریا &lt;دفاعی&gt; شراکت &amp; &quot;وسعت&quot; &apos;آمادہ&apos; ]]&gt; ` + "\u200f" + `📰 7</news:title>
    </news:news>
  </url>
</urlset>
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	validate(t, "news-urlset.xsd", []byte(got))

	urls := make([]NewsURL, MaxNewsURLs+1)
	for i := range urls {
		urls[i] = newsURL(i)
	}
	validate(t, "news-urlset.xsd", render(t, func(w io.Writer) error { return WriteNews(w, urls[:MaxNewsURLs]) }))
	var buf bytes.Buffer
	if err := WriteNews(&buf, urls); !errors.Is(err, ErrTooMany) || buf.Len() != 0 {
		t.Errorf("%d news urls: err = %v, wrote %d bytes; want ErrTooMany and nothing", len(urls), err, buf.Len())
	}
}

func TestNewsLanguage(t *testing.T) {
	for in, want := range map[string]string{"ur": "ur", "UR": "ur", "ur-PK": "ur", "ur_Arab_PK": "ur", "en": "en", "fil": "fil",
		"zh-CN": "zh-cn", "zh-Hant-TW": "zh-tw", "zh-tw": "zh-tw", "zh": "zh"} {
		if got, err := newsLanguage(in); err != nil || got != want {
			t.Errorf("newsLanguage(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "u", "urdu", "۱۲", "u1"} {
		if got, err := newsLanguage(bad); err == nil {
			t.Errorf("newsLanguage(%q) = %q, want an error", bad, got)
		}
	}
}

func TestNewsRejectsIncompleteEntries(t *testing.T) {
	for name, change := range map[string]func(*NewsURL){
		"no title":       func(u *NewsURL) { u.Title = " \x01 " },
		"no publication": func(u *NewsURL) { u.PublicationName = "" },
		"no date":        func(u *NewsURL) { u.Published = time.Time{} },
		"bad language":   func(u *NewsURL) { u.Language = "urdu" },
		"relative loc":   func(u *NewsURL) { u.Loc = "/x/1/y" },
	} {
		u := newsURL(1)
		change(&u)
		var buf bytes.Buffer
		err := WriteNews(&buf, []NewsURL{newsURL(0), u})
		if err == nil || !strings.Contains(err.Error(), "sitemap: news url 1:") || buf.Len() != 0 {
			t.Errorf("%s: err = %v, wrote %d bytes; want an error naming news url 1 and nothing written", name, err, buf.Len())
		}
	}
}

func TestEmptySetsAreWellFormed(t *testing.T) {
	for name, write := range map[string]func(io.Writer) error{
		"urlset": func(w io.Writer) error { return WriteURLSet(w, nil) },
		"index":  func(w io.Writer) error { return WriteIndex(w, nil) },
		"news":   func(w io.Writer) error { return WriteNews(w, nil) },
	} {
		wellFormed(t, name, render(t, write))
	}
}

func TestWriteErrorsAreWrapped(t *testing.T) {
	err := WriteURLSet(failingWriter{}, manyURLs(3))
	if err == nil || !strings.Contains(err.Error(), "sitemap: write urlset") || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v, want a wrapped write error", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func wellFormed(t testing.TB, what string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v\n%s", what, err, data)
		}
	}
}

// FuzzWriters checks that any input either is refused with an error or gives
// well-formed XML whose locs are URIs (ASCII, parseable, absolute).
func FuzzWriters(f *testing.F) {
	f.Add("https://akhbar.example.pk"+urduPath, "سرخی & <b>", "ur-PK", int64(1771407045))
	f.Add("https://akhbar.example.pk/%zz?a='\"<>&]]>\x01\xff", "]]>", "zh-Hant", int64(-1))
	f.Add("HTTP://[::1]:80/\u200f", "\ufffe", "", int64(0))
	f.Fuzz(func(t *testing.T, loc, title, lang string, sec int64) {
		when := time.Unix(sec%(1<<36), 0).In(pkt)
		for name, write := range map[string]func(io.Writer) error{
			"urlset": func(w io.Writer) error { return WriteURLSet(w, []URL{{Loc: loc, LastMod: when}}) },
			"index":  func(w io.Writer) error { return WriteIndex(w, []URL{{Loc: loc, LastMod: when}}) },
			"news": func(w io.Writer) error {
				return WriteNews(w, []NewsURL{{Loc: loc, Title: title, PublicationName: title, Language: lang, Published: when}})
			},
		} {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				if buf.Len() != 0 {
					t.Fatalf("%s: error %v after writing %d bytes", name, err, buf.Len())
				}
				continue
			}
			wellFormed(t, name, buf.Bytes())
			var doc struct {
				Entries []struct {
					Loc string `xml:"loc"`
				} `xml:",any"`
			}
			if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil || len(doc.Entries) != 1 {
				t.Fatalf("%s: entries %q, %v", name, doc.Entries, err)
			}
			got := doc.Entries[0].Loc
			for i := 0; i < len(got); i++ {
				if got[i] <= ' ' || got[i] >= 0x7f {
					t.Fatalf("%s: loc %q has byte %#x", name, got, got[i])
				}
			}
			if u, err := url.Parse(got); err != nil || u.Host == "" {
				t.Fatalf("%s: loc %q does not parse as an absolute URL: %v", name, got, err)
			}
		}
	})
}

// TestSchemasRejectInvalid makes sure the vendored schemas and the way they
// are combined really check something: each document breaks one rule.
func TestSchemasRejectInvalid(t *testing.T) {
	const (
		head = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
		news = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://akhbar.example.pk/x/1/y</loc><news:news><news:publication><news:name>اخبار</news:name><news:language>%s</news:language></news:publication><news:publication_date>%s</news:publication_date><news:title>سرخی</news:title></news:news></url></urlset>`
	)
	xmllint.Path(t)
	for _, tc := range []struct{ name, schema, doc string }{
		{"lastmod not W3C", "sitemap.xsd", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://akhbar.example.pk/</loc><lastmod>18/02/2026</lastmod></url></urlset>`},
		{"short loc", "sitemap.xsd", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a.pk</loc></url></urlset>`},
		{"unknown extension", "sitemap.xsd", fmt.Sprintf(news, "ur", "2026-02-18T14:30:45+05:00")},
		{"region in news language", "news-urlset.xsd", fmt.Sprintf(news, "ur-PK", "2026-02-18T14:30:45+05:00")},
		{"news date not W3C", "news-urlset.xsd", fmt.Sprintf(news, "ur", "18 فروری 2026")},
		{"url in an index", "siteindex.xsd", `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://akhbar.example.pk/s.xml</loc></url></sitemapindex>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, ok := xmllint.Run(t, []byte(head+tc.doc), filepath.Join("testdata", tc.schema))
			if ok || !strings.Contains(out, "fails to validate") {
				t.Errorf("xmllint accepted an invalid document:\n%s", out)
			}
		})
	}
}
