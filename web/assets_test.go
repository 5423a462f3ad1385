package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestStylesheetURLsResolve: every relative url() in a stylesheet (the
// generated @font-face blocks of site.css and newsroom.css) names a file
// the static handler serves under its hashed name, so no font is a 404
// after a font or a stylesheet changes.
func TestStylesheetURLsResolve(t *testing.T) {
	a, err := LoadStatic()
	if err != nil {
		t.Fatal(err)
	}
	urls := regexp.MustCompile(`url\(([^)"']+)\)`)
	found := 0
	err = fs.WalkDir(Files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".css") || strings.Contains(p, "/vendor/") {
			return err
		}
		css, err := fs.ReadFile(Files, p)
		if err != nil {
			return err
		}
		for _, m := range urls.FindAllStringSubmatch(string(css), -1) {
			ref := m[1]
			if strings.HasPrefix(ref, "data:") || strings.Contains(ref, "/") {
				continue
			}
			found++
			if _, ok := a.byURL["/static/"+ref]; !ok {
				t.Errorf("%s: url(%s) is no static file's hashed name", p, ref)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 6 {
		t.Errorf("%d url() references in the stylesheets; want the three font files in each of site.css and newsroom.css", found)
	}
}
