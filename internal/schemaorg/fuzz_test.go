package schemaorg

import (
	"strings"
	"testing"
)

// FuzzCheck: whatever the bytes, Check returns problems with a place and a
// message, and never panics.
func FuzzCheck(f *testing.F) {
	for _, name := range goodFiles {
		f.Add(readDoc(f, name))
	}
	for _, s := range []string{
		"", "{", "[]", "null", `"x"`, `{"@graph":{}}`, `{"@context":["https://schema.org",{"@vocab":"https://schema.org/"}],"@type":["NewsArticle","Thing"]}`,
		`{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{"@id":"#a"},{"@type":"ListItem","position":"2"}]}`,
		`{"@context":"https://schema.org","@type":"WebSite","potentialAction":{"@id":"#s"},"@graph":[{"@id":"#s","@type":"SearchAction","query-input":{"@id":"#s"}}]}`,
		strings.Repeat("[", 100),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		for _, p := range Check(doc) {
			if p.Path == "" || p.Message == "" {
				t.Fatalf("problem without a place or message: %#v", p)
			}
		}
	})
}
