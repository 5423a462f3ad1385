package wpimport_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/internal/wpimport"
	"akhbar/internal/wxr/wxrgen"
)

// TestImportDetectsLanguage: an export whose site language is en-US (the
// WordPress installer's default) but whose posts are Urdu gives Urdu
// articles; an earlier import that made them English is corrected by
// running the import again; --language overrides the detection.
func TestImportDetectsLanguage(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var buf bytes.Buffer
		if err := wxrgen.Write(&buf, 20); err != nil {
			t.Fatal(err)
		}
		raw := bytes.Replace(buf.Bytes(), []byte("<language>ur</language>"), []byte("<language>en-US</language>"), 1)
		if bytes.Equal(raw, buf.Bytes()) {
			t.Fatal("the generated export names no language to replace")
		}
		path := filepath.Join(t.TempDir(), "en-us.xml")
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		languages := func() map[string]int {
			t.Helper()
			list, err := s.ListArticles(ctx, store.AllArticles().Limit(100))
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, a := range list {
				out[a.Language]++
			}
			return out
		}
		// What the importer did before: the site's language for every post.
		importFile(t, s, path, wpimport.Options{Language: "en"})
		before := languages()
		if before["en"] == 0 || before["ur"] != 0 {
			t.Fatalf("languages after an import forced to English: %v", before)
		}
		sum := importFile(t, s, path, wpimport.Options{})
		after := languages()
		if after["en"] != 0 || after["ur"] != before["en"] {
			t.Errorf("languages after the rerun: %v (before %v)", after, before)
		}
		if sum.Count("post", "updated") == 0 {
			t.Errorf("the rerun updated no posts: %v", sum.Counts)
		}
		// Unchanged now: a third run writes nothing.
		if sum := importFile(t, s, path, wpimport.Options{}); sum.Count("post", "updated") != 0 {
			t.Errorf("third run: %v", sum.Counts)
		}
	})
}
