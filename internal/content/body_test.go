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
