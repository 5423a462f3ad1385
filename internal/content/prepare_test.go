package content

import (
	"strings"
	"testing"
)

func TestPrepareBody(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"editor output kept", "<p>پاکستان نے <strong>T20</strong> میچ جیت لیا۔</p><h2>ذیلی سرخی</h2>",
			"<p>پاکستان نے <strong>T20</strong> میچ جیت لیا۔</p><h2>ذیلی سرخی</h2>"},
		{"arabic letters repaired", "<p>پاكستان كي ٹيم</p>", "<p>پاکستان کی ٹیم</p>"},
		{"tatweel and doubled spaces", "<p>خبـــر  اور   تبصرہ</p>", "<p>خبر اور تبصرہ</p>"},
		{"diacritics stay", "<p>اُن کی اعلیٰ کارکردگی</p>", "<p>اُن کی اعلیٰ کارکردگی</p>"},
		{"quran quotation untouched", `<p>قرآن میں ہے: <span lang="ar">بِسْمِ اللَّهِ</span> اور كتاب</p>`,
			`<p>قرآن میں ہے: <span lang="ar">بِسْمِ اللَّهِ</span> اور کتاب</p>`},
		{"divs become paragraphs", "<div>پہلا پیراگراف</div><div>دوسرا پیراگراف</div>", "<p>پہلا پیراگراف</p><p>دوسرا پیراگراف</p>"},
		{"h1 becomes a subheading", "<h1>سرخی</h1><p>متن</p>", "<h2>سرخی</h2><p>متن</p>"},
		{"loose text gets paragraphs", "پہلی سطر<p>پیراگراف</p>آخری", "<p>پہلی سطر</p><p>پیراگراف</p><p>آخری</p>"},
		{"nested divs", "<div><div>ایک</div><div><p>دو</p></div></div>", "<p>ایک</p><p>دو</p>"},
		{"unclosed tags closed", "<p>کھلا <strong>جلی", "<p>کھلا <strong>جلی</strong></p>"},
		{"empty paragraphs dropped", "<p>متن</p><p> </p><p><br></p><p>&nbsp;</p>", "<p>متن</p>"},
		{"a no-break space before a tag keeps the words apart", "<p>لفظ&nbsp;<strong>جلی</strong></p>", "<p>لفظ <strong>جلی</strong></p>"},
		{"blocks emptied by dropping others go too", "<p>متن</p><li><li>", "<p>متن</p>"},
		{"script removed", `<p>متن</p><script>alert(1)</script><p onclick="x">دوسرا</p>`, "<p>متن</p><p>دوسرا</p>"},
		{"figure with our image kept", `<figure><img src="/media/ab/c.jpg" alt="تصویر" width="640" height="427" loading="lazy" decoding="async"><figcaption>كيپشن</figcaption></figure>`,
			`<figure><img src="/media/ab/c.jpg" alt="تصویر" width="640" height="427" loading="lazy" decoding="async"><figcaption>کیپشن</figcaption></figure>`},
		{"foreign image dropped whole", `<p>متن<img src="https://example.pk/x.jpg" alt="تصویر"></p><figure><img alt="بغیر ماخذ"><figcaption>کیپشن</figcaption></figure>`,
			"<p>متن</p><figure><figcaption>کیپشن</figcaption></figure>"},
		{"html entities survive", "<p>ٹاٹا &amp; سنز کا &lt;نیا&gt; منصوبہ</p>", "<p>ٹاٹا &amp; سنز کا &lt;نیا&gt; منصوبہ</p>"},
	}
	for _, c := range cases {
		got := PrepareBody(c.in)
		if got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
		if again := PrepareBody(got); again != got {
			t.Errorf("%s: not stable: %q then %q", c.name, got, again)
		}
	}
}

// TestPrepareBodyWordPaste: HTML as Word puts it on the clipboard keeps its
// paragraphs and loses its styling.
func TestPrepareBodyWordPaste(t *testing.T) {
	word := `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{font-family:"Jameel Noori Nastaleeq"}</style></head>
<body lang=EN-US style='tab-interval:.5in'><div class=WordSection1>
<p class=MsoNormal dir=RTL style='text-align:right;direction:rtl;unicode-bidi:embed'><span lang=UR style='font-size:14.0pt;font-family:"Jameel Noori Nastaleeq"'>کراچی میں بارش کا سلسلہ جاری ہے۔<o:p></o:p></span></p>
<p class=MsoNormal dir=RTL style='text-align:right'><b><span lang=UR style='font-size:16.0pt'>محکمہ موسمیات کی پیش گوئی<o:p></o:p></span></b></p>
<p class=MsoNormal dir=RTL><span lang=UR>اگلے دو دن موسم ابر آلود رہے گا۔</span><span dir=LTR>(PMD)</span><o:p></o:p></p>
</div></body></html>`
	got := PrepareBody(word)
	for _, want := range []string{
		`<p>کراچی میں بارش کا سلسلہ جاری ہے۔</p>`,
		`<b>محکمہ موسمیات کی پیش گوئی</b>`,
		`اگلے دو دن موسم ابر آلود رہے گا۔(PMD)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	for _, junk := range []string{"style", "class", "Mso", "o:p", "font-family", "<span", "<html", "<div"} {
		if strings.Contains(got, junk) {
			t.Errorf("junk %q left in\n%s", junk, got)
		}
	}
	if n := strings.Count(got, "<p"); n != 3 {
		t.Errorf("%d paragraphs, want 3:\n%s", n, got)
	}
}

// TestPrepareBodyBlocks: the editor's story blocks are stored as sent,
// standing between paragraphs; an embeddable address alone on a line of
// a pasted text becomes an embed block.
func TestPrepareBodyBlocks(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"blocks as the editor sends them", `<p>متن</p><figure data-block="image" data-media="42"><figcaption>كيپشن</figcaption></figure><figure data-block="gallery"><figure data-block="image" data-media="1"></figure><figure data-block="image" data-media="2"></figure></figure><aside data-block="related" data-article="17"></aside><p>آخر</p>`,
			`<p>متن</p><figure data-block="image" data-media="42"><figcaption>کیپشن</figcaption></figure><figure data-block="gallery"><figure data-block="image" data-media="1"></figure><figure data-block="image" data-media="2"></figure></figure><aside data-block="related" data-article="17"></aside><p>آخر</p>`},
		{"a block inside a paragraph or quote stands between them", `<p>متن <figure data-block="image" data-media="1"></figure>اور</p><blockquote><p>x</p><figure data-block="pullquote"><blockquote><p>قول</p></blockquote></figure><p>y</p></blockquote>`,
			`<p>متن </p><figure data-block="image" data-media="1"></figure><p>اور</p><blockquote><p>x</p></blockquote><figure data-block="pullquote"><blockquote><p>قول</p></blockquote></figure><p>y</p>`},
		{"a table in a list item follows the list", `<ul><li>ایک<table><tr><th>الف</th></tr><tr><td>1</td></tr></table></li></ul>`,
			`<ul><li>ایک</li></ul><table><thead><tr><th>الف</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>`},
		{"an aside that is no block is its text", `<aside>سائیڈ بار کا متن</aside>`, `<p>سائیڈ بار کا متن</p>`},
		{"table cells outside a table are paragraphs", `<tr><td>الف</td><td>ب</td></tr>`, `<p>الف</p><p>ب</p>`},
		{"pasted addresses on their own lines become embeds", `<div>تعارف</div><div>https://youtu.be/dQw4w9WgXcQ</div><div>متن<br>https://x.com/ispr/status/1770<br>مزید</div>`,
			`<p>تعارف</p><figure data-block="embed" data-provider="youtube" data-id="dQw4w9WgXcQ" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure><p>متن</p><figure data-block="embed" data-provider="x" data-id="1770" data-url="https://x.com/ispr/status/1770"></figure><p>مزید</p>`},
		{"a link showing its own embeddable address is one too", `<p><a href="https://www.instagram.com/p/C1a2B3c4D5e/">https://www.instagram.com/p/C1a2B3c4D5e/</a></p>`,
			`<figure data-block="embed" data-provider="instagram" data-id="C1a2B3c4D5e" data-url="https://www.instagram.com/p/C1a2B3c4D5e/"></figure>`},
		{"links with words, addresses in sentences and unknown sites stay", `<p><a href="https://www.instagram.com/p/C1a2B3c4D5e/">یہ پوسٹ</a></p><p>دیکھیں https://youtu.be/dQw4w9WgXcQ یہاں</p><p>https://vimeo.com/1</p>`,
			`<p><a href="https://www.instagram.com/p/C1a2B3c4D5e/" rel="nofollow noopener" target="_blank">یہ پوسٹ</a></p><p>دیکھیں https://youtu.be/dQw4w9WgXcQ یہاں</p><p>https://vimeo.com/1</p>`},
		{"remote images never stored", `<p>متن<img src="https://cdn.example.pk/x.jpg"></p><figure data-block="image" data-media="3"><img src="https://cdn.example.pk/x.jpg"></figure>`,
			`<p>متن</p><figure data-block="image" data-media="3"></figure>`},
	}
	for _, c := range cases {
		got := PrepareBody(c.in)
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
		if again := PrepareBody(got); again != got {
			t.Errorf("%s: not stable:\n%s\n%s", c.name, got, again)
		}
		if s := SanitizeBody(got); s != got {
			t.Errorf("%s: sanitizing the stored body changes it:\n%s\n%s", c.name, got, s)
		}
	}
}
