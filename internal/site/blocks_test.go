package site_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/demo"
	"akhbar/internal/embed"
	"akhbar/internal/pagecache"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/web"
)

// blocksFixture is the demo site behind its page cache, with a story whose
// body holds one story block of each kind.
type blocksFixture struct {
	store   *store.Store
	site    *site.Site
	srv     *httptest.Server
	story   content.Article // the story with blocks
	related content.Article // the published story its related box names
	images  []content.Media // body image, two gallery images, embed poster
}

func newBlocksFixture(t *testing.T, s *store.Store) *blocksFixture {
	t.Helper()
	ctx := context.Background()
	if ok, err := demo.Load(ctx, s, clock); err != nil || !ok {
		t.Fatalf("demo.Load = %v, %v", ok, err)
	}
	assets, err := web.LoadStatic()
	if err != nil {
		t.Fatal(err)
	}
	cache := pagecache.New(64<<20, func() time.Time { return clock })
	st, err := site.New(ctx, site.Options{Store: s, Assets: assets, BaseURL: "https://akhbar.example",
		Now: func() time.Time { return clock }, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	st.Register(mux)
	f := &blocksFixture{store: s, site: st, srv: httptest.NewServer(pagecache.Handler(cache, mux, nil))}
	t.Cleanup(f.srv.Close)

	for i, name := range []string{"jalsa", "match-1", "match-2", "khitab"} {
		m := content.Media{Format: "jpeg", Width: 1600, Height: 900, Bytes: 200000, Filename: name + ".jpg",
			Caption: "لائبریری کیپشن " + name, Credit: "اے پی پی", Alt: "منظر " + name, CreatedAt: clock, UpdatedAt: clock,
			Variants: []content.MediaVariant{
				{Width: 640, Height: 360, Format: "jpeg", Key: fmt.Sprintf("ab/%02d/%s-640.jpg", i, name), Bytes: 40000},
				{Width: 1280, Height: 720, Format: "jpeg", Key: fmt.Sprintf("ab/%02d/%s-1280.jpg", i, name), Bytes: 120000},
				{Width: 640, Height: 360, Format: "webp", Key: fmt.Sprintf("ab/%02d/%s-640.webp", i, name), Bytes: 30000},
				{Width: 1280, Height: 720, Format: "webp", Key: fmt.Sprintf("ab/%02d/%s-1280.webp", i, name), Bytes: 90000},
			}}
		if err := s.CreateMedia(ctx, &m); err != nil {
			t.Fatal(err)
		}
		f.images = append(f.images, m)
	}
	seed := seedArticle(t, s)
	f.related = content.Article{SectionID: seed.SectionID, Status: content.StatusPublished, Headline: "بجٹ میں تعلیم کے لیے اضافی رقم",
		Slug: "budget-taleem", BodyHTML: "<p>متن</p>", PublishedAt: clock.Add(-2 * time.Hour), LeadMediaID: f.images[1].ID}
	draft := content.Article{SectionID: seed.SectionID, Status: content.StatusDraft, Headline: "ابھی غیر شائع شدہ خبر", Slug: "draft"}
	for _, a := range []*content.Article{&f.related, &draft} {
		if err := s.SaveArticle(ctx, a, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
	}
	id := func(n int64) string { return fmt.Sprint(n) }
	body := content.PrepareBody(`<p>کراچی میں جلسہ ہوا۔</p>` +
		`<figure data-block="image" data-media="` + id(f.images[0].ID) + `"><figcaption>جلسے کا منظر</figcaption></figure>` +
		`<figure data-block="gallery"><figure data-block="image" data-media="` + id(f.images[1].ID) + `"></figure><figure data-block="image" data-media="` + id(f.images[2].ID) + `"><figcaption>دوسری تصویر</figcaption></figure><figcaption>میچ کی جھلکیاں</figcaption></figure>` +
		`<p>https://youtu.be/dQw4w9WgXcQ</p>` + // pasted alone on a line: an embed without a title
		`<figure data-block="embed" data-url="https://x.com/GovtofPakistan/status/1770123456789" data-poster="` + id(f.images[3].ID) + `"><figcaption>حکومت کا اعلان</figcaption></figure>` +
		`<figure data-block="pullquote"><blockquote><p>ہم مشکل فیصلے کریں گے۔</p></blockquote><figcaption>وزیر خزانہ</figcaption></figure>` +
		`<table><caption>انتخابی نتائج</caption><tr><th>جماعت</th><th>نشستیں</th></tr><tr><td>الف</td><td>120</td></tr></table>` +
		`<aside data-block="related" data-article="` + id(f.related.ID) + `"></aside>` +
		`<aside data-block="related" data-article="` + id(draft.ID) + `"></aside>` +
		`<p>آخری پیراگراف۔</p>`)
	f.story = content.Article{SectionID: seed.SectionID, Status: content.StatusPublished, Headline: "جلسے کی تصویری کہانی",
		Slug: "jalsa", Language: "ur", BodyHTML: body, BodyText: content.PlainText(body), PublishedAt: clock.Add(-time.Hour),
		DatelineSource: "نیوز ڈیسک", DatelinePlace: "کراچی"}
	if err := s.SaveArticle(ctx, &f.story, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	f.story.Section, f.related.Section = seed.Section, seed.Section
	return f
}

func (f *blocksFixture) get(t *testing.T, path string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// TestArticleBlocks: every story block on the article page as readers see
// it, no request to another site before a click, and a CSP that frames
// exactly the page's providers, kept by the page cache.
func TestArticleBlocks(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newBlocksFixture(t, s)
		resp, page := f.get(t, f.story.Path())
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		img := func(i int) string { return f.images[i].Variants[0].Key[:6] }
		for _, want := range []string{
			// the dateline runs into the first paragraph
			`<p><span class="dateline">`,
			// image: responsive picture with WebP, this use's caption, the library's credit
			`<figure class="body-image"><picture class="body-picture"><source type="image/webp" srcset="/media/` + img(0) + `jalsa-640.webp 640w, /media/` + img(0) + `jalsa-1280.webp 1280w"`,
			`alt="منظر jalsa" loading="lazy" decoding="async"></picture><figcaption>جلسے کا منظر <span class="credit">تصویر: اے پی پی</span></figcaption></figure>`,
			// gallery: a keyboard-reachable scrolling row; the library's caption where the block has none
			`<figure class="gallery"><ul class="gallery-track" tabindex="0" aria-label="تصاویر کی گیلری (2 تصاویر)"><li class="gallery-item"><figure class="gallery-image"><picture class="gallery-picture">`,
			`<figcaption>لائبریری کیپشن match-1 <span class="credit">تصویر: اے پی پی</span></figcaption>`,
			`<figcaption>دوسری تصویر <span class="credit">تصویر: اے پی پی</span></figcaption></figure></li></ul><figcaption>میچ کی جھلکیاں</figcaption></figure>`,
			// embeds: facades linking to the posts
			`<figure class="embed embed-video" data-embed="youtube" data-embed-id="dQw4w9WgXcQ" data-embed-kind="video"><a class="embed-facade" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"><span class="embed-blank" aria-hidden="true"></span><span class="embed-play">یوٹیوب ویڈیو دیکھیں</span><span class="embed-note">کلک کرنے پر یوٹیوب سے مواد لوڈ ہو گا</span></a></figure>`,
			`<figure class="embed embed-post" data-embed="x" data-embed-id="1770123456789" data-embed-kind="post"><a class="embed-facade" href="https://x.com/GovtofPakistan/status/1770123456789"><picture class="embed-poster">`,
			`alt="" loading="lazy" decoding="async"></picture><span class="embed-play">ایکس (ٹوئٹر) پوسٹ دیکھیں</span><span class="embed-title">حکومت کا اعلان</span>`,
			// pull quote, table, related box
			`<figure class="pullquote"><blockquote><p>ہم مشکل فیصلے کریں گے۔</p></blockquote><figcaption>وزیر خزانہ</figcaption></figure>`,
			`<div class="table-scroll" role="region" tabindex="0" aria-label="انتخابی نتائج"><table><caption>انتخابی نتائج</caption><thead><tr><th scope="col">جماعت</th><th scope="col">نشستیں</th></tr></thead><tbody><tr><td>الف</td><td>120</td></tr></tbody></table></div>`,
			`<aside class="read-also" aria-label="یہ بھی پڑھیں"><p class="read-also-label">یہ بھی پڑھیں</p><a class="read-also-link" href="` + f.related.Path() + `"><picture class="read-also-picture">`,
			`<span class="read-also-headline">بجٹ میں تعلیم کے لیے اضافی رقم</span></a></aside>`,
			`<p>آخری پیراگراف۔</p>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks\n%s", want)
			}
		}
		if strings.Contains(page, "ابھی غیر شائع شدہ خبر") || strings.Count(page, `class="read-also"`) != 1 {
			t.Error("a related box names an unpublished story")
		}
		if strings.Contains(page, "data-block") || strings.Contains(page, "data-url") {
			t.Error("stored block markup on the page")
		}
		// No request to another site before a click: no frame, no
		// preconnect, no foreign src; other sites' addresses only as the
		// facades' link targets (and schema.org's name in JSON-LD).
		for _, bad := range []string{"<iframe", "preconnect", "dns-prefetch", "youtube-nocookie", "platform.twitter.com"} {
			if strings.Contains(page, bad) {
				t.Errorf("page holds %q before any click", bad)
			}
		}
		for _, m := range regexp.MustCompile(`(?:https?:)?//[A-Za-z0-9.-]+`).FindAllStringIndex(page, -1) {
			u := page[m[0]:m[1]]
			if u == "https://akhbar.example" || u == "https://schema.org" {
				continue
			}
			if !strings.HasSuffix(page[:m[0]], `<a class="embed-facade" href="`) {
				t.Errorf("third-party address outside a facade link: %q", page[m[0]:min(len(page), m[1]+40)])
			}
		}
		script := regexp.MustCompile(`<script src="(/static/embed\.[0-9a-f]{12}\.js)" defer></script>`).FindStringSubmatch(page)
		if script == nil {
			t.Fatal("the page does not load embed.js")
		}
		wantCSP := "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; frame-src https://www.youtube-nocookie.com https://platform.twitter.com"
		if got := resp.Header.Get("Content-Security-Policy"); got != wantCSP {
			t.Errorf("CSP\n got %s\nwant %s", got, wantCSP)
		}
		// From the cache: the same page, the same policy, no query.
		before := s.QueryCount()
		again, page2 := f.get(t, f.story.Path())
		if s.QueryCount() != before || page2 != page {
			t.Errorf("second request not served from the cache (%d queries)", s.QueryCount()-before)
		}
		if got := again.Header.Get("Content-Security-Policy"); got != wantCSP {
			t.Errorf("cached page's CSP: %s", got)
		}

		// Pages without embeds frame nothing and load no embed.js.
		for _, path := range []string{seedArticle(t, s).Path(), "/", f.related.Path()} {
			resp, body := f.get(t, path)
			if csp := resp.Header.Get("Content-Security-Policy"); strings.Contains(csp, "frame-src") || strings.Contains(body, "/static/embed.") {
				t.Errorf("%s: CSP %q, or embed.js loaded", path, csp)
			}
		}

		// embed.js frames the same players internal/embed describes.
		js, err := web.Files.ReadFile("static/js/embed.js")
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"https://youtu.be/dQw4w9WgXcQ", "https://www.facebook.com/geonews/videos/123/",
			"https://www.facebook.com/geonews/posts/456", "https://x.com/a/status/1", "https://www.instagram.com/p/C1a2B3c4D5e/",
			"https://www.instagram.com/reel/C1a2B3c4D5e/", "https://www.tiktok.com/@a/video/72012812178645", "https://dai.ly/x8p5k2o"} {
			e, _ := embed.Parse(u)
			prefix := e.Player()
			if i := strings.Index(prefix, e.ID); i > 0 && e.Provider != embed.Facebook {
				prefix = prefix[:i]
			} else {
				prefix = prefix[:strings.Index(prefix, "?")+1]
			}
			if !strings.Contains(string(js), prefix) {
				t.Errorf("embed.js does not build %s players (%s)", e.Provider, prefix)
			}
		}
		if resp, _ := f.get(t, script[1]); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "javascript") {
			t.Errorf("embed.js: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}

		// The related story's new headline reaches the page at once.
		rel, err := s.Article(context.Background(), f.related.ID)
		if err != nil {
			t.Fatal(err)
		}
		rel.Headline = "تعلیمی بجٹ میں اضافہ"
		if err := s.SaveArticle(context.Background(), &rel, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		f.site.ArticleChanged(context.Background(), rel.ID)
		if _, page := f.get(t, f.story.Path()); !strings.Contains(page, "تعلیمی بجٹ میں اضافہ") {
			t.Error("the related box still shows the old headline")
		}
	})
}

// TestFeedBlocks: feeds carry images as <img> with caption and credit,
// galleries as their images, embeds as titled links and the related box
// as a link; no block markup, no pictures, no facades.
func TestFeedBlocks(t *testing.T) {
	f := newBlocksFixture(t, storetest.OpenSQLite(t))
	for _, file := range []string{"feed.xml", "atom.xml", "feed.json"} {
		resp, body := f.get(t, "/"+file)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", file, resp.StatusCode)
		}
		if file == "feed.json" {
			body = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&", `\"`, `"`).Replace(body)
		} else {
			body = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&quot;", `"`, "&amp;", "&").Replace(body)
		}
		key := func(i int) string { return f.images[i].Variants[1].Key }
		for _, want := range []string{
			`<figure><img src="https://akhbar.example/media/` + key(0) + `" alt="منظر jalsa" width="1280" height="720"><figcaption>جلسے کا منظر — اے پی پی</figcaption></figure>`,
			`<figure><img src="https://akhbar.example/media/` + key(1) + `" alt="منظر match-1" width="1280" height="720"><figcaption>لائبریری کیپشن match-1 — اے پی پی</figcaption></figure>`,
			`<figure><img src="https://akhbar.example/media/` + key(2) + `" alt="منظر match-2" width="1280" height="720"><figcaption>دوسری تصویر — اے پی پی</figcaption></figure>`,
			`<p>میچ کی جھلکیاں</p>`,
			`<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">یوٹیوب ویڈیو دیکھیں</a></p>`,
			`<p><a href="https://x.com/GovtofPakistan/status/1770123456789">حکومت کا اعلان</a> (ایکس (ٹوئٹر))</p>`,
			`<blockquote><p>ہم مشکل فیصلے کریں گے۔</p><p>— وزیر خزانہ</p></blockquote>`,
			`<table><caption>انتخابی نتائج</caption><thead><tr><th>جماعت</th><th>نشستیں</th></tr></thead><tbody><tr><td>الف</td><td>120</td></tr></tbody></table>`,
			`<p>یہ بھی پڑھیں: <a href="https://akhbar.example` + f.related.Path() + `">بجٹ میں تعلیم کے لیے اضافی رقم</a></p>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks\n%s", file, want)
			}
		}
		for _, bad := range []string{"data-block", "data-embed", "<picture", "embed-facade", "ابھی غیر شائع شدہ خبر"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s holds %q", file, bad)
			}
		}
	}
}
