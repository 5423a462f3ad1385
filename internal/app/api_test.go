package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"akhbar/internal/api"
	"akhbar/internal/content"
	"akhbar/internal/store/storetest"
)

// apiNode opens the demo with the API limited to rate requests a second
// per client, on SQLite, or on PostgreSQL when dsn is given.
func apiNode(t *testing.T, dsn, rate string) *node {
	t.Helper()
	args := []string{"--demo", "--api-rate", rate}
	if dsn != "" {
		args = append(args, "--database", dsn)
	}
	a, err := Open(context.Background(), testConfig(t, t.TempDir(), args...), slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &node{App: a, url: srv.URL}
}

func apiRequest(t *testing.T, method, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestAPIThroughTheApp: the content API as app.routes serves it, on both
// engines: reads readable from any origin (cache hits too) with a
// preflight, kept with an ETag, a withdrawn story gone from the list and
// its URL at once, and every request, cache hits included, counted
// against the client's rate limit.
func TestAPIThroughTheApp(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testAPIThroughTheApp(t, "") })
	t.Run("postgres", func(t *testing.T) { testAPIThroughTheApp(t, storetest.PostgresSchema(t)) })
}

func testAPIThroughTheApp(t *testing.T, dsn string) {
	n := apiNode(t, dsn, "5") // bursts of 15
	ctx := context.Background()
	list := n.url + "/api/v1/articles?limit=50"
	resp, body := apiRequest(t, http.MethodGet, list)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != http.StatusOK || etag == "" || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("GET the list: %d %v", resp.StatusCode, resp.Header)
	}
	hit, _ := apiRequest(t, http.MethodGet, list, "If-None-Match", etag, "Origin", "https://app.example")
	if hit.StatusCode != http.StatusNotModified || hit.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("a cache hit with If-None-Match: %d, CORS %q", hit.StatusCode, hit.Header.Get("Access-Control-Allow-Origin"))
	}
	pre, _ := apiRequest(t, http.MethodOptions, n.url+"/api/v1/articles/1", "Origin", "https://app.example",
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match")
	if pre.StatusCode != http.StatusNoContent || pre.Header.Get("Access-Control-Allow-Origin") != "*" ||
		pre.Header.Get("Access-Control-Allow-Methods") != strings.Join(api.AllowedMethods(), ", ") ||
		!strings.Contains(pre.Header.Get("Access-Control-Allow-Headers"), "If-None-Match") {
		t.Errorf("preflight: %d %v", pre.StatusCode, pre.Header)
	}

	var page struct {
		Items []struct {
			ID  int64  `json:"id"`
			URL string `json:"url"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil || len(page.Items) == 0 {
		t.Fatalf("list: %v %s", err, body)
	}
	gone := page.Items[0].ID
	one := fmt.Sprint(n.url, "/api/v1/articles/", gone)
	if r, _ := apiRequest(t, http.MethodGet, one); r.StatusCode != http.StatusOK {
		t.Fatalf("GET the story: %d", r.StatusCode)
	}
	x, err := n.Store.Article(ctx, gone)
	if err != nil {
		t.Fatal(err)
	}
	x.Status = content.StatusUnpublished
	if err := n.Store.SaveArticle(ctx, &x, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	n.articleChanged(ctx, x.ID) // what the newsroom calls
	if r, b := apiRequest(t, http.MethodGet, one); r.StatusCode != http.StatusNotFound || !strings.Contains(b, "not-found") {
		t.Errorf("the withdrawn story: %d %s", r.StatusCode, b)
	}
	_, body = apiRequest(t, http.MethodGet, list)
	page.Items = nil
	json.Unmarshal([]byte(body), &page)
	for _, it := range page.Items {
		if it.ID == gone {
			t.Errorf("the withdrawn story %d is still listed", gone)
		}
	}

	// The rate limit: the burst, then 429 with Retry-After, cache hits
	// included; the site's pages are not limited.
	refused := 0
	for i := 0; i < 100 && refused == 0; i++ {
		r, b := apiRequest(t, http.MethodGet, list)
		switch r.StatusCode {
		case http.StatusOK:
		case http.StatusTooManyRequests:
			refused++
			var p api.Problem
			if json.Unmarshal([]byte(b), &p) != nil || p.Type != api.ProblemRateLimited.URI || r.Header.Get("Retry-After") == "" ||
				r.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("429: %v %s", r.Header, b)
			}
		default:
			t.Fatalf("%d %s", r.StatusCode, b)
		}
	}
	if refused == 0 {
		t.Fatal("100 requests in a row at a limit of 5 a second, none refused")
	}
	if code, _ := n.get(t, "/"); code != http.StatusOK {
		t.Errorf("the home page after the API's limit: %d", code)
	}
}
