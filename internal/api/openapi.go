package api

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// The OpenAPI document is kept in parts (openapi/*.json): base.json has
// info, servers and the shared components, and each part adds its paths
// and components. Document joins them; a member defined twice is an error.
//
//go:embed openapi/*.json
var openAPIParts embed.FS

var (
	openAPIOnce sync.Once
	openAPIDoc  []byte
	openAPIErr  error
)

// Document returns the OpenAPI 3.1 document as JSON.
func Document() ([]byte, error) {
	openAPIOnce.Do(func() { openAPIDoc, openAPIErr = buildDocument() })
	return openAPIDoc, openAPIErr
}

func buildDocument() ([]byte, error) {
	names, err := fs.Glob(openAPIParts, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	doc := map[string]any{}
	for _, name := range names {
		b, err := openAPIParts.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var part map[string]any
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("openapi: %s: %w", name, err)
		}
		if err := mergeInto(doc, part, name); err != nil {
			return nil, err
		}
	}
	return json.MarshalIndent(doc, "", "  ")
}

// mergeInto adds part to doc: objects are joined member by member (paths,
// components and their sections, and a path's operations, so that one
// part may add a POST to a path another part reads with GET); any other
// member may be given once.
func mergeInto(doc, part map[string]any, where string) error {
	for _, k := range slices.Sorted(maps.Keys(part)) {
		v := part[k]
		old, ok := doc[k]
		if !ok {
			doc[k] = v
			continue
		}
		oldMap, ok1 := old.(map[string]any)
		newMap, ok2 := v.(map[string]any)
		if !ok1 || !ok2 || (k != "paths" && k != "components" && !isComponentSection(k) && !strings.HasSuffix(where, " paths")) {
			return fmt.Errorf("openapi: %s defines %q again", where, k)
		}
		if err := mergeInto(oldMap, newMap, where+" "+k); err != nil {
			return err
		}
	}
	return nil
}

func isComponentSection(k string) bool {
	switch k {
	case "schemas", "responses", "parameters", "headers", "securitySchemes", "examples", "requestBodies":
		return true
	}
	return false
}

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) {
	b, err := Document()
	if err != nil {
		a.log.Error("openapi document", "err", err)
		writeProblem(w, r, http.StatusInternalServerError, ProblemInternal, "")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(b)
}
