package wpbody

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// wordListMarker is how Word writes a list item's bullet or number, visible
// only to old browsers: <!--[if !supportLists]-->·&nbsp;<!--[endif]-->.
var (
	wordListMarker = regexp.MustCompile(`(?is)<!--\[if !supportLists\]-->(.*?)<!--\[endif\]-->|<!\[if !supportLists\]>(.*?)<!\[endif\]>`)
	numberMarker   = regexp.MustCompile(`^\(?([0-9۰-۹٠-٩]+|[a-zA-Z]|[ivxlcIVXLC]+)[.)]`)
)

// markWordLists replaces Word's list markers with an element saying
// which kind of list the paragraph is an item of.
func markWordLists(s string) string {
	if !strings.Contains(s, "supportLists") {
		return s
	}
	return wordListMarker.ReplaceAllStringFunc(s, func(m string) string {
		text := strings.TrimSpace(strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return ' '
			}
			return r
		}, html.UnescapeString(stripTags(strings.NewReplacer("<!--[if !supportLists]-->", "", "<!--[endif]-->", "", "<![if !supportLists]>", "", "<![endif]>", "").Replace(m)))))
		if numberMarker.MatchString(text) {
			return `<wp-list-item kind="ol"></wp-list-item>`
		}
		return `<wp-list-item kind="ul"></wp-list-item>`
	})
}

// wordListKind returns "ul" or "ol" when the paragraph n is an item of a
// list pasted from Word, "" otherwise.
func wordListKind(n *node) string {
	for _, ch := range n.kids {
		if ch.tag == "wp-list-item" {
			return ch.get("kind")
		}
		if ch.tag == "span" || ch.tag == "font" || ch.tag == "b" || ch.tag == "strong" {
			if kind := wordListKind(ch); kind != "" {
				return kind
			}
		}
		if ch.tag != "" || strings.TrimSpace(ch.text) != "" {
			return ""
		}
	}
	return ""
}
