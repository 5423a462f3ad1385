package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	cases := []struct{ in, want string }{
		{"پاکستان", "پاکستان*"},
		{"پاکستان ", "پاکستان"},
		{"پاکستان کی معیشت", "پاکستان معیشت*"},
		{"پاکستان کی معیشت ", "پاکستان معیشت"},
		{"کی", "کی"}, // a lone stop word still searches (whole: two letters are no prefix)
		{"کی ", "کی"},
		{`"وزیر اعظم" دورہ`, `"وزیر اعظم" دورہ*`},
		{`«وزیر اعظم»`, `"وزیر اعظم"`},
		{`"وزیر اعظم`, `"وزیر اعظم"`},    // unclosed quote runs to the end
		{`"وزیر`, `وزیر`},                // a one-word phrase is a word, and not a prefix
		{"كراچي", "کراچی*"},              // folded
		{"۲۰۲۶ ٢٠٢٦ 2026", "2026 2026*"}, // digits folded, duplicates dropped
		{"ک", "ک"},                       // one letter is not a prefix
		{"خبر", "خبر*"},                  // three are
		{"کر", "کر"},                     // two are not: کراچی, کرکٹ, کرنا… would drown the word
		{"IMF، PTI؟", "imf pti"},
		{`* : ( ) - + ^ NEAR`, "near*"},
		{"", ""},
		{"   ", ""},
		{"\xff\xfe", ""},
		{"a\xffbcd", "a bcd*"},
	}
	for _, c := range cases {
		if got := Parse(c.in).String(); got != c.want {
			t.Errorf("Parse(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseLimits(t *testing.T) {
	long := strings.Repeat("الف ب ", 3000)
	q := Parse(long)
	if len(q.Terms) > MaxTerms {
		t.Errorf("%d terms, want at most %d", len(q.Terms), MaxTerms)
	}
	// Cutting at MaxQueryBytes never splits a rune.
	q = Parse(strings.Repeat("پ", MaxQueryBytes))
	if s := q.String(); !utf8.ValidString(s) {
		t.Errorf("invalid UTF-8 after the cut: %q", s)
	}
}

func TestRender(t *testing.T) {
	q := Parse(`"وزیر اعظم" it's کراچ`)
	tiers := q.Tiers()
	if len(tiers) != 3 {
		t.Fatalf("%d tiers, want exact, equivalent, prefix", len(tiers))
	}
	cases := []struct {
		level    int
		fts, tsq string
	}{
		{TierExact, `"وزیر اعظم" AND "it's" AND "کراچ"`, `('وزیر' <-> 'اعظم') & 'it''s' & 'کراچ'`},
		// «کراچ» splits into «کر» and «اچ», two words of the lexicon: as
		// a phrase, which real text never writes.
		{TierEquivalent, `("وزیر اعظم" OR "وزیراعظم" OR "ـوزیراعظم") AND "it's" AND ("کراچ" OR "ـکراچ" OR "کر اچ")`,
			`(('وزیر' <-> 'اعظم') | 'وزیراعظم' | 'ـوزیراعظم') & 'it''s' & ('کراچ' | 'ـکراچ' | ('کر' <-> 'اچ'))`},
		{TierPrefix, `("وزیر اعظم" OR "وزیراعظم" OR "ـوزیراعظم") AND "it's" AND ("کراچ" OR "ـکراچ" OR "کر اچ" OR "کراچ" * OR "ـکراچ" *)`,
			`(('وزیر' <-> 'اعظم') | 'وزیراعظم' | 'ـوزیراعظم') & 'it''s' & ('کراچ' | 'ـکراچ' | ('کر' <-> 'اچ') | 'کراچ':* | 'ـکراچ':*)`},
	}
	for i, c := range cases {
		if tiers[i].Level != c.level {
			t.Errorf("tier %d: level %d, want %d", i, tiers[i].Level, c.level)
		}
		if got := tiers[i].FTS5(""); got != c.fts {
			t.Errorf("tier %d: FTS5 = %s\nwant %s", i, got, c.fts)
		}
		if got := tiers[i].TSQuery(); got != c.tsq {
			t.Errorf("tier %d: TSQuery = %s\nwant %s", i, got, c.tsq)
		}
	}
	if got, want := tiers[0].FTS5("headline"), `headline : ("وزیر اعظم" AND "it's" AND "کراچ")`; got != want {
		t.Errorf("FTS5(headline) = %s, want %s", got, want)
	}
	// Query.FTS5 and TSQuery render everything the query matches.
	if q.FTS5("") != cases[2].fts || q.TSQuery() != cases[2].tsq {
		t.Errorf("Query renders %s / %s, want its loosest tier", q.FTS5(""), q.TSQuery())
	}
	// A query typed with a space at the end has no prefix tier.
	if n := len(Parse("کراچی ").Tiers()); n != 2 {
		t.Errorf("closed query: %d tiers, want 2", n)
	}
}

func TestTSVectors(t *testing.T) {
	d := Document{Headline: "وزیر اعظم", Strapline: "", Body: "اعظم نے کہا", Tags: []string{"it's"}, Section: "قومی"}
	all, head := d.TSVectors()
	// «وزیر اعظم» side by side is a compound: its joined key follows the
	// field's words as a derived form.
	if want := `'وزیر':1 'اعظم':2,5 'ـوزیراعظم':3 'نے':6 'کہا':7 'it''s':9 'قومی':10`; all != want {
		t.Errorf("all = %s\nwant %s", all, want)
	}
	if want := `'وزیر':1 'اعظم':2 'ـوزیراعظم':3`; head != want {
		t.Errorf("head = %s, want %s", head, want)
	}
}

func TestSnippet(t *testing.T) {
	m := Parse("كراچي بارش").Matcher()
	text := "ملک بھر میں موسم خوشگوار رہا۔\n\nکراچی میں دن بھر بارش ہوتی رہی، شہری خوش۔"
	got := render(m.Snippet(text, 6))
	if want := "… رہا۔ [کراچی] میں دن بھر [بارش] …"; got != want {
		t.Errorf("Snippet = %q\nwant      %q", got, want)
	}
	if got := render(m.Highlight("کراچی کی بارشیں")); got != "[کراچی] کی [بارشیں]" {
		t.Errorf("Highlight = %q", got)
	}
	// No match: the start of the text.
	if got := render(Parse("لاہور").Matcher().Snippet(text, 3)); got != "ملک بھر میں …" {
		t.Errorf("no-match snippet = %q", got)
	}
}

func render(fs []Fragment) string {
	var b strings.Builder
	for _, f := range fs {
		if f.Match {
			b.WriteString("[" + f.Text + "]")
		} else {
			b.WriteString(f.Text)
		}
	}
	return b.String()
}

// FuzzParse: any input parses, renders to expressions that quote every
// word, and highlights without losing text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"پاکستان کی معیشت", `"وزیر اعظم`, `* : ( ) NEAR AND`, "\xff", "a'b'c", `""""`, "«»", "۲٫۵ 3.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q := Parse(in)
		if len(q.Terms) > MaxTerms {
			t.Fatalf("%d terms", len(q.Terms))
		}
		for _, term := range q.Terms {
			for _, w := range term.Words {
				if w == "" || strings.ContainsAny(w, " \"") || !utf8.ValidString(w) {
					t.Fatalf("bad word %q from %q", w, in)
				}
			}
		}
		fts := q.FTS5("")
		if strings.Count(fts, `"`)%2 != 0 {
			t.Fatalf("unbalanced FTS5 quotes: %s", fts)
		}
		if ts := q.TSQuery(); strings.Count(ts, "'")%2 != 0 {
			t.Fatalf("unbalanced tsquery quotes: %s", ts)
		}
		if n := q.Matcher().Mentions(in, 3); n < 0 || n > 3 {
			t.Fatalf("Mentions(%q, 3) = %d", in, n)
		}
		var b strings.Builder
		for _, fr := range q.Matcher().Highlight(in) {
			b.WriteString(fr.Text)
		}
		if strings.Contains(in, "\n") || strings.Contains(in, "\t") || strings.Contains(in, "\r") {
			return // Highlight collapses whitespace
		}
		if b.String() != in {
			t.Fatalf("Highlight lost text: %q → %q", in, b.String())
		}
	})
}

// TestJoinsAndSplits shows the equivalent tier's compounds from the query
// side (issue 21, round two): two words typed apart also match joined,
// a stop word included, and a word typed joined matches as the phrase of
// two lexicon words; at the exact tier neither applies.
func TestJoinsAndSplits(t *testing.T) {
	cases := []struct{ q, exact, equivalent string }{
		{"لوڈ شیڈنگ ", `"لوڈ" AND "شیڈنگ"`,
			`("لوڈ" OR "ـلوڈ" OR "لوڈشیڈنگ" OR "ـلوڈشیڈنگ") AND ("شیڈنگ" OR "ـشیڈنگ" OR "لوڈشیڈنگ" OR "ـلوڈشیڈنگ")`},
		{"بلا سود ", `"بلا" AND "سود"`,
			`("بلا" OR "ـبلا" OR "بلاسود" OR "ـبلاسود") AND ("سود" OR "ـسود" OR "بلاسود" OR "ـبلاسود")`},
		// پر is a stop word: dropped, but امن still matches پرامن.
		{"پر امن ", `"امن"`, `("امن" OR "ـامن" OR "پرامن" OR "ـپرامن")`},
		{"نیوزیلینڈ ", `"نیوزیلینڈ"`, `("نیوزیلینڈ" OR "ـنیوزیلینڈ" OR "نیوزی لینڈ")`},
		// Latin words and numbers neither join nor split.
		{"psl 2026 ", `"psl" AND "2026"`, `"psl" AND "2026"`},
	}
	for _, c := range cases {
		tiers := Parse(c.q).Tiers()
		if got := tiers[0].FTS5(""); got != c.exact {
			t.Errorf("%q exact: %s\nwant %s", c.q, got, c.exact)
		}
		if got := tiers[1].FTS5(""); got != c.equivalent {
			t.Errorf("%q equivalent: %s\nwant %s", c.q, got, c.equivalent)
		}
	}
	// A quoted phrase neither joins nor splits its words.
	if got, want := Parse(`"لوڈ شیڈنگ" `).Tiers()[1].FTS5(""), `"لوڈ شیڈنگ"`; got != want {
		t.Errorf("phrase: %s, want %s", got, want)
	}
}

// TestMentions: Mentions counts the query's words as the index finds
// them, a compound written joined or apart, and stops at atMost.
func TestMentions(t *testing.T) {
	for _, c := range []struct {
		query, text  string
		atMost, want int
	}{
		{"وزیراعظم", "وزیر اعظم نے اجلاس کی صدارت کی۔ وزیراعظم نے کہا", 5, 2},
		{"وزیر اعظم", "وزیراعظم نے کہا", 5, 1},
		{"بارش", "بارش، بارش اور بارش", 2, 2},
		{"بارش", "کراچی میں موسم خوشگوار رہا", 2, 0},
		{"امریکہ", "امریکا سے ترسیلات", 2, 1}, // an equivalent spelling
	} {
		if got := Parse(c.query).Whole().Matcher().Mentions(c.text, c.atMost); got != c.want {
			t.Errorf("«%s» in «%s» (at most %d): %d mentions, want %d", c.query, c.text, c.atMost, got, c.want)
		}
	}
}
