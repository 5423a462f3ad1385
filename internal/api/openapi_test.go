package api

import (
	"encoding/json"
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
