package blocks

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"akhbar/internal/content"
	"akhbar/internal/embed"
)

// body holds one block of each kind, as content.PrepareBody stores them.
const body = `<p>پہلا <strong>پیراگراف</strong></p>` +
	`<h2>ذیلی سرخی</h2>` +
	`<figure data-block="image" data-media="42"><figcaption>جلسے کا منظر</figcaption></figure>` +
	`<ul><li>ایک</li></ul>` +
	`<figure data-block="gallery"><figure data-block="image" data-media="1"></figure><figure data-block="image" data-media="2"><figcaption>دوسری</figcaption></figure><figcaption>میچ کی جھلکیاں</figcaption></figure>` +
	`<figure data-block="embed" data-provider="youtube" data-id="dQw4w9WgXcQ" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-poster="7"><figcaption>وزیر اعظم کا <b>خطاب</b></figcaption></figure>` +
	`<blockquote><p>اقتباس</p></blockquote>` +
	`<figure data-block="pullquote"><blockquote><p>ہم جیتیں گے</p><p>ضرور</p></blockquote><figcaption>کپتان</figcaption></figure>` +
	`<table><caption>نتائج</caption><thead><tr><th>جماعت</th><th>نشستیں</th></tr></thead><tbody><tr><th>الف</th><td colspan="2">120</td></tr></tbody></table>` +
	`<aside data-block="related" data-article="17"></aside>` +
	`<hr>` +
	`<figure data-block="embed" data-provider="x" data-id="1770" data-url="https://x.com/ispr/status/1770"></figure>` +
	`<aside data-block="related" data-article="18"></aside>`

func TestParse(t *testing.T) {
	if got := content.SanitizeBody(body); got != body {
		t.Fatalf("the fixture is not a stored body:\n%s\n%s", body, got)
	}
	yt, _ := embed.Parse("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
	x, _ := embed.Parse("https://x.com/ispr/status/1770")
	want := []Block{
		{Type: Paragraph, HTML: `<p>پہلا <strong>پیراگراف</strong></p>`},
		{Type: Heading, HTML: `<h2>ذیلی سرخی</h2>`, Level: 2},
		{Type: Image, MediaID: 42, Caption: "جلسے کا منظر"},
		{Type: List, HTML: `<ul><li>ایک</li></ul>`},
		{Type: Gallery, Caption: "میچ کی جھلکیاں", Images: []Block{{Type: Image, MediaID: 1}, {Type: Image, MediaID: 2, Caption: "دوسری"}}},
		{Type: Embed, Embed: &yt, PosterID: 7, Caption: "وزیر اعظم کا <b>خطاب</b>"},
		{Type: Quote, HTML: `<blockquote><p>اقتباس</p></blockquote>`},
		{Type: PullQuote, Paragraphs: []string{"ہم جیتیں گے", "ضرور"}, Caption: "کپتان"},
		{Type: Table, Caption: "نتائج", Head: [][]Cell{{{Header: true, HTML: "جماعت"}, {Header: true, HTML: "نشستیں"}}},
			Rows: [][]Cell{{{Header: true, HTML: "الف"}, {HTML: "120", ColSpan: 2}}}},
		{Type: Related, ArticleID: 17},
		{Type: HTML, HTML: `<hr>`},
		{Type: Embed, Embed: &x},
		{Type: Related, ArticleID: 18},
	}
	got := Parse(body)
	if len(got) != len(want) {
		t.Fatalf("%d blocks, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("block %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if ids := MediaIDs(got); !reflect.DeepEqual(ids, []int64{42, 1, 2, 7}) {
		t.Errorf("MediaIDs = %v", ids)
	}
	if ids := ArticleIDs(got); !reflect.DeepEqual(ids, []int64{17, 18}) {
		t.Errorf("ArticleIDs = %v", ids)
	}
	if p := FrameSources(got); !reflect.DeepEqual(p, []string{"https://www.youtube-nocookie.com", "https://platform.twitter.com"}) {
		t.Errorf("FrameSources = %v", p)
	}
}

func TestParseLegacyAndLoose(t *testing.T) {
	in := "loose text <b>x</b>\n<figure><img src=\"/media/a/b.jpg\" alt=\"\"><figcaption>پرانی</figcaption></figure>\n<p>p</p>"
	got := Parse(in)
	want := []Block{
		{Type: HTML, HTML: "loose text <b>x</b>"},
		{Type: HTML, HTML: `<figure><img src="/media/a/b.jpg" alt=""><figcaption>پرانی</figcaption></figure>`},
		{Type: Paragraph, HTML: "<p>p</p>"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if HasStoryBlocks(in) || !HasStoryBlocks(body) {
		t.Error("HasStoryBlocks is wrong")
	}
}

// env resolves the fixture's images (7 is the poster) and article 17;
// 18 is not published.
func env() Env {
	media := map[int64]*content.Media{}
	for _, id := range []int64{42, 1, 2, 7} {
		media[id] = &content.Media{ID: id, Format: "jpeg", Width: 1200, Height: 800, Caption: fmt.Sprintf("کیپشن %d", id),
			Credit: "اے پی پی", Alt: fmt.Sprintf("منظر %d", id),
			Variants: []content.MediaVariant{{Width: 640, Height: 427, Format: "jpeg", Key: fmt.Sprintf("m/%d/640.jpg", id)}}}
	}
	media[2].Credit = ""
	a := &content.Article{ID: 17, Headline: "بجٹ <پیش>", Slug: "budget", Section: content.Section{Slug: "pakistan"},
		Lead: media[1]}
	return Env{Media: media, Articles: map[int64]*content.Article{17: a},
		Picture: func(m *content.Media, r Role) string {
			return fmt.Sprintf(`<picture role="%d"><img src="%s" alt="%s"></picture>`, r, m.Fallback().URL(), m.Alt)
		}}
}

// TestPage: each block drawn as the article page shows it.
func TestPage(t *testing.T) {
	page := Page(Parse(body), env())
	for _, want := range []string{
		`<p>پہلا <strong>پیراگراف</strong></p>`,
		`<figure class="body-image"><picture role="0"><img src="/media/m/42/640.jpg" alt="منظر 42"></picture><figcaption>جلسے کا منظر <span class="credit">تصویر: اے پی پی</span></figcaption></figure>`,
		`<figure class="gallery"><ul class="gallery-track" tabindex="0" aria-label="تصاویر کی گیلری (2 تصاویر)">`,
		`<li class="gallery-item"><figure class="gallery-image"><picture role="1"><img src="/media/m/1/640.jpg" alt="منظر 1"></picture><figcaption>کیپشن 1 <span class="credit">تصویر: اے پی پی</span></figcaption></figure></li>`,
		`<figcaption>دوسری</figcaption></figure></li></ul><figcaption>میچ کی جھلکیاں</figcaption></figure>`,
		`<figure class="embed embed-video" data-embed="youtube" data-embed-id="dQw4w9WgXcQ" data-embed-kind="video"><a class="embed-facade" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"><picture role="2"><img src="/media/m/7/640.jpg" alt=""></picture><span class="embed-play">یوٹیوب ویڈیو دیکھیں</span><span class="embed-title">وزیر اعظم کا خطاب</span><span class="embed-note">کلک کرنے پر یوٹیوب سے مواد لوڈ ہو گا</span></a></figure>`,
		`<figure class="pullquote"><blockquote><p>ہم جیتیں گے</p><p>ضرور</p></blockquote><figcaption>کپتان</figcaption></figure>`,
		`<div class="table-scroll" role="region" tabindex="0" aria-label="نتائج"><table><caption>نتائج</caption><thead><tr><th scope="col">جماعت</th><th scope="col">نشستیں</th></tr></thead><tbody><tr><th scope="row">الف</th><td colspan="2">120</td></tr></tbody></table></div>`,
		`<aside class="read-also" aria-label="یہ بھی پڑھیں"><p class="read-also-label">یہ بھی پڑھیں</p><a class="read-also-link" href="/pakistan/17/budget"><picture role="3"><img src="/media/m/1/640.jpg" alt=""></picture><span class="read-also-headline">بجٹ &lt;پیش&gt;</span></a></aside>`,
		`<hr>`,
		`<figure class="embed embed-post" data-embed="x" data-embed-id="1770" data-embed-kind="post"><a class="embed-facade" href="https://x.com/ispr/status/1770"><span class="embed-blank" aria-hidden="true"></span><span class="embed-play">ایکس (ٹوئٹر) پوسٹ دیکھیں</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks\n%s\nin\n%s", want, page)
		}
	}
	if strings.Contains(page, `data-article="18"`) || strings.Contains(page, "data-block") {
		t.Errorf("unpublished related story or stored markup on the page:\n%s", page)
	}
	// Other sites appear only as the facades' link targets.
	for _, m := range regexp.MustCompile(`https?://[^"<\s]+`).FindAllStringIndex(page, -1) {
		if !strings.HasSuffix(page[:m[0]], `<a class="embed-facade" href="`) {
			t.Errorf("third-party address outside a facade link: %q", page[m[0]:m[1]])
		}
	}
	// A missing image is left out, and a gallery without images with it.
	e := env()
	delete(e.Media, 42)
	delete(e.Media, 1)
	delete(e.Media, 2)
	if page := Page(Parse(body), e); strings.Contains(page, "body-image") || strings.Contains(page, "gallery") {
		t.Errorf("missing images drawn:\n%s", page)
	}
}

// TestFeed: feeds get plain markup: images, links, quotes and tables.
func TestFeed(t *testing.T) {
	feed := Feed(Parse(body), env())
	for _, want := range []string{
		`<figure><img src="/media/m/42/640.jpg" alt="منظر 42" width="640" height="427"><figcaption>جلسے کا منظر — اے پی پی</figcaption></figure>`,
		`<figure><img src="/media/m/1/640.jpg" alt="منظر 1" width="640" height="427"><figcaption>کیپشن 1 — اے پی پی</figcaption></figure>` + "\n" +
			`<figure><img src="/media/m/2/640.jpg" alt="منظر 2" width="640" height="427"><figcaption>دوسری</figcaption></figure>` + "\n<p>میچ کی جھلکیاں</p>",
		`<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">وزیر اعظم کا خطاب</a> (یوٹیوب)</p>`,
		`<p><a href="https://x.com/ispr/status/1770">ایکس (ٹوئٹر) پوسٹ دیکھیں</a></p>`,
		`<blockquote><p>ہم جیتیں گے</p><p>ضرور</p><p>— کپتان</p></blockquote>`,
		`<table><caption>نتائج</caption><thead><tr><th>جماعت</th><th>نشستیں</th></tr></thead><tbody><tr><th>الف</th><td colspan="2">120</td></tr></tbody></table>`,
		`<p>یہ بھی پڑھیں: <a href="/pakistan/17/budget">بجٹ &lt;پیش&gt;</a></p>`,
	} {
		if !strings.Contains(feed, want) {
			t.Errorf("feed lacks\n%s\nin\n%s", want, feed)
		}
	}
	for _, bad := range []string{"data-", "<picture", "embed-facade", "/18/"} {
		if strings.Contains(feed, bad) {
			t.Errorf("feed holds %q:\n%s", bad, feed)
		}
	}
}

// FuzzParse: any stored body parses, draws and lists its ids without
// panicking, and its page loads nothing from another site: no frames or
// scripts, every src and srcset on our own paths.
func FuzzParse(f *testing.F) {
	f.Add(body)
	f.Add("<p>x</p><figure data-block=\"gallery\"><figure data-block=\"image\" data-media=\"1\">")
	f.Add("<table><tr><td>1</td></tr></table></table></p><aside data-block=\"related\" data-article=\"1\">")
	f.Add(`<figure><img src="/media/a/b.jpg"></figure><p><a href="https://example.com/x">https://example.com/y</a></p>`)
	loads := regexp.MustCompile(`(?i)\s(src|srcset)="([^"]*)"`)
	f.Fuzz(func(t *testing.T, in string) {
		stored := content.SanitizeBody(in)
		list := Parse(stored)
		MediaIDs(list)
		ArticleIDs(list)
		page := Page(list, env())
		Feed(list, env())
		lower := strings.ToLower(page)
		if strings.Contains(lower, "<iframe") || strings.Contains(lower, "<script") || strings.Contains(lower, "<link") {
			t.Fatalf("a frame or script in %q (from %q)", page, in)
		}
		for _, m := range loads.FindAllStringSubmatch(page, -1) {
			if !strings.HasPrefix(m[2], "/") || strings.HasPrefix(m[2], "//") {
				t.Fatalf("%s=%q loads from elsewhere, in %q (from %q)", m[1], m[2], page, in)
			}
		}
	})
}
