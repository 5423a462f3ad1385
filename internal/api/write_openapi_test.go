package api

import (
	"strings"
	"testing"
)

// TestOpenAPIPartsShareAPath: one part may add an operation to a path
// another part documents (the write API's POST /api/v1/articles beside
// the read API's GET), but never the same operation twice.
func TestOpenAPIPartsShareAPath(t *testing.T) {
	doc := map[string]any{"paths": map[string]any{"/api/v1/articles": map[string]any{"get": map[string]any{"operationId": "list"}}}}
	write := map[string]any{"paths": map[string]any{"/api/v1/articles": map[string]any{"post": map[string]any{"operationId": "create"}}}}
	if err := mergeInto(doc, write, "write.json"); err != nil {
		t.Fatal(err)
	}
	item := doc["paths"].(map[string]any)["/api/v1/articles"].(map[string]any)
	if item["get"] == nil || item["post"] == nil {
		t.Errorf("joined path item %v", item)
	}
	again := map[string]any{"paths": map[string]any{"/api/v1/articles": map[string]any{"get": map[string]any{"operationId": "other"}}}}
	if err := mergeInto(doc, again, "again.json"); err == nil || !strings.Contains(err.Error(), `"get"`) {
		t.Errorf("an operation defined twice: %v", err)
	}
}
