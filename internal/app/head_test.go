package app

import (
	"context"
	"io"
	"net/http"
	"testing"

	"akhbar/internal/store"
)

// TestHeadAnswersAsGet: HEAD gets the status and headers GET gets, on
// every kind of path (pages, redirects, feeds, the newsroom signed out,
// the API, a 404), with no body. Link checkers and crawlers use HEAD.
func TestHeadAnswersAsGet(t *testing.T) {
	n := demoNode(t, nil)
	list, err := n.App.Store.ListArticles(context.Background(), store.PublishedArticles().Limit(1))
	if err != nil || len(list) == 0 {
		t.Fatal("no published article", err)
	}
	a := list[0]
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path string) (*http.Response, []byte) {
		req, _ := http.NewRequest(method, n.url+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	for _, path := range []string{"/", a.Path(), a.Section.Path(), "/" + a.Section.Slug, "/search?q=پاکستان",
		"/feed.xml", "/sitemap.xml", "/robots.txt", "/no-such-page", "/newsroom/", "/newsroom/login",
		"/api/v1/articles", "/healthz"} {
		get, _ := do("GET", path)
		head, body := do("HEAD", path)
		if head.StatusCode != get.StatusCode {
			t.Errorf("HEAD %s answers %d, GET %d", path, head.StatusCode, get.StatusCode)
		}
		for _, h := range []string{"Content-Type", "Location", "Cache-Control", "Content-Encoding"} {
			if head.Header.Get(h) != get.Header.Get(h) {
				t.Errorf("HEAD %s: %s %q, GET: %q", path, h, head.Header.Get(h), get.Header.Get(h))
			}
		}
		if len(body) != 0 {
			t.Errorf("HEAD %s sent a body of %d bytes", path, len(body))
		}
	}
}
