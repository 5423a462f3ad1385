package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"akhbar/internal/xmllint"
)

// Test text carries everything that breaks naive feed writers: markup
// characters, a CDATA terminator, both quotes, a right-to-left mark, emoji
// (outside the BMP), and — added by dirty — control characters, invalid
// UTF-8 and XML non-characters, which the writers must drop.
const (
	rlm    = "\u200f"
	tricky = `<b>&amp; "قول" 'اقتباس' ]]> ` + rlm + "🇵🇰📰"
)

// dirty wraps s in bytes that cannot appear in XML; the writers must return
// exactly s.
func dirty(s string) string {
	return "\x02" + strings.Replace(s, " ", " \x01\xc3", 1) + "\xff\x7f\u0085\ufffe"
}

var pkt = time.FixedZone("PKT", 5*60*60)

// want* hold what a reader must get back.
var (
	wantFeedTitle   = "اخبار " + tricky
	wantFeedDesc    = "پاکستان اور دنیا کی تازہ ترین خبریں " + tricky
	wantItem1Title  = "روس شمالی کوریا دفاعی شراکت کو وسعت دینے پر آمادہ " + tricky
	wantItem1Sum    = "سرگئی شوئیگو کا پیانگ یانگ کا دوسرا دورہ، " + tricky + "\nدوسری سطر"
	wantItem2Title  = "Budget 2026: what changed & why <it> matters"
	wantItem2Sum    = "An English story in an Urdu feed"
	wantCaption     = `سرگئی شوئیگو پیانگ یانگ میں & "کم جونگ اُن" <ملاقات>`
	wantCredit      = "تصویر: اے ایف پی ]]>"
	wantAlt         = `روسی وزیر دفاع <شوئیگو> "مسکراتے"`
	wantAuthorNames = []string{"عائشہ صدیقی", "نیوز ڈیسک & " + rlm + "رپورٹر"}
	wantCategories  = []string{"بین الاقوامی", "روس", "شمالی کوریا <دفاع>"}

	feedUpdatedAt = time.Date(2026, 2, 18, 14, 30, 45, 987654321, pkt)
	item1Pub      = time.Date(2026, 2, 18, 9, 5, 7, 500000000, pkt)
	item1Upd      = time.Date(2026, 2, 18, 14, 30, 45, 0, pkt)
	item2Pub      = time.Date(2026, 2, 17, 23, 59, 59, 0, time.UTC)
)

// body is the article HTML as the sanitizer leaves it: site-relative links
// and images, an external link, a protocol-relative one, an unquoted value,
// srcset, and a literal "]]>" in the text.
const body = `<p>پہلا پیراگراف <a href="/bain-ul-aqwami/12/rus-korea?a=1&amp;b=2">ربط</a> ]]> اور <a href="https://other.example/x">بیرونی</a></p>` +
	`<h2>ذیلی سرخی</h2><p><img src='/media/a.jpg' srcset="/media/a-400.jpg 400w, /media/a-800.jpg 800w" alt="a > b"> <a href=/tag/rus>روس</a> <a href="//cdn.example.pk/y.pdf">فائل</a></p>`

const wantBody = `<p>پہلا پیراگراف <a href="https://akhbar.example.pk/bain-ul-aqwami/12/rus-korea?a=1&amp;b=2">ربط</a> ]]> اور <a href="https://other.example/x">بیرونی</a></p>` +
	`<h2>ذیلی سرخی</h2><p><img src='https://akhbar.example.pk/media/a.jpg' srcset="https://akhbar.example.pk/media/a-400.jpg 400w, https://akhbar.example.pk/media/a-800.jpg 800w" alt="a > b"> <a href=https://akhbar.example.pk/tag/rus>روس</a> <a href="https://cdn.example.pk/y.pdf">فائل</a></p>`

const (
	item1URL = "https://akhbar.example.pk/bain-ul-aqwami/12/rus-korea"
	item2URL = "https://akhbar.example.pk/maeeshat/13/budget-2026"
	imageURL = "https://akhbar.example.pk/media/2026/02/lead.jpg"
)

var wantItem1Content = `<figure><img src="` + imageURL + `" alt="روسی وزیر دفاع &lt;شوئیگو&gt; &#34;مسکراتے&#34;" width="1200" height="675">` +
	`<figcaption>سرگئی شوئیگو پیانگ یانگ میں &amp; &#34;کم جونگ اُن&#34; &lt;ملاقات&gt; — تصویر: اے ایف پی ]]&gt;</figcaption></figure>` + wantBody

const wantItem2Content = `<p>Plain <em>English</em> &amp; nothing relative.</p>`

func sampleFeed() *Feed {
	authors := make([]Person, len(wantAuthorNames))
	for i, n := range wantAuthorNames {
		authors[i] = Person{Name: dirty(n), URL: "https://akhbar.example.pk/author/" + string(rune('a'+i))}
	}
	cats := []string{"  "}
	for _, c := range wantCategories {
		cats = append(cats, dirty(c))
	}
	return &Feed{
		Title:       dirty(wantFeedTitle),
		Description: dirty(wantFeedDesc),
		HomeURL:     "https://akhbar.example.pk/",
		SelfURL:     "https://akhbar.example.pk/feed",
		Language:    "ur",
		Updated:     feedUpdatedAt,
		Icon:        "https://akhbar.example.pk/static/icon-512.png",
		Logo:        "https://akhbar.example.pk/static/logo.png",
		Generator:   "Akhbar",
		Items: []Item{
			{
				ID:          item1URL,
				URL:         item1URL,
				Title:       dirty(wantItem1Title),
				Summary:     dirty(wantItem1Sum),
				ContentHTML: dirty(body),
				Authors:     authors,
				Categories:  cats,
				Published:   item1Pub,
				Updated:     item1Upd,
				Image: &Image{
					URL: imageURL, Type: "image/jpeg", Width: 1200, Height: 675, Length: 245678,
					Alt: dirty(wantAlt), Caption: dirty(wantCaption), Credit: dirty(wantCredit),
				},
			},
			{
				ID:          item2URL,
				URL:         item2URL,
				Title:       wantItem2Title,
				Summary:     wantItem2Sum,
				ContentHTML: wantItem2Content,
				Categories:  []string{"معیشت"},
				Published:   item2Pub,
				Language:    "en",
			},
		},
	}
}

func render(t testing.TB, write func(io.Writer, *Feed) error, f *Feed) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, f); err != nil {
		t.Fatalf("write: %v", err)
	}
	return buf.Bytes()
}

// sameSecond reports whether got is the instant want, to the second.
func sameSecond(got *time.Time, want time.Time) bool {
	return got != nil && got.Equal(want.Truncate(time.Second))
}

func TestWriteErrorsAreWrapped(t *testing.T) {
	f := sampleFeed()
	for name, write := range map[string]func(io.Writer, *Feed) error{"rss": WriteRSS, "atom": WriteAtom, "json": WriteJSON} {
		err := write(failingWriter{}, f)
		if err == nil || !strings.Contains(err.Error(), "feed: write") || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: err = %v, want a wrapped write error", name, err)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"سادہ", "سادہ"},
		{"a\tb\nc\rd", "a\tb\nc\rd"},
		{"a\x00b\x01c\x1fd\x7fe\u0080f\u009fg", "abcdefg"},
		{"bad\xff\xfeutf8\xc3", "badutf8"},
		{"\ufffe\uffff\ufffd", "\ufffd"},
		{rlm + "🇵🇰", rlm + "🇵🇰"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAbsolutize(t *testing.T) {
	const base = "https://akhbar.example.pk/a/1/x"
	tests := []struct{ in, want string }{
		{`<a href="/p">`, `<a href="https://akhbar.example.pk/p">`},
		{`<A HREF='/p' title="/not-a-url">`, `<A HREF='https://akhbar.example.pk/p' title="/not-a-url">`},
		{`<img alt='x src="/no"' src=/yes>`, `<img alt='x src="/no"' src=https://akhbar.example.pk/yes>`},
		{`<p>text href="/p" stays</p>`, `<p>text href="/p" stays</p>`},
		{`<a href="relative/p">`, `<a href="relative/p">`},
		{`<a href="mailto:x@y">`, `<a href="mailto:x@y">`},
		{`<!-- <a href="/p"> -->`, `<!-- <a href="/p"> -->`},
	}
	for _, tt := range tests {
		if got := absolutize(tt.in, base); got != tt.want {
			t.Errorf("absolutize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	if got := absolutize(`<a href="/p">`, "/relative-base"); got != `<a href="/p">` {
		t.Errorf("without an absolute base the HTML must be unchanged, got %q", got)
	}
}

func TestXMLLint(t *testing.T) {
	xmllint.Path(t)
	empty := &Feed{Title: "خالی"}
	for _, tc := range []struct {
		name  string
		write func(io.Writer, *Feed) error
		f     *Feed
	}{
		{"rss", WriteRSS, sampleFeed()},
		{"atom", WriteAtom, sampleFeed()},
		{"rss-empty", WriteRSS, empty},
		{"atom-empty", WriteAtom, empty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if out, ok := xmllint.Run(t, render(t, tc.write, tc.f), ""); !ok {
				t.Fatalf("xmllint --noout:\n%s", out)
			}
		})
	}
}

// wellFormed fails unless data is well-formed XML, read the way a strict
// parser reads it.
func wellFormed(t testing.TB, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, data)
		}
	}
}
