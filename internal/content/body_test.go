package content

import (
	"strings"
	"testing"
)

func TestSanitizeBody(t *testing.T) {
	cases := []struct{ in, want string }{
		{`<p>پاکستان نے <strong>میچ</strong> جیت لیا۔</p>`, `<p>پاکستان نے <strong>میچ</strong> جیت لیا۔</p>`},
		{`<p onclick="steal()" style="color:red">متن</p>`, `<p>متن</p>`},
		{`<script>alert(1)</script><p>خبر</p>`, `<p>خبر</p>`},
		{`<a href="javascript:alert(1)">لنک</a>`, `لنک`},
		{`<a href="https://example.pk/x">لنک</a>`, `<a href="https://example.pk/x" rel="nofollow noopener" target="_blank">لنک</a>`},
		{`<p lang="en" dir="ltr">Breaking news</p>`, `<p lang="en" dir="ltr">Breaking news</p>`},
		{`<p dir="sideways">x</p>`, `<p>x</p>`},
		{`<h2>ذیلی سرخی</h2><blockquote><p>اقتباس</p></blockquote><ul><li>ایک</li></ul>`, `<h2>ذیلی سرخی</h2><blockquote><p>اقتباس</p></blockquote><ul><li>ایک</li></ul>`},
		{`<iframe src="https://evil.example"></iframe>`, ``},
		// styling goes; the bare span is harmless, and PrepareBody drops it before this runs
		{`<span class="MsoNormal" style="font-family:'Jameel Noori Nastaleeq'">متن</span>`, `<span>متن</span>`},
	}
	for _, c := range cases {
		if got := SanitizeBody(c.in); got != c.want {
			t.Errorf("SanitizeBody(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestSanitizeBodyImages: images stay only from our own media library,
// with our attributes.
func TestSanitizeBodyImages(t *testing.T) {
	fig := `<figure><img src="/media/ab/karachi-640.jpg" alt="کراچی میں بارش" width="640" height="427" loading="lazy" decoding="async"><figcaption>کراچی میں بارش</figcaption></figure>`
	cases := []struct{ in, want string }{
		{fig, fig},
		{`<img src="https://example.pk/wp-content/uploads/x.jpg">`, ``},
		{`<img src="//cdn.example.pk/x.jpg">`, ``},
		{`<img src="/media/../newsroom/users">`, ``},
		{`<img src="/media/.hidden/x.jpg">`, ``},
		{`<img src="javascript:alert(1)">`, ``},
		{`<img src="/media/a.jpg" onerror="alert(1)" style="width:100%" class="wp-image-12" srcset="/media/b.jpg 2x">`, `<img src="/media/a.jpg">`},
		{`<img src="/media/a.jpg" width="100%" height="-1" loading="eager" decoding="sync">`, `<img src="/media/a.jpg">`},
	}
	for _, c := range cases {
		if got := SanitizeBody(c.in); got != c.want {
			t.Errorf("SanitizeBody(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	in := "<p>پہلا &amp; پیراگراف</p>\n<h2>سرخی</h2><p>دوسرا<br>سطر</p><ul><li>ایک</li><li>دو</li></ul>"
	want := "پہلا & پیراگراف\nسرخی\nدوسرا\nسطر\nایک\nدو"
	if got := PlainText(in); got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
}

func TestRunInDateline(t *testing.T) {
	d := `<span class="dateline">دانشگاه (نیوز ڈیسک) پیانگ یانگ:</span>`
	cases := []struct{ body, dateline, want string }{
		{"<p>روسی سلامتی کونسل</p><p>دوسرا</p>", d, "<p>" + d + " روسی سلامتی کونسل</p><p>دوسرا</p>"},
		{"\n<p>متن</p>", d, "<p>" + d + " متن</p>"},
		{`<p dir="rtl">متن</p>`, d, `<p dir="rtl">` + d + " متن</p>"},
		{"<h2>سرخی</h2><p>متن</p>", d, "<p>" + d + "</p><h2>سرخی</h2><p>متن</p>"},
		{"<pre>x</pre>", d, "<p>" + d + "</p><pre>x</pre>"},
		{"<p>متن</p>", "", "<p>متن</p>"},
	}
	for _, c := range cases {
		if got := RunInDateline(c.body, c.dateline); got != c.want {
			t.Errorf("RunInDateline(%q) = %q, want %q", c.body, got, c.want)
		}
	}
}

func TestArticleValidate(t *testing.T) {
	ok := Article{Headline: "سرخی", SectionID: 1, Status: StatusDraft, Slug: "surkhi"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(*Article){
		"no headline": func(a *Article) { a.Headline = "" },
		"long":        func(a *Article) { a.Headline = strings.Repeat("خ", 501) },
		"no section":  func(a *Article) { a.SectionID = 0 },
		"bad status":  func(a *Article) { a.Status = "lost" },
		"no slug":     func(a *Article) { a.Slug = "" },
	} {
		a := ok
		mutate(&a)
		if err := a.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestSanitizeBodyBlocks: the story blocks keep exactly their stored form
// (docs/body-format.md); anything else spelled like them is rewritten into
// it or dropped.
func TestSanitizeBodyBlocks(t *testing.T) {
	const (
		image   = `<figure data-block="image" data-media="42"><figcaption>جلسے کا منظر <b>لاہور</b> میں</figcaption></figure>`
		gallery = `<figure data-block="gallery"><figure data-block="image" data-media="1"></figure><figure data-block="image" data-media="2"><figcaption>دوسری</figcaption></figure><figcaption>میچ کی جھلکیاں</figcaption></figure>`
		video   = `<figure data-block="embed" data-provider="youtube" data-id="dQw4w9WgXcQ" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-poster="7"><figcaption>وزیر اعظم کا خطاب</figcaption></figure>`
		post    = `<figure data-block="embed" data-provider="facebook" data-id="123456" data-url="https://www.facebook.com/permalink.php?story_fbid=123456&amp;id=100064"></figure>`
		quote   = `<figure data-block="pullquote"><blockquote><p>ہم مشکل فیصلے کریں گے۔</p><p>دوسرا حصہ</p></blockquote><figcaption>وزیر خزانہ</figcaption></figure>`
		table   = `<table><caption>انتخابی نتائج</caption><thead><tr><th>جماعت</th><th>نشستیں</th></tr></thead><tbody><tr><td>الف</td><td>120</td></tr><tr><th>کل</th><td colspan="2">200</td></tr></tbody></table>`
		related = `<aside data-block="related" data-article="17"></aside>`
	)
	cases := []struct{ name, in, want string }{
		{"image", image, image},
		{"gallery", gallery, gallery},
		{"embed", video, video},
		{"embed with a query in its address", post, post},
		{"pull quote", quote, quote},
		{"table", table, table},
		{"related", related, related},
		{"image without caption", `<figure data-block="image" data-media="9"></figure>`, `<figure data-block="image" data-media="9"></figure>`},
		{"image: foreign attributes, an <img> and block captions go", `<figure data-block="image" data-media="42" class="x" onclick="a()" data-x="1"><img src="/media/a/b.jpg"><figcaption><p>ایک</p><p>دو</p></figcaption></figure>`,
			`<figure data-block="image" data-media="42"><figcaption>ایک<br>دو</figcaption></figure>`},
		{"image: empty caption left out", `<figure data-block="image" data-media="42"><figcaption> <br> </figcaption></figure>`, `<figure data-block="image" data-media="42"></figure>`},
		{"image: an id that is no id drops it", `<figure data-block="image" data-media="0"><figcaption>x</figcaption></figure><figure data-block="image" data-media="4a"></figure><figure data-block="image"></figure><p>بعد</p>`, `<p>بعد</p>`},
		{"gallery of one is an image", `<figure data-block="gallery"><figure data-block="image" data-media="1"></figure><figcaption>گیلری</figcaption></figure>`,
			`<figure data-block="image" data-media="1"><figcaption>گیلری</figcaption></figure>`},
		{"gallery of none goes", `<figure data-block="gallery"><figure data-block="image" data-media="x"></figure><figcaption>خالی</figcaption></figure>`, ``},
		{"gallery: images in wrappers found, caption last", `<figure data-block="gallery"><figcaption>اول</figcaption><ul><li><figure data-block="image" data-media="1"></figure></li><li><figure data-block="image" data-media="2"></figure></li></ul></figure>`,
			`<figure data-block="gallery"><figure data-block="image" data-media="1"></figure><figure data-block="image" data-media="2"></figure><figcaption>اول</figcaption></figure>`},
		{"embed: provider and id follow the address", `<figure data-block="embed" data-provider="x" data-id="1" data-url="https://youtu.be/dQw4w9WgXcQ?si=abc" data-poster="7"><figcaption>عنوان &amp; "اقتباس"</figcaption></figure>`,
			`<figure data-block="embed" data-provider="youtube" data-id="dQw4w9WgXcQ" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-poster="7"><figcaption>عنوان &amp; &#34;اقتباس&#34;</figcaption></figure>`},
		{"embed by provider and id", `<figure data-block="embed" data-provider="x" data-id="1770123"></figure>`,
			`<figure data-block="embed" data-provider="x" data-id="1770123" data-url="https://x.com/i/status/1770123"></figure>`},
		{"embed: bad poster dropped", `<figure data-block="embed" data-url="https://dai.ly/x8p5k2o" data-poster="-1"></figure>`,
			`<figure data-block="embed" data-provider="dailymotion" data-id="x8p5k2o" data-url="https://www.dailymotion.com/video/x8p5k2o"></figure>`},
		{"embed of an unknown address stays a link", `<figure data-block="embed" data-url="https://vimeo.com/1"><figcaption>عنوان</figcaption></figure>`,
			`<p><a href="https://vimeo.com/1" rel="nofollow noopener" target="_blank">عنوان</a></p>`},
		{"embed of a script address goes", `<figure data-block="embed" data-url="javascript:alert(1)"><figcaption>عنوان</figcaption></figure>`, ``},
		{"pull quote: the cite in the quote is no paragraph", `<figure data-block="pullquote"><blockquote><p>ہم جیتیں گے</p><cite>کپتان</cite></blockquote><figcaption>کپتان</figcaption></figure>`,
			`<figure data-block="pullquote"><blockquote><p>ہم جیتیں گے</p></blockquote><figcaption>کپتان</figcaption></figure>`},
		{"pull quote: words in the figure", `<figure data-block="pullquote">بغیر اقتباس<figcaption>کون</figcaption></figure>`,
			`<figure data-block="pullquote"><blockquote><p>بغیر اقتباس</p></blockquote><figcaption>کون</figcaption></figure>`},
		{"pull quote without words goes", `<figure data-block="pullquote"><blockquote> </blockquote><figcaption>کون</figcaption></figure>`, ``},
		{"table: header row found, footer joins the body, styling goes", `<table class="x" style="width:100%" border="1"><caption>نتائج</caption><tr><th>جماعت</th><th>نشستیں</th></tr><tr><td style="color:red">الف</td><td colspan="2" width="9">120</td></tr><tfoot><tr><td><p>کل</p></td><td rowspan="1">200</td></tr></tfoot></table>`,
			`<table><caption>نتائج</caption><thead><tr><th>جماعت</th><th>نشستیں</th></tr></thead><tbody><tr><td>الف</td><td colspan="2">120</td></tr><tr><td>کل</td><td>200</td></tr></tbody></table>`},
		{"table: head cells are header cells; empty rows go", `<table><thead><tr><td>سال</td></tr></thead><tbody><tr><td></td></tr><tr><td>2024</td></tr></tbody></table>`,
			`<table><thead><tr><th>سال</th></tr></thead><tbody><tr><td>2024</td></tr></tbody></table>`},
		{"table: a nested table is text in its cell", `<table><tr><td>1<table><tr><td>اندر</td><td>2</td></tr></table></td></tr></table>`,
			`<table><tbody><tr><td>1<br>اندر<br>2</td></tr></tbody></table>`},
		{"table without cells goes", `<table><caption>خالی</caption></table>`, ``},
		{"related: content and bad ids go", `<aside data-block="related" data-article="17">متن</aside><aside data-block="related" data-article="x"></aside>`,
			`<aside data-block="related" data-article="17"></aside>`},
		{"any other aside is its content", `<aside class="sidebar">سائیڈ بار</aside>`, `سائیڈ بار`},
		{"a block written as a void element", `<figure data-block="image" data-media="5"/><aside data-block="related" data-article="6"/>`,
			`<figure data-block="image" data-media="5"></figure><aside data-block="related" data-article="6"></aside>`},
		{"table parts outside a table are their content", `<p>الف</p><tr><td>ب</td></tr><caption>ج</caption>`, `<p>الف</p>بج`},
		{"unknown block kind: an ordinary figure", `<figure data-block="poll" data-media="1"><figcaption>رائے</figcaption></figure>`, `<figure><figcaption>رائے</figcaption></figure>`},
		{"data attributes nowhere else", `<p data-block="image" data-media="1">متن</p><figure data-media="1"><figcaption>x</figcaption></figure>`,
			`<p>متن</p><figure><figcaption>x</figcaption></figure>`},
		{"scripts in captions go", `<figure data-block="image" data-media="1"><figcaption>متن<script>alert(1)</script><iframe src="https://x.example"></iframe><a href="javascript:x()">ربط</a></figcaption></figure>`,
			`<figure data-block="image" data-media="1"><figcaption>متنربط</figcaption></figure>`},
	}
	for _, c := range cases {
		got := SanitizeBody(c.in)
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
		if again := SanitizeBody(got); again != got {
			t.Errorf("%s: not stable:\n%s\n%s", c.name, got, again)
		}
	}
}

func TestPlainTextBlocks(t *testing.T) {
	in := `<p>متن</p><figure data-block="image" data-media="1"><figcaption>کیپشن</figcaption></figure><table><caption>نتائج</caption><thead><tr><th>جماعت</th><th>نشستیں</th></tr></thead><tbody><tr><td>الف</td><td>120</td></tr></tbody></table><aside data-block="related" data-article="3"></aside><figure data-block="embed" data-provider="x" data-id="1" data-url="https://x.com/i/status/1"><figcaption>ٹویٹ</figcaption></figure>`
	want := "متن\nکیپشن\nنتائج\nجماعت\nنشستیں\nالف\n120\nٹویٹ"
	if got := PlainText(in); got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
}
