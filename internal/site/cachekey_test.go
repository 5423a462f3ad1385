package site

import (
	"net/url"
	"testing"
)

func TestCanonicalQuery(t *testing.T) {
	for _, c := range []struct {
		path, query, want string
		ok                bool
	}{
		{"/", "", "", true},
		{"/", "utm_source=whatsapp&utm_medium=social&fbclid=abc", "", true},
		{"/national/", "page=3&gclid=x", "page=3", true},
		{"/national/", "page=03", "", false},
		{"/national/", "page=0", "", false},
		{"/national/", "page=2&page=3", "", false},
		{"/", "p=12", "", false}, // an old WordPress permalink: its handler redirects
		{"/", "utm=1&x=2", "", true},
		{"/national/", "q=x", "", true},
		{"/search", "section=national&q=%DA%A9%D8%B1%D8%A7%DA%86%DB%8C&utm_source=x", "q=%DA%A9%D8%B1%D8%A7%DA%86%DB%8C&section=national", true},
		{"/search", "q=a&page=2", "page=2&q=a", true},
		{"/search", "q=a&q=b", "", false},
		{"/search", "q=a&sort=old", "q=a", true},
	} {
		values, err := url.ParseQuery(c.query)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := CanonicalQuery(c.path, values)
		if got != c.want || ok != c.ok {
			t.Errorf("CanonicalQuery(%q, %q) = %q, %v; want %q, %v", c.path, c.query, got, ok, c.want, c.ok)
		}
	}
}
