package content

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"akhbar/internal/urdu"
)

func TestFixAllBody(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"text around inline elements is one sentence",
			"<p>کیا <strong>بجٹ</strong> منظور ہو گا?</p>", "<p>کیا <strong>بجٹ</strong> منظور ہو گا؟</p>"},
		{"attributes and tags untouched",
			`<p><a href="https://example.pk/a?b=1,2" title="كيا?">كيا</a> ہے.</p>`, `<p><a href="https://example.pk/a?b=1,2" title="كيا?">کیا</a> ہے۔</p>`},
		{"Qur'anic Arabic untouched", `<p>قرآن میں ہے: <span lang="ar">بسم الله</span> اور كتاب</p>`,
			`<p>قرآن میں ہے: <span lang="ar">بسم الله</span> اور کتاب</p>`},
		{"blocks are separate sentences", "<h2>بجٹ</h2><p>Budget, 2026.</p><p>منظور ہو گیا.</p>",
			"<h2>بجٹ</h2><p>Budget, 2026.</p><p>منظور ہو گیا۔</p>"},
		{"entities of untouched nodes stay as written", "<p>ٹاٹا &amp; سنز&nbsp;</p><p>یہ ہے.</p>", "<p>ٹاٹا &amp; سنز&nbsp;</p><p>یہ ہے۔</p>"},
		{"a fixed node is escaped again", "<p>ٹاٹا &amp; سنز ?</p>", "<p>ٹاٹا &amp; سنز؟</p>"},
		{"Trix's doubled spaces", "<div>روس&nbsp; کوریا</div>", "<div>روس کوریا</div>"},
		{"bidi controls in text", "<p>\u202bروس\u202c</p>", "<p>روس</p>"},
		{"comments stay", "<div><!--block-->ہے.</div>", "<div><!--block-->ہے۔</div>"},
		{"script is not text", "<script>a = b ? c : d; // ہے?</script><p>ٹھیک</p>", "<script>a = b ? c : d; // ہے?</script><p>ٹھیک</p>"},
		{"nothing to do", "<p>روس شمالی کوریا۔</p>", "<p>روس شمالی کوریا۔</p>"},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FixAllBody(c.in); got != c.want {
				t.Errorf("FixAllBody(%q)\n = %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestProofBody(t *testing.T) {
	in := `<p>كيا <b>بجٹ</b> منظور ہو گا?</p><p><span lang="ar">قال الله</span> ہے.</p>`
	p := ProofBody(in)
	if want := "كيا بجٹ منظور ہو گا?\nقال الله ہے.\n"; p.Text != want {
		t.Errorf("text %q, want %q", p.Text, want)
	}
	var got []string
	for _, f := range p.Findings {
		if p.Text[f.Start:f.End] != f.Text {
			t.Errorf("finding %+v is not a span of the text", f)
		}
		got = append(got, string(f.Rule)+":"+f.Text)
	}
	if want := "kaf:ك yeh:ي punctuation:? punctuation:."; strings.Join(got, " ") != want {
		t.Errorf("findings %q, want %q", got, want)
	}
	// One fix: only the second finding, the yeh.
	if got := FixBody(in, func(i int) bool { return i == 1 }); got != `<p>كیا <b>بجٹ</b> منظور ہو گا?</p><p><span lang="ar">قال الله</span> ہے.</p>` {
		t.Errorf("FixBody one = %q", got)
	}
	// A space that runs across two text nodes cannot be fixed in one node: not reported.
	if fs := ProofBody("<p><b>روس </b> کوریا</p>").Findings; len(fs) != 0 {
		t.Errorf("findings across text nodes: %+v", fs)
	}
}

// tags returns the tokens of s that are not text, as written.
func tags(s string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(s))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt != html.TextToken {
			out = append(out, string(z.Raw()))
		}
	}
	return out
}

func FuzzProofBody(f *testing.F) {
	for _, s := range []string{
		"<p>كيا <b>بجٹ</b> منظور ہو گا?</p>", `<p><a href="x?a,b" title="ك">ك</a> ہے .</p>`, `<span lang="ar">الله</span> ه`,
		"<div>روس&nbsp; کوریا</div>", "<p>\u202bروس\u202c</p>", "<<p>>ہے.", "&amp;ك&lt;", "\xff<p>ہ\xfe?</p>",
		"<script>ك?</script>ك", "<plaintext>ك <b>?", "<textarea>ك</textarea>ہے ?", "<p>۲0۲6 ہے.</p>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := FixAllBody(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("FixAllBody(%q) = %q: invalid UTF-8", in, out)
		}
		if again := FixAllBody(out); again != out {
			t.Fatalf("FixAllBody not idempotent on %q: %q then %q", in, out, again)
		}
		if left := ProofBody(out).Findings; len(left) > 0 {
			t.Fatalf("FixAllBody(%q) = %q still has findings %+v", in, out, left)
		}
		if a, b := tags(in), tags(out); strings.Join(a, "\x00") != strings.Join(b, "\x00") {
			t.Fatalf("FixAllBody changed tags: %q → %q", in, out)
		}
		if strings.Count(ProofBody(out).Text, "\u200c") != strings.Count(ProofBody(in).Text, "\u200c") {
			t.Fatalf("FixAllBody(%q) = %q: ZWNJ not kept", in, out)
		}
		for _, f := range ProofBody(in).Findings {
			if f.Rule == urdu.RuleBidiControl && !strings.ContainsFunc(f.Text, urdu.IsBidiControl) {
				t.Fatalf("bidi finding without a control: %+v", f)
			}
		}
	})
}
