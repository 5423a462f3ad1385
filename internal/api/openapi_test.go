package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIListsEveryRoute: every route served is in the document, and
// every operation in the document is served.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	b, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	served := New(Options{}).Routes()
	for _, r := range served {
		if !slices.Contains(documented, r) {
			t.Errorf("served but not in the OpenAPI document: %s", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(served, d) {
			t.Errorf("in the OpenAPI document but not served: %s", d)
		}
	}
}

// TestNotServed: a path the API does not know is a 404 problem; a known
// path asked with another method is a 405 problem naming the methods.
func TestNotServed(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	for _, c := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/api/v1/no-such-thing", 404, ""},
		{"DELETE", "/api/v1/openapi.json", 405, "GET, HEAD"},
		{"POST", "/api/v1/sections", 405, "GET, HEAD"},
		{"PUT", "/api/v1/articles/7", 405, "GET, HEAD, PATCH"},
	} {
		req, _ := http.NewRequest(c.method, srv.URL+c.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var p Problem
		json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		if resp.StatusCode != c.status || p.Status != c.status || resp.Header.Get("Content-Type") != "application/problem+json" || resp.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: %d %+v, Allow %q; want %d, Allow %q", c.method, c.path, resp.StatusCode, p, resp.Header.Get("Allow"), c.status, c.allow)
		}
	}
}
