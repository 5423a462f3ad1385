package content

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var handlerAttr = regexp.MustCompile(`<[^>]*\son[a-z]+\s*=`)

// FuzzPrepareBody: whatever HTML arrives, what we store is valid UTF-8,
// has no script or event handler, and preparing it again changes nothing.
func FuzzPrepareBody(f *testing.F) {
	for _, s := range []string{
		"<p>پاكستان كي ٹيم</p>", "<div><div>ایک</div><p>دو</p></div>", `<p onclick="x">a<script>alert(1)</script></p>`,
		`<span lang="ar">بِسْمِ اللَّهِ</span> اور`, "<p>کھلا <strong>جلی", "\xff\xfe<p>\x00</p>", "<style>p{}</style>متن",
		`<a href="javascript:alert(1)">x</a>`, "<h1>سرخی</h1><ul><li>ایک</li></ul>", "<<p>>", "&amp;&lt;p&gt;",
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
	})
}
