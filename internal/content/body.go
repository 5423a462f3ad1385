package content

import (
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

var (
	bodyPolicyOnce sync.Once
	bodyPolicy     *bluemonday.Policy
)

// mediaSrc matches the URLs of our own media: /media/ and a storage key.
var mediaSrc = regexp.MustCompile(`^/media/[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$`)

// bodyElements are the elements a stored body may hold: structure and
// inline emphasis a newsroom needs, and the story blocks (blockformat.go).
// A span stays only with a lang, an img only from our media library.
var bodyElements = map[string]bool{
	"p": true, "h2": true, "h3": true, "h4": true, "strong": true, "b": true, "em": true, "i": true, "u": true,
	"s": true, "blockquote": true, "ul": true, "ol": true, "li": true, "br": true, "hr": true, "figure": true,
	"figcaption": true, "bdi": true, "sub": true, "sup": true, "q": true, "cite": true, "a": true, "span": true,
	"img": true, "aside": true, "table": true, "caption": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
}

// policy is the allow-list for article bodies: structure and inline
// emphasis a newsroom needs, links without scripts, no styling.
func policy() *bluemonday.Policy {
	bodyPolicyOnce.Do(func() {
		p := bluemonday.NewPolicy()
		for name := range bodyElements {
			if name != "span" && name != "img" {
				p.AllowElements(name)
			}
		}
		p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)).Globally()
		// A span survives only to mark a language, e.g. a Qur'anic quotation.
		p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)).OnElements("span")
		p.AllowAttrs("dir").Matching(regexp.MustCompile(`^(rtl|ltr|auto)$`)).Globally()
		p.AllowAttrs("href").OnElements("a")
		// Images only from our own media library (imports and the editor
		// put them in figures); no dot-first segments, so no "..".
		p.AllowAttrs("src").Matching(mediaSrc).OnElements("img")
		p.AllowAttrs("alt").OnElements("img")
		p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^[0-9]{1,5}$`)).OnElements("img")
		p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
		p.AllowAttrs("decoding").Matching(regexp.MustCompile(`^async$`)).OnElements("img")
		// Story blocks (blockformat.go): normalizeBlocks has already put
		// them in their one form; these keep their attributes, checked.
		p.AllowAttrs("data-block").Matching(blockKindPattern).OnElements("figure")
		p.AllowAttrs("data-media", "data-poster").Matching(blockIDPattern).OnElements("figure")
		p.AllowAttrs("data-provider").Matching(providerPattern).OnElements("figure")
		p.AllowAttrs("data-id").Matching(embedIDPattern).OnElements("figure")
		p.AllowAttrs("data-url").Matching(embedURLPattern).OnElements("figure")
		p.AllowAttrs("data-block").Matching(regexp.MustCompile(`^related$`)).OnElements("aside")
		p.AllowAttrs("data-article").Matching(blockIDPattern).OnElements("aside")
		p.AllowAttrs("colspan", "rowspan").Matching(cellSpanPattern).OnElements("th", "td")
		p.AllowStandardURLs()
		p.RequireNoFollowOnFullyQualifiedLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		bodyPolicy = p
	})
	return bodyPolicy
}

// SanitizeBody returns body HTML with everything outside the allow-list
// removed and its story blocks in their one stored form: the stored body
// format, which docs/body-format.md gives with examples and how each block
// is drawn.
//
// A body is a sequence of top-level blocks. Besides paragraphs (<p>),
// subheadings (<h2>–<h4>), lists, quotations (<blockquote>) and rules,
// these story blocks stand between paragraphs, each in exactly this form
// (SanitizeBody rewrites any other spelling into it, or drops it):
//
//	<figure data-block="image" data-media="42"><figcaption>…</figcaption></figure>
//	<figure data-block="gallery">(two or more image figures)<figcaption>…</figcaption></figure>
//	<figure data-block="embed" data-provider="youtube" data-id="…" data-url="https://…" data-poster="7"><figcaption>…</figcaption></figure>
//	<figure data-block="pullquote"><blockquote><p>…</p></blockquote><figcaption>…</figcaption></figure>
//	<table><caption>…</caption><thead><tr><th>…</th></tr></thead><tbody><tr><td>…</td></tr></tbody></table>
//	<aside data-block="related" data-article="17"></aside>
//
// Every <figcaption>, <caption> and table cell holds inline text only, and
// is left out when empty. Images are media library ids, never addresses:
// alt text and credit come from the library when the page is drawn, and
// the figcaption, when there is one, is the caption for this use (else the
// library's). An embed's provider and id are derived from data-url (see
// embed.Parse); its figcaption is the title the reporter typed, and
// data-poster an optional library image shown before the player loads. A
// related box names an article; the page shows its current headline.
// data-* attributes appear on nothing else. Sanitizing a stored body
// changes nothing.
func SanitizeBody(s string) string {
	if hasBlockMarkup(s) {
		s = normalizeBlocks(s)
	}
	return policy().Sanitize(s)
}

var (
	firstParagraph = regexp.MustCompile(`^<p(\s[^>]*)?>`)
	tagPattern     = regexp.MustCompile(`<[^>]*>`)
	blockPattern   = regexp.MustCompile(`(?i)</(p|h[1-6]|li|blockquote|figcaption|caption|th|td)>|<br\s*/?>`)
)

// PlainText turns sanitized body HTML into plain text, one block a line,
// for search indexing, reading time and summaries.
func PlainText(bodyHTML string) string {
	s := blockPattern.ReplaceAllString(bodyHTML, "\n")
	s = tagPattern.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// RunInDateline puts datelineHTML (already escaped) at the start of the
// body's first paragraph, as newspapers run the dateline into the text.
func RunInDateline(bodyHTML, datelineHTML string) string {
	if datelineHTML == "" {
		return bodyHTML
	}
	trimmed := strings.TrimLeft(bodyHTML, " \n\t")
	if m := firstParagraph.FindStringIndex(trimmed); m != nil {
		return trimmed[:m[1]] + datelineHTML + " " + trimmed[m[1]:]
	}
	return "<p>" + datelineHTML + "</p>" + bodyHTML
}
