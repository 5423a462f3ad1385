package site_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"akhbar/internal/content"
	"akhbar/internal/schemaorg"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// withLeadImage gives the seed article a lead image with Urdu caption,
// credit and alt text, as the newsroom would.
func withLeadImage(t *testing.T, s *store.Store, a content.Article) content.Media {
	t.Helper()
	ctx := context.Background()
	m := content.Media{Format: "jpeg", Width: 1600, Height: 900, Bytes: 200000, Filename: "kim-putin.jpg",
		Caption: "پیانگ یانگ میں دونوں رہنماؤں کی ملاقات", Credit: "اے ایف پی", Alt: "دو رہنما مصافحہ کر رہے ہیں",
		CreatedAt: clock, UpdatedAt: clock,
		Variants: []content.MediaVariant{
			{Width: 640, Height: 360, Format: "jpeg", Key: "ab/cd/lead-640.jpg", Bytes: 40000},
			{Width: 1280, Height: 720, Format: "jpeg", Key: "ab/cd/lead-1280.jpg", Bytes: 120000},
			{Width: 1600, Height: 900, Format: "jpeg", Key: "ab/cd/lead-1600.jpg", Bytes: 200000, Original: true},
		}}
	if err := s.CreateMedia(ctx, &m); err != nil {
		t.Fatal(err)
	}
	a.LeadMediaID = m.ID
	var authors, tags []int64
	for _, u := range a.Authors {
		authors = append(authors, u.ID)
	}
	for _, tg := range a.Tags {
		tags = append(tags, tg.ID)
	}
	if err := s.SaveArticle(ctx, &a, authors, tags, 0); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFeeds parses every feed of the demo site (site, section, tag,
// author × RSS, Atom, JSON Feed) with gofeed, a widely used feed library,
// and checks each field of the seed article's item against the article.
func TestFeeds(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newDemoSite(t, s, clock)
		seed := seedArticle(t, s)
		lead := withLeadImage(t, s, seed)
		seed = seedArticle(t, s)
		if len(seed.Tags) == 0 || len(seed.Authors) == 0 {
			t.Fatal("the seed article needs a tag and an author for this test")
		}
		scopes := []string{"/", seed.Section.Path(), seed.Tags[0].Path() + "/", seed.Authors[0].Path() + "/"}
		types := map[string]string{"feed.xml": "application/rss+xml", "atom.xml": "application/atom+xml", "feed.json": "application/feed+json"}
		parser := gofeed.NewParser()
		for _, dir := range scopes {
			for file, ctype := range types {
				path := dir + file
				resp, body := f.get(t, path)
				if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) {
					t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
				}
				feed, err := parser.ParseString(body)
				if err != nil {
					t.Fatalf("%s: gofeed: %v", path, err)
				}
				if feed.Language != "ur" || feed.Title == "" || len(feed.Items) == 0 || len(feed.Items) > 50 {
					t.Errorf("%s: language %q, title %q, %d items", path, feed.Language, feed.Title, len(feed.Items))
				}
				// The channel links to the HTML page the feed mirrors: a
				// tag's and an author's pages have no trailing slash.
				if link, _ := url.PathUnescape(feed.Link); link != "https://akhbar.example"+strings.TrimSuffix(dir, "/") &&
					link != "https://akhbar.example"+dir {
					t.Errorf("%s: link %q", path, feed.Link)
				}
				// Items come newest first.
				for i := 1; i < len(feed.Items); i++ {
					if feed.Items[i].PublishedParsed.After(*feed.Items[i-1].PublishedParsed) {
						t.Errorf("%s: item %d is newer than item %d", path, i, i-1)
						break
					}
				}
				i := slices.IndexFunc(feed.Items, func(it *gofeed.Item) bool { return it.Title == seed.Headline })
				if i < 0 {
					t.Errorf("%s: the seed article is not in the feed", path)
					continue
				}
				checkSeedItem(t, path, feed.Items[i], seed, lead)
			}
		}
		// Autodiscovery on the home and section pages.
		for page, feedPath := range map[string]string{"/": "/feed.xml", seed.Section.Path(): seed.Section.Path() + "atom.xml"} {
			_, body := f.get(t, page)
			// html/template writes the + of the type as &#43;, which parsers read back as +.
			if !strings.Contains(body, `<link rel="alternate" type="application/rss&#43;xml"`) || !strings.Contains(body, `href="`+feedPath+`"`) {
				t.Errorf("%s: no autodiscovery link to %s", page, feedPath)
			}
		}
		// Unknown scopes are 404s.
		for _, path := range []string{"/no-such-section/feed.xml", "/tag/no-such-tag/feed.json", "/author/nobody/atom.xml"} {
			if resp, _ := f.get(t, path); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, resp.StatusCode)
			}
		}
	})
}

// TestFeedAndSitemapLinksAnswer follows every link of the site's own
// pages in every feed (each scope, each format) and every sitemap, as a
// feed reader or a crawler would: each must answer 200 itself, not a
// redirect or a 404. (Image files are left out: the test's lead image
// has no file behind it.)
func TestFeedAndSitemapLinksAnswer(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newDemoSite(t, s, clock)
		seed := seedArticle(t, s)
		withLeadImage(t, s, seed)
		seed = seedArticle(t, s)
		const base = "https://akhbar.example"
		links := regexp.MustCompile(`https://akhbar\.example(/[^"'<>\s\\]*)`)
		checked := map[string]bool{}
		follow := func(from, body string) {
			for _, m := range links.FindAllStringSubmatch(body, -1) {
				path := html.UnescapeString(m[1])
				if checked[path] || strings.HasPrefix(path, "/media/") {
					continue
				}
				checked[path] = true
				if resp, _ := f.get(t, path); resp.StatusCode != http.StatusOK {
					t.Errorf("%s links to %s%s, which answers %d", from, base, path, resp.StatusCode)
				}
			}
		}
		scopes := []string{"/", seed.Section.Path(), seed.Tags[0].Path() + "/", seed.Authors[0].Path() + "/"}
		for _, dir := range scopes {
			for _, file := range []string{"feed.xml", "atom.xml", "feed.json"} {
				_, body := f.get(t, dir+file)
				follow(dir+file, body)
			}
		}
		_, index := f.get(t, "/sitemap.xml")
		follow("/sitemap.xml", index)
		for _, m := range regexp.MustCompile(`<loc>([^<]+)</loc>`).FindAllStringSubmatch(index, -1) {
			path := strings.TrimPrefix(m[1], base)
			_, doc := f.get(t, path)
			follow(path, doc)
		}
		if len(checked) < 50 {
			t.Errorf("only %d links followed: the feeds or sitemaps lost their links", len(checked))
		}
	})
}

func checkSeedItem(t *testing.T, path string, it *gofeed.Item, seed content.Article, lead content.Media) {
	t.Helper()
	url := "https://akhbar.example" + seed.Path()
	if it.Link != url || it.GUID != url {
		t.Errorf("%s: link %q, guid %q, want %q", path, it.Link, it.GUID, url)
	}
	if it.Description != seed.Strapline {
		t.Errorf("%s: summary %q, want the strapline", path, it.Description)
	}
	// The full body, with the dateline run in.
	firstPara := regexp.MustCompile(`(?s)<p>(.*?)</p>`).FindStringSubmatch(seed.BodyHTML)
	if firstPara == nil || !strings.Contains(it.Content, strings.Fields(firstPara[1])[0]) || !strings.Contains(it.Content, "نیوز ڈیسک") {
		t.Errorf("%s: content lacks the body or dateline", path)
	}
	// Caption and credit reach readers of every format, in the content.
	if !strings.Contains(it.Content, lead.Caption) || !strings.Contains(it.Content, lead.Credit) {
		t.Errorf("%s: content lacks the image caption and credit", path)
	}
	if len(it.Authors) == 0 || it.Authors[0].Name != seed.Authors[0].Name {
		t.Errorf("%s: authors %v", path, it.Authors)
	}
	if len(it.Categories) == 0 || it.Categories[0] != seed.Section.Name || !slices.Contains(it.Categories, seed.Tags[0].Name) {
		t.Errorf("%s: categories %v", path, it.Categories)
	}
	if it.PublishedParsed == nil || !it.PublishedParsed.Equal(seed.PublishedAt) {
		t.Errorf("%s: published %v, want %v", path, it.PublishedParsed, seed.PublishedAt)
	}
	if it.UpdatedParsed != nil && it.UpdatedParsed.Before(seed.PublishedAt) {
		t.Errorf("%s: updated %v before published", path, it.UpdatedParsed)
	}
	// The lead image: enclosure (RSS), image (JSON); Atom's enclosure link
	// is not surfaced by gofeed's universal item, so it is checked in
	// internal/feed's own tests.
	wantImage := "https://akhbar.example/media/ab/cd/lead-1280.jpg"
	switch {
	case strings.HasSuffix(path, "feed.xml"):
		if len(it.Enclosures) == 0 || it.Enclosures[0].URL != wantImage || it.Enclosures[0].Type != "image/jpeg" || it.Enclosures[0].Length != "120000" {
			t.Errorf("%s: enclosures %+v", path, it.Enclosures)
		}
		media := it.Extensions["media"]["content"]
		if len(media) == 0 || media[0].Attrs["url"] != wantImage || media[0].Attrs["width"] != "1280" {
			t.Fatalf("%s: media:content %+v", path, media)
		}
		if d := media[0].Children["description"]; len(d) == 0 || d[0].Value != lead.Caption {
			t.Errorf("%s: media:description %+v", path, d)
		}
		if c := media[0].Children["credit"]; len(c) == 0 || c[0].Value != lead.Credit {
			t.Errorf("%s: media:credit %+v", path, c)
		}
	case strings.HasSuffix(path, "feed.json"):
		if it.Image == nil || it.Image.URL != wantImage {
			t.Errorf("%s: image %+v", path, it.Image)
		}
	}
}

// TestFeedConditionalGet: the same feed again with its ETag or date is a
// 304 with no body.
func TestFeedConditionalGet(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	resp, _ := f.get(t, "/feed.xml")
	etag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || modified == "" {
		t.Fatalf("ETag %q, Last-Modified %q", etag, modified)
	}
	if resp, body := f.get(t, "/feed.xml", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("If-None-Match: %d", resp.StatusCode)
	}
	if resp, _ := f.get(t, "/feed.xml", "If-Modified-Since", modified); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", resp.StatusCode)
	}
	if resp, _ := f.get(t, "/feed.xml", "If-None-Match", `"stale"`); resp.StatusCode != http.StatusOK {
		t.Errorf("stale ETag: %d", resp.StatusCode)
	}
}

// xmllint returns the path of xmllint, skipping the test when it is
// missing, unless AKHBAR_TEST_XMLLINT=1 (set by CI) makes that a failure.
func xmllint(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("AKHBAR_TEST_XMLLINT") == "1" {
			t.Fatal("AKHBAR_TEST_XMLLINT=1 but xmllint is missing: install Debian's libxml2-utils")
		}
		t.Skip("xmllint not installed (Debian libxml2-utils); set AKHBAR_TEST_XMLLINT=1 to require it")
	}
	return p
}

// validate checks an XML document against one of the official schemas
// vendored in internal/sitemap/testdata.
func validate(t *testing.T, lint, schema, name, doc string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(lint, "--noout", "--nonet", "--schema", filepath.Join("..", "sitemap", "testdata", schema), file).CombinedOutput()
	if err != nil {
		t.Errorf("%s does not validate against %s: %v\n%s", name, schema, err, out)
	}
}

// TestSitemaps validates the demo site's sitemap index, month sitemaps,
// pages sitemap and news sitemap against the official XSDs with xmllint,
// checks that every published article is listed exactly once, that
// robots.txt names both, and that a new article appears after publishing.
func TestSitemaps(t *testing.T) {
	lint := xmllint(t)
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDemoSite(t, s, clock)
		_, robots := f.get(t, "/robots.txt")
		for _, want := range []string{"Sitemap: https://akhbar.example/sitemap.xml", "Sitemap: https://akhbar.example/sitemaps/news.xml", "Disallow: /newsroom/"} {
			if !strings.Contains(robots, want) {
				t.Errorf("robots.txt lacks %q", want)
			}
		}
		resp, index := f.get(t, "/sitemap.xml")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") {
			t.Fatalf("/sitemap.xml: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		validate(t, lint, "siteindex.xsd", "index.xml", index)
		locs := regexp.MustCompile(`<loc>([^<]+)</loc>`)
		listed := map[string]int{}
		months := 0
		for _, m := range locs.FindAllStringSubmatch(index, -1) {
			path := strings.TrimPrefix(m[1], "https://akhbar.example")
			resp, doc := f.get(t, path)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d", path, resp.StatusCode)
			}
			schema := "sitemap.xsd"
			if strings.HasSuffix(path, "news.xml") {
				schema = "news-urlset.xsd"
			}
			validate(t, lint, schema, filepath.Base(path), doc)
			if strings.Contains(path, "/articles-") {
				months++
				for _, u := range locs.FindAllStringSubmatch(doc, -1) {
					listed[u[1]]++
				}
			}
		}
		published, err := s.ListArticles(ctx, store.PublishedArticles().Limit(1000))
		if err != nil {
			t.Fatal(err)
		}
		if months == 0 || len(listed) != len(published) {
			t.Errorf("%d month sitemaps list %d articles; %d are published", months, len(listed), len(published))
		}
		for _, a := range published {
			if n := listed["https://akhbar.example"+a.Path()]; n != 1 {
				t.Errorf("%s listed %d times", a.Path(), n)
			}
		}
		// Only canonical month names answer.
		for _, bad := range []string{"/sitemaps/articles-2026-2.xml", "/sitemaps/articles-2026-02-1.xml", "/sitemaps/articles-1999-01.xml", "/sitemaps/x.xml"} {
			if resp, _ := f.get(t, bad); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", bad, resp.StatusCode)
			}
		}

		// The news sitemap holds the last 48 hours, with publication and language.
		_, news := f.get(t, "/sitemaps/news.xml")
		if !strings.Contains(news, "<news:language>ur</news:language>") || !strings.Contains(news, "<news:name>") {
			t.Errorf("news sitemap lacks publication name or language")
		}
		fresh := content.Article{SectionID: published[0].SectionID, Status: content.StatusPublished,
			Headline: "تازہ ترین: نئی خبر", BodyHTML: "<p>خبر</p>", BodyText: "خبر", Slug: "taza-khabar",
			Language: "ur", PublishedAt: clock.Add(-time.Minute), UpdatedAt: clock.Add(-time.Minute)}
		if err := s.SaveArticle(ctx, &fresh, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		if fresh, err = s.Article(ctx, fresh.ID); err != nil {
			t.Fatal(err)
		}
		_, news = f.get(t, "/sitemaps/news.xml")
		if !strings.Contains(news, fresh.Path()) {
			t.Errorf("a new article is missing from the news sitemap after publishing")
		}
		validate(t, lint, "news-urlset.xsd", "news-after.xml", news)
	})
}

// TestStructuredData checks every JSON-LD block of the home, a section, an
// article with and one without a lead image, a tag and an author page
// against schema.org (types, properties, ranges and the required
// properties of internal/schemaorg), and the sharing tags in the head.
func TestStructuredData(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	seed := seedArticle(t, s)
	other, err := s.ListArticles(context.Background(), store.PublishedArticles().Except(seed.ID).Limit(1))
	if err != nil {
		t.Fatal(err)
	}
	withLeadImage(t, s, seed)
	script := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	pages := map[string][]string{
		"/":                    {"WebSite", "NewsMediaOrganization", "ImageObject"},
		seed.Section.Path():    {"BreadcrumbList"},
		seed.Path():            {"NewsArticle", "BreadcrumbList", "ImageObject", "NewsMediaOrganization"},
		other[0].Path():        {"NewsArticle", "BreadcrumbList"},
		seed.Tags[0].Path():    {"BreadcrumbList"},
		seed.Authors[0].Path(): {"BreadcrumbList", "ProfilePage", "Person"},
	}
	for path, types := range pages {
		resp, body := f.get(t, path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		if strings.Contains(body, "SearchAction") {
			t.Errorf("%s: a SearchAction (the retired sitelinks search box)", path)
		}
		blocks := script.FindAllStringSubmatch(body, -1)
		all := ""
		for _, b := range blocks {
			for _, p := range schemaorg.Check([]byte(b[1])) {
				t.Errorf("%s: %s", path, p)
			}
			all += b[1]
		}
		for _, typ := range types {
			if !strings.Contains(all, `"@type":"`+typ+`"`) {
				t.Errorf("%s: no %s in its structured data", path, typ)
			}
		}
		if !strings.Contains(body, `<meta name="description" content="`) {
			t.Errorf("%s: no meta description", path)
		}
		for _, tag := range []string{`<link rel="canonical" href="https://akhbar.example`, `<meta property="og:title"`,
			`<meta property="og:image" content="https://`, `<meta name="twitter:card" content="summary_large_image">`} {
			if !strings.Contains(body, tag) {
				t.Errorf("%s: head lacks %s", path, tag)
			}
		}
	}
	_, body := f.get(t, seed.Path())
	for _, tag := range []string{`<meta property="og:type" content="article">`,
		`<meta property="og:image" content="https://akhbar.example/media/ab/cd/lead-1280.jpg">`,
		`<meta property="og:image:alt" content="دو رہنما مصافحہ کر رہے ہیں">`,
		`<meta property="article:section" content="` + seed.Section.Name + `">`,
		`<meta property="article:author" content="https://akhbar.example` + seed.Authors[0].Path() + `">`,
		`<meta name="twitter:image" content="https://akhbar.example/media/ab/cd/lead-1280.jpg">`,
		`<meta name="twitter:image:alt" content="دو رہنما مصافحہ کر رہے ہیں">`,
		`<meta name="twitter:title" content="` + seed.Headline + `">`,
		`<meta name="robots" content="max-image-preview:large">`} {
		if !strings.Contains(body, tag) {
			t.Errorf("article head lacks %s", tag)
		}
	}
}

// TestHreflang: an article and its English version name each other, and
// the original as x-default; the English page marks its language.
func TestHreflang(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	seed := seedArticle(t, s)
	en := content.Article{SectionID: seed.SectionID, Status: content.StatusPublished, Headline: "Russia agrees to widen defence ties with North Korea",
		BodyHTML: "<p>Moscow and Pyongyang agreed…</p>", BodyText: "Moscow and Pyongyang agreed…", Slug: "russia-north-korea",
		Language: "en", TranslationOf: seed.ID, PublishedAt: seed.PublishedAt, UpdatedAt: seed.PublishedAt}
	if err := s.SaveArticle(context.Background(), &en, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	en, _ = s.Article(context.Background(), en.ID)
	want := []string{
		`<link rel="alternate" hreflang="ur" href="https://akhbar.example` + seed.Path() + `">`,
		`<link rel="alternate" hreflang="en" href="https://akhbar.example` + en.Path() + `">`,
		`<link rel="alternate" hreflang="x-default" href="https://akhbar.example` + seed.Path() + `">`,
	}
	for _, path := range []string{seed.Path(), en.Path()} {
		_, body := f.get(t, path)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %s", path, w)
			}
		}
	}
	_, body := f.get(t, en.Path())
	if !strings.Contains(body, `<article class="story" lang="en" dir="ltr">`) {
		t.Errorf("the English version is not marked lang=en dir=ltr")
	}
	// An article without versions has no hreflang links.
	list, _ := s.ListArticles(context.Background(), store.PublishedArticles().Limit(5))
	for _, a := range list {
		if a.ID == seed.ID || a.ID == en.ID {
			continue
		}
		if _, body := f.get(t, a.Path()); strings.Contains(body, "hreflang") {
			t.Errorf("hreflang on an article without versions")
		}
		break
	}
}

// TestErrorPageNamesNoAddress: a 404 carries no canonical link or og:url:
// it has no address of its own that search engines should keep.
func TestErrorPageNamesNoAddress(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	resp, body := f.get(t, "/no-such-page")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("/no-such-page: %d", resp.StatusCode)
	}
	for _, tag := range []string{`rel="canonical"`, `property="og:url"`} {
		if strings.Contains(body, tag) {
			t.Errorf("the 404 page carries %s", tag)
		}
	}
}
