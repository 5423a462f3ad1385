package wpbody

import (
	"strings"
	"testing"
)

// TestAutop checks the wpautop port against what WordPress's own tests
// (tests/phpunit/tests/formatting/autop.php) expect of wpautop().
func TestAutop(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"paragraphs and line breaks",
			"کراچی میں بارش۔\nسڑکیں زیر آب۔\n\nدوسرا پیراگراف۔",
			"<p>کراچی میں بارش۔<br />\nسڑکیں زیر آب۔</p>\n<p>دوسرا پیراگراف۔</p>"},
		{"first post: lists between paragraphs",
			"\nپہلی بات:\n<ul>\n<li><a href=\"/a\">ایک</a></li>\n</ul>\nبعد کا متن\nاگلی سطر\n\nآخری۔\n",
			"<p>پہلی بات:</p>\n<ul>\n<li><a href=\"/a\">ایک</a></li>\n</ul>\n<p>بعد کا متن<br />\nاگلی سطر</p>\n<p>آخری۔</p>"},
		{"pre untouched",
			"کوڈ دیکھیے\n\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\n\nActual Line 3</pre>\n\nعمدہ؟",
			"<p>کوڈ دیکھیے</p>\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\n\nActual Line 3</pre>\n<p>عمدہ؟</p>"},
		{"input not broken",
			`نام: <input type="text" name="u" /><br />پاس ورڈ: <input type="password" name="p" />`,
			`<p>نام: <input type="text" name="u" /><br />پاس ورڈ: <input type="password" name="p" /></p>`},
		{"blockquote contents get paragraphs", "<blockquote>foo</blockquote>", "<blockquote><p>foo</p></blockquote>"},
		{"double br is a paragraph break", "ایک<br><br>دو", "<p>ایک</p>\n<p>دو</p>"},
		{"newline inside a tag is not a break", "<a\nhref=\"/x\">لنک</a> متن", "<p><a href=\"/x\">لنک</a> متن</p>"},
		{"br already there", "ایک<br />\nدو", "<p>ایک<br />\nدو</p>"},
		{"figcaption kept tight", "<figure><img src=\"a.jpg\" />\n<figcaption>کیپشن</figcaption>\n</figure>",
			"<figure><img src=\"a.jpg\" /><figcaption>کیپشن</figcaption></figure>"},
		{"empty", " \n\n ", ""},
	}
	for _, c := range cases {
		if got := strings.TrimSpace(autop(c.in)); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestAutopBlocksAndInlines: block elements stand alone, inline ones get
// a paragraph (WordPress tickets 27268).
func TestAutopBlocksAndInlines(t *testing.T) {
	blocks := strings.Fields("table thead tfoot caption col colgroup tbody tr td th div dl dd dt ul ol li pre form map area address math style p h1 h2 h3 h4 h5 h6 fieldset legend section article aside hgroup header footer nav figure details menu summary")
	var in, want []string
	for _, b := range blocks {
		in = append(in, "<"+b+">foo</"+b+">")
	}
	if got := strings.TrimSpace(autop(strings.Join(in, "\n\n"))); got != strings.Join(in, "\n") {
		t.Errorf("blocks:\n got %q\nwant %q", got, strings.Join(in, "\n"))
	}
	in = nil
	for _, e := range strings.Fields("a em strong small s cite q dfn abbr data time code var samp kbd sub sup i b u mark span del ins noscript select") {
		in = append(in, "<"+e+">foo</"+e+">")
		want = append(want, "<p><"+e+">foo</"+e+"></p>")
	}
	if got := strings.TrimSpace(autop(strings.Join(in, "\n\n"))); got != strings.Join(want, "\n") {
		t.Errorf("inlines:\n got %q\nwant %q", got, strings.Join(want, "\n"))
	}
}

func TestNewlinesToBr(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a\nb", "a<br />\nb"},
		{"a  \n\t\nb", "a<br />\nb"},
		{"a<br />\nb", "a<br />\nb"},
		{"a<br /> \nb", "a<br /> <br />\nb"}, // as PCRE's look-behind does
		{"a<br />\n  b", "a<br />\n  b"},
		{"ab", "ab"},
	}
	for _, c := range cases {
		if got := newlinesToBr(c.in); got != c.want {
			t.Errorf("newlinesToBr(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
