package newsroom

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"akhbar/internal/content"
	"akhbar/internal/urdu"
)

// The proofed fields of the editor form, by form name, and how the
// editor names them.
var proofFields = []struct{ name, label string }{
	{"headline", "سرخی"},
	{"strapline", "ذیلی سرخی"},
	{"body", "متن"},
}

// proofShown is how many findings the editor lists; «سب درست کریں»
// fixes the rest too.
const proofShown = 60

// proofAll is the value of the «سب درست کریں» button.
const proofAll = "all"

// proofView is the proofing advice the editor shows under the form.
type proofView struct {
	Items []proofItem
	Total int    // findings in all, listed or not
	More  int    // findings not listed
	Note  string // what the last fix button did
}

// proofItem is one finding as the editor lists it.
type proofItem struct {
	Key        string // what its «درست کریں» button sends
	Field      string // form field name
	FieldLabel string
	Before     string // text before the finding, on its line
	Shown      string // the finding's text, invisible characters made visible
	After      string
	FixShown   string // the fix, the same way, when Message does not say it
	Message    string
	// For proof.js, which fixes headline and strapline in place: the
	// finding's start in the field's value in UTF-16 code units (as
	// JavaScript counts), and its text and fix as they are.
	InPlace  bool
	JSStart  int
	From, To string
}

// proofKey names a finding across a round trip through the form: its
// field, rule, which of that field's findings of that rule it is, and its
// text (hex, to check the text is still what was proofed).
func proofKey(field string, f urdu.Finding, nth int) string {
	return field + "/" + string(f.Rule) + "/" + strconv.Itoa(nth) + "/" + hex.EncodeToString([]byte(f.Text))
}

// fieldProof is one field's value and what Proof found in it.
type fieldProof struct {
	name, label string
	text        string // what the findings are spans of
	findings    []urdu.Finding
}

// proofForm proofs the headline, strapline and body of f. Only Urdu is
// proofed: the rules are Urdu's, and Arabic, Persian, Sindhi and Pashto
// spell with letters Urdu does not.
func proofForm(f articleForm) []fieldProof {
	if f.Language != "" && f.Language != "ur" {
		return nil
	}
	var out []fieldProof
	for _, pf := range proofFields {
		fp := fieldProof{name: pf.name, label: pf.label}
		switch pf.name {
		case "headline":
			fp.text, fp.findings = f.Headline, urdu.Proof(f.Headline)
		case "strapline":
			fp.text, fp.findings = f.Strapline, urdu.Proof(f.Strapline)
		case "body":
			bp := content.ProofBody(f.Body)
			fp.text, fp.findings = bp.Text, bp.Findings
		}
		out = append(out, fp)
	}
	return out
}

// proofAdvice turns the findings into what the editor lists.
func proofAdvice(f articleForm) *proofView {
	v := &proofView{}
	for _, fp := range proofForm(f) {
		nth := map[urdu.Rule]int{}
		for _, fd := range fp.findings {
			key := proofKey(fp.name, fd, nth[fd.Rule])
			nth[fd.Rule]++
			v.Total++
			if len(v.Items) >= proofShown {
				continue
			}
			before, after := around(fp.text, fd)
			it := proofItem{Key: key, Field: fp.name, FieldLabel: fp.label, Before: before, After: after,
				Shown: visible(fd.Text), Message: fd.Message}
			if strings.TrimSpace(fd.Fix) != "" && fd.Rule != urdu.RuleInvalidUTF8 && !strings.Contains(fd.Message, "«"+fd.Fix+"»") {
				it.FixShown = visible(fd.Fix)
			}
			if fp.name != "body" {
				it.InPlace, it.JSStart, it.From, it.To = true, utf16Len(fp.text[:fd.Start]), fd.Text, fd.Fix
			}
			v.Items = append(v.Items, it)
		}
	}
	v.More = v.Total - len(v.Items)
	return v
}

// applyProof applies the fix a button asked for to f's text: all of them,
// or the one named by key, if the text still has it. It reports how many
// fields changed, or -1 when the finding is no longer there.
func applyProof(f *articleForm, key string) int {
	if key == proofAll {
		changed := 0
		for _, p := range []*string{&f.Headline, &f.Strapline} {
			if fixed := urdu.FixAll(*p); fixed != *p {
				*p = fixed
				changed++
			}
		}
		if fixed := content.FixAllBody(f.Body); fixed != f.Body {
			f.Body = fixed
			changed++
		}
		return changed
	}
	parts := strings.SplitN(key, "/", 4)
	if len(parts) != 4 {
		return -1
	}
	nth, err := strconv.Atoi(parts[2])
	text, herr := hex.DecodeString(parts[3])
	if err != nil || herr != nil {
		return -1
	}
	for _, fp := range proofForm(*f) {
		if fp.name != parts[0] {
			continue
		}
		seen := 0
		for i, fd := range fp.findings {
			if string(fd.Rule) != parts[1] {
				continue
			}
			if seen++; seen-1 != nth {
				continue
			}
			if fd.Text != string(text) {
				return -1
			}
			switch fp.name {
			case "headline":
				f.Headline, _ = urdu.Fix(f.Headline, fd)
			case "strapline":
				f.Strapline, _ = urdu.Fix(f.Strapline, fd)
			case "body":
				f.Body = content.FixBody(f.Body, func(j int) bool { return j == i })
			}
			return 1
		}
	}
	return -1
}

// contextRunes is how much text the editor shows on each side of a finding.
const contextRunes = 24

// around returns up to contextRunes of the text before and after f, on
// f's line, shortened at a space where it can be, invisible characters
// made visible.
func around(text string, f urdu.Finding) (before, after string) {
	b := text[:f.Start]
	if i := strings.LastIndexAny(b, "\n\r"); i >= 0 {
		b = b[i+1:]
	}
	if utf8.RuneCountInString(b) > contextRunes {
		rs := []rune(b)
		b = string(rs[len(rs)-contextRunes:])
		if i := strings.IndexByte(b, ' '); i >= 0 && i < len(b)-1 {
			b = b[i+1:]
		}
		b = "…" + b
	}
	a := text[f.End:]
	if i := strings.IndexAny(a, "\n\r"); i >= 0 {
		a = a[:i]
	}
	if utf8.RuneCountInString(a) > contextRunes {
		a = string([]rune(a)[:contextRunes])
		if i := strings.LastIndexByte(a, ' '); i > 0 {
			a = a[:i]
		}
		a += "…"
	}
	return visibleContext(b), visibleContext(a)
}

// visible shows what a finding is made of: spaces as ␣, direction
// controls by their code point, broken bytes as �.
func visible(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune('\uFFFD')
		case r == '\t' || unicode.Is(unicode.Zs, r):
			b.WriteRune('␣')
		case urdu.IsBidiControl(r):
			fmt.Fprintf(&b, "[%U]", r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// visibleContext drops direction controls from text shown around a
// finding, so the advice list itself reads in order.
func visibleContext(s string) string {
	return strings.ToValidUTF8(urdu.StripBidiControls(s), "\uFFFD")
}

// utf16Len is the length of s in UTF-16 code units, as JavaScript
// strings count.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
