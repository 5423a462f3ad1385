package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akhbar/internal/app"
	"akhbar/internal/auth"
	"akhbar/internal/config"
	"akhbar/internal/content"
	"akhbar/internal/search"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
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
	// A user who lost their phone and recovery codes: the operator turns
	// two-factor off with the reset.
	if err := s.StartTwoFactor(ctx, u.ID, "JBSWY3DPEHPK3PXP"); err != nil {
		t.Fatal(err)
	}
	if err := s.EnableTwoFactor(ctx, u.ID, "JBSWY3DPEHPK3PXP", 1, []string{"h"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	withStdin(t, "ایک نیا لمبا پاس ورڈ\n")
	if err := run(ctx, []string{"user", "reset", "--two-factor-off", "editor@example.pk"}); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserByEmail(ctx, "editor@example.pk"); u.TwoFactor() {
		t.Error("two-factor still on after user reset --two-factor-off")
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

// TestImportReachesRunningNodes: an import run from the command line
// against the PostgreSQL database of a running site drops the pages it
// changes on the site's node within a second: the home page, cached
// before, lists the imported stories, and the imported sections appear
// in its navigation.
func TestImportReachesRunningNodes(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	ctx := context.Background()
	cfg, _, err := config.Load("serve", []string{"--data", t.TempDir(), "--database", dsn, "--node", "web1"}, func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	node, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	srv := httptest.NewServer(node.Handler)
	defer srv.Close()
	home := func() string {
		resp, err := http.Get(srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	const headline = "وزیراعظم کا دورۂ چین، اہم معاہدوں پر دستخط"
	if strings.Contains(home(), headline) {
		t.Fatal("the story is there before the import")
	}
	t.Setenv("AKHBAR_DATA_DIR", t.TempDir())
	t.Setenv("AKHBAR_DATABASE", dsn)
	if err := run(ctx, []string{"import", "wordpress", "--zone", "Asia/Karachi", "../../internal/wpimport/testdata/news.xml"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for !strings.Contains(home(), headline) {
		if time.Since(start) > time.Second {
			t.Fatal("the running node's home page does not list the imported story within 1 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
