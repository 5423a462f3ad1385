package content

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLiveTextHTML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"  \n \r\n", ""},
		{"ایک سطر", "<p>ایک سطر</p>"},
		{"پہلی\r\n\r\n  دوسری   سطر ", "<p>پہلی</p><p>دوسری سطر</p>"},
		{`<script>alert("x")</script> & «ك»`, "<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; «ک»</p>"},
	} {
		if got := LiveTextHTML(c.in); got != c.want {
			t.Errorf("LiveTextHTML(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLiveUpdateValidate(t *testing.T) {
	ok := []LiveUpdate{
		{Kind: LiveText, TextHTML: "<p>متن</p>"},
		{Kind: LiveImage, MediaID: 3},
		{Kind: LiveQuote, Quote: "اقتباس"},
	}
	for _, u := range ok {
		if err := u.Validate(); err != nil {
			t.Errorf("%+v: %v", u, err)
		}
	}
	bad := []LiveUpdate{
		{Kind: "video", TextHTML: "<p>x</p>"},
		{Kind: LiveText},
		{Kind: LiveImage},
		{Kind: LiveQuote, QuoteSource: "کوئی"},
		{Kind: LiveText, TextHTML: "<p>" + strings.Repeat("ا", LiveTextMax+1) + "</p>"},
		{Kind: LiveQuote, Quote: strings.Repeat("ا", LiveQuoteMax+1)},
		{Kind: LiveQuote, Quote: "ا", QuoteSource: strings.Repeat("ا", LiveSourceMax+1)},
		{Kind: LiveText, TextHTML: "<p>x</p>", MediaID: -1},
	}
	for _, u := range bad {
		if err := u.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", u, err)
		}
	}
	// A quote only belongs to a quote; markup from elsewhere is cleaned.
	u := LiveUpdate{Kind: LiveText, TextHTML: `<p onclick="x()">متن<script>alert(1)</script></p>`, Quote: "بچا ہوا", QuoteSource: "کوئی"}
	if err := u.Validate(); err != nil || u.Quote != "" || u.QuoteSource != "" || u.TextHTML != "<p>متن</p>" {
		t.Errorf("validated %+v, %v", u, err)
	}
}

func TestLiveUpdateSummary(t *testing.T) {
	long := LiveUpdate{TextHTML: LiveTextHTML("وزیرِ اعلیٰ نے سیلاب زدہ علاقوں کا دورہ کیا اور امدادی کارروائیوں کا جائزہ لیا")}
	if s := long.Summary(30); utf8.RuneCountInString(s) > 30 || !strings.HasSuffix(s, "…") || strings.HasSuffix(s, " …") {
		t.Errorf("Summary(30) = %q", s)
	}
	if s := long.Summary(200); s != "وزیرِ اعلیٰ نے سیلاب زدہ علاقوں کا دورہ کیا اور امدادی کارروائیوں کا جائزہ لیا" {
		t.Errorf("Summary(200) = %q", s)
	}
	quote := LiveUpdate{Quote: "صبر کریں", QuoteSource: "ترجمان"}
	if s := quote.Summary(80); s != "«صبر کریں» — ترجمان" {
		t.Errorf("quote summary %q", s)
	}
	picture := LiveUpdate{Media: &Media{Caption: "امدادی کیمپ"}}
	if s := picture.Summary(80); s != "امدادی کیمپ" {
		t.Errorf("picture summary %q", s)
	}
}

var liveTags = regexp.MustCompile(`<[^>]*>`)

// FuzzLiveTextHTML: whatever is typed, an update's text is valid UTF-8,
// has no markup but its paragraphs, survives sanitizing unchanged, and
// comes back the same after an editor opens it to edit and saves.
func FuzzLiveTextHTML(f *testing.F) {
	for _, s := range []string{"ایک\nدو", "<script>alert(1)</script>", "&amp;&lt;p&gt;", "\xff\xfe\x00", "a\r\n\r\nb", "<p>x</p>", "'\"<>&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := LiveTextHTML(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q", in)
		}
		for _, tag := range liveTags.FindAllString(out, -1) {
			if tag != "<p>" && tag != "</p>" {
				t.Fatalf("markup %q in %q (from %q)", tag, out, in)
			}
		}
		if clean := SanitizeBody(out); clean != out {
			t.Fatalf("sanitizing changes %q to %q", out, clean)
		}
		u := LiveUpdate{TextHTML: out}
		if again := LiveTextHTML(u.Text()); again != out {
			t.Fatalf("editing changes %q to %q (from %q)", out, again, in)
		}
	})
}
