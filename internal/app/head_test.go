package app

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"akhbar/internal/content"
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

// TestOneSpellingPerURL: a tag's Urdu address is written one way on every
// page, feed and sitemap (upper-case percent escapes), and asked for in
// another spelling it answers 301 to that one.
func TestOneSpellingPerURL(t *testing.T) {
	n := demoNode(t, nil)
	list, err := n.App.Store.ListArticles(context.Background(), store.PublishedArticles().Limit(20))
	if err != nil {
		t.Fatal(err)
	}
	var a content.Article
	for _, x := range list {
		if full, _ := n.App.Store.Article(context.Background(), x.ID); len(full.Tags) > 0 && !isASCII(full.Tags[0].Slug) {
			a = full
			break
		}
	}
	if a.ID == 0 {
		t.Fatal("no demo article with an Urdu tag")
	}
	tag := a.Tags[0]
	want := (&url.URL{Path: tag.Path()}).EscapedPath() // upper-case hex
	lower := strings.ToLower(want)
	for _, p := range []string{a.Path(), want, want + "/feed.xml", want + "/atom.xml", want + "/feed.json", "/sitemap.xml", "/api/v1/articles/" + strconv.FormatInt(a.ID, 10)} {
		code, body := n.get(t, p)
		if code != http.StatusOK {
			t.Fatalf("%s answers %d", p, code)
		}
		if strings.Contains(body, tag.Path()) || strings.Contains(body, lower) {
			t.Errorf("%s writes the tag's address raw or with lower-case escapes", p)
		}
		if p != "/sitemap.xml" && !strings.Contains(body, want) {
			t.Errorf("%s does not write the tag's address as %s", p, want)
		}
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(n.url + lower + "?page=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != want+"?page=1" {
		t.Errorf("%s answers %d → %q, want 301 → %s?page=1", lower, resp.StatusCode, resp.Header.Get("Location"), want)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
