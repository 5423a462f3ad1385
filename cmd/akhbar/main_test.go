package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/search"
	"akhbar/internal/store"
)

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AKHBAR_DATA_DIR", dir)
	ctx := context.Background()
	if err := run(ctx, nil); err == nil {
		t.Error("no command: no error")
	}
	if err := run(ctx, []string{"publish-everything"}); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: %v", err)
	}
	if err := run(ctx, []string{"migrate"}); err != nil {
		t.Fatal(err)
	}

	withStdin(t, "لمبا اور محفوظ پاس ورڈ\n")
	if err := run(ctx, []string{"user", "create", "--role", "admin", "--name", "مدیر اعلیٰ", "Editor@Example.pk"}); err != nil {
		t.Fatal(err)
	}
	withStdin(t, "short\n")
	if err := run(ctx, []string{"user", "reset", "editor@example.pk"}); err == nil {
		t.Error("a short password was accepted")
	}
	withStdin(t, "ایک نیا لمبا پاس ورڈ\n")
	if err := run(ctx, []string{"user", "reset", "editor@example.pk"}); err != nil {
		t.Fatal(err)
	}
	withStdin(t, "ایک نیا لمبا پاس ورڈ\n")
	if err := run(ctx, []string{"user", "create", "--role", "king", "x@example.pk"}); err == nil {
		t.Error("unknown role accepted")
	}

	s, err := store.Open(ctx, filepath.Join(dir, "akhbar.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.UserByEmail(ctx, "editor@example.pk")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != "admin" || u.Name != "مدیر اعلیٰ" {
		t.Errorf("user = %+v", u)
	}
	if err := auth.VerifyPassword(u.PasswordHash, "ایک نیا لمبا پاس ورڈ"); err != nil {
		t.Errorf("reset password does not verify: %v", err)
	}

	if err := run(ctx, []string{"demo"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountArticles(ctx, store.PublishedArticles()); n < 41 {
		t.Errorf("demo loaded %d articles", n)
	}
	if err := run(ctx, []string{"reindex"}); err != nil {
		t.Fatal(err)
	}
	find := store.SearchQuery{Query: search.Parse("شمالی کوریا"), Status: content.StatusPublished}
	if _, n, err := s.Search(ctx, find); err != nil || n == 0 {
		t.Errorf("after reindex, search finds %d (%v)", n, err)
	}
}

func withStdin(t *testing.T, text string) {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(text)
	f.Seek(0, 0)
	old := os.Stdin
	os.Stdin = f
	t.Cleanup(func() { os.Stdin = old; f.Close() })
}

// TestImportWordPressCommand runs the import as a newsroom would: a dry
// run first (nothing written), the import, a second run, and a file cut
// short (an error that says so, after importing what was whole).
func TestImportWordPressCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AKHBAR_DATA_DIR", dir)
	ctx := context.Background()
	export := "../../internal/wpimport/testdata/news.xml"
	count := func() int {
		t.Helper()
		s, err := store.Open(ctx, filepath.Join(dir, "akhbar.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		n, err := s.CountArticles(ctx, store.AllArticles())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, args := range [][]string{{"import"}, {"import", "joomla", export}, {"import", "wordpress"},
		{"import", "wordpress", "--uploads", "/no/such/folder", export}, {"import", "wordpress", "/no/such/export.xml"}} {
		if err := run(ctx, args); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
	if err := run(ctx, []string{"import", "wordpress", "--dry-run", export}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Fatalf("dry run wrote %d articles", n)
	}
	for range 2 {
		if err := run(ctx, []string{"import", "wordpress", "--zone", "Asia/Karachi", export}); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 7 {
			t.Fatalf("%d articles after importing, want 7 (6 posts, 1 page)", n)
		}
	}
	raw, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.xml")
	if err := os.WriteFile(cut, raw[:len(raw)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"import", "wordpress", cut}); err == nil || !strings.Contains(err.Error(), "incomplete") {
		t.Errorf("truncated export: %v", err)
	}
}
