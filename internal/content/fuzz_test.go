package content

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

var handlerAttr = regexp.MustCompile(`<[^>]*\son[a-z]+\s*=`)

// dataElsewhere returns the first element other than a block's figure or
// aside that has a data-* attribute.
func dataElsewhere(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "data-") && tok.Data != "figure" && tok.Data != "aside" {
					return tok.String()
				}
			}
		}
	}
}

// FuzzPrepareBody: whatever HTML arrives, what we store is valid UTF-8,
// has no script or event handler, has data-* attributes on story blocks
// only, and preparing or sanitizing it again changes nothing.
func FuzzPrepareBody(f *testing.F) {
	for _, s := range []string{
		"<p>پاكستان كي ٹيم</p>", "<div><div>ایک</div><p>دو</p></div>", `<p onclick="x">a<script>alert(1)</script></p>`,
		`<span lang="ar">بِسْمِ اللَّهِ</span> اور`, "<p>کھلا <strong>جلی", "\xff\xfe<p>\x00</p>", "<style>p{}</style>متن",
		`<a href="javascript:alert(1)">x</a>`, "<h1>سرخی</h1><ul><li>ایک</li></ul>", "<<p>>", "&amp;&lt;p&gt;",
		// story blocks (blockformat.go)
		`<figure data-block="image" data-media="42"><figcaption>کیپشن</figcaption></figure>`,
		`<figure data-block="gallery"><figure data-block="image" data-media="1"></figure><figure data-block="image" data-media="2"><figcaption>دو</figcaption></figure><figcaption>گیلری</figcaption></figure>`,
		`<figure data-block="embed" data-provider="youtube" data-id="dQw4w9WgXcQ" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-poster="7"><figcaption>عنوان</figcaption></figure>`,
		`<figure data-block="embed" data-url="https://www.facebook.com/permalink.php?story_fbid=1&amp;id=2"></figure>`,
		`<figure data-block="pullquote"><blockquote><p>قول</p><cite>x</cite></blockquote><figcaption>کون</figcaption></figure>`,
		`<table><caption>ج</caption><tr><th>a</th></tr><tr><td colspan="2"><p>b</p><table><tr><td>c</td></tr></table></td></tr></table>`,
		`<aside data-block="related" data-article="17">x</aside><aside>y</aside>`,
		`<p>متن<figure data-block="image" data-media="1"><figcaption>c</p></figure>`,
		"<div>https://youtu.be/dQw4w9WgXcQ</div><div>a<br>https://x.com/a/status/1<br>b</div>",
		`<figure data-block="embed" data-url="javascript:alert(1)"><figcaption><script>x</script></figcaption></figure>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := PrepareBody(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q", in)
		}
		lower := strings.ToLower(out)
		for _, bad := range []string{"<script", "<style", "<iframe", "href=\"javascript:"} {
			if strings.Contains(lower, bad) {
				t.Fatalf("%q survived in %q (from %q)", bad, out, in)
			}
		}
		if handlerAttr.MatchString(lower) {
			t.Fatalf("an event handler survived in %q (from %q)", out, in)
		}
		if again := PrepareBody(out); again != out {
			t.Fatalf("not stable:\n in  %q\n out %q\nagain %q", in, out, again)
		}
		if again := SanitizeBody(out); again != out {
			t.Fatalf("sanitizing the stored body changes it:\n in  %q\n out %q\nagain %q", in, out, again)
		}
		if m := dataElsewhere(out); m != "" {
			t.Fatalf("data attribute outside a block: %q in %q (from %q)", m, out, in)
		}
	})
}
