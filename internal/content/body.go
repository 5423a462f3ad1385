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

// policy is the allow-list for article bodies: structure and inline
// emphasis a newsroom needs, links without scripts, no styling.
func policy() *bluemonday.Policy {
	bodyPolicyOnce.Do(func() {
		p := bluemonday.NewPolicy()
		p.AllowElements("p", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s",
			"blockquote", "ul", "ol", "li", "br", "hr", "figure", "figcaption", "bdi", "sub", "sup", "q", "cite")
		p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)).Globally()
		// A span survives only to mark a language, e.g. a Qur'anic quotation.
		p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)).OnElements("span")
		p.AllowAttrs("dir").Matching(regexp.MustCompile(`^(rtl|ltr|auto)$`)).Globally()
		p.AllowAttrs("href").OnElements("a")
		p.AllowElements("a")
		// Images only from our own media library (imports and the editor
		// put them in figures); no dot-first segments, so no "..".
		p.AllowAttrs("src").Matching(mediaSrc).OnElements("img")
		p.AllowAttrs("alt").OnElements("img")
		p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^[0-9]{1,5}$`)).OnElements("img")
		p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
		p.AllowAttrs("decoding").Matching(regexp.MustCompile(`^async$`)).OnElements("img")
		p.AllowStandardURLs()
		p.RequireNoFollowOnFullyQualifiedLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		bodyPolicy = p
	})
	return bodyPolicy
}

// SanitizeBody returns body HTML with everything outside the allow-list removed.
func SanitizeBody(s string) string { return policy().Sanitize(s) }

var (
	firstParagraph = regexp.MustCompile(`^<p(\s[^>]*)?>`)
	tagPattern     = regexp.MustCompile(`<[^>]*>`)
	blockPattern   = regexp.MustCompile(`(?i)</(p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>`)
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
