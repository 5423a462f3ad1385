package app

import (
	"net/http"
	"testing"
)

// TestHSTS: a site whose address is https tells browsers to keep to
// https (on pages, cache hits and the newsroom alike); one on http, as in
// development, does not.
func TestHSTS(t *testing.T) {
	for _, c := range []struct {
		base string
		want string
	}{{"https://akhbar.example", "max-age=31536000"}, {"", ""}} {
		var flags []string
		if c.base != "" {
			flags = []string{"--base-url", c.base}
		}
		n := demoNode(t, nil, flags...)
		for _, path := range []string{"/", "/", "/newsroom/login"} {
			resp, err := http.Get(n.url + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Strict-Transport-Security"); got != c.want {
				t.Errorf("base %q, %s: Strict-Transport-Security %q, want %q", c.base, path, got, c.want)
			}
		}
	}
}
