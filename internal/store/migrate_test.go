package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/search"
)

// TestBodiesLastRebuild fills a database at schema 5, then migrates it:
// the articles table is rebuilt with the bodies last, and nothing that
// refers to articles (bylines, tags, revisions, redirects, views,
// translations, search) is lost or left unenforced.
func TestBodiesLastRebuild(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.exec(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	ms, err := s.migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:5] {
		if err := s.applyMigration(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	// Rows as schema 5 holds them, written by hand: today's store methods
	// expect the newest schema.
	text := strings.Repeat("بجٹ کی تفصیل ", 2000)
	body := "<p>" + text + "</p>"
	at := time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC).Unix()
	for _, r := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO sections (id, slug, name) VALUES (1, 'national', 'قومی')`, nil},
		{`INSERT INTO users (id, email, name, slug, role, created_at) VALUES (1, 'a@example.pk', 'عائشہ', 'ayesha', 'editor', 0)`, nil},
		{`INSERT INTO tags (id, slug, name) VALUES (1, 'budget', 'بجٹ')`, nil},
		{`INSERT INTO articles (id, section_id, status, headline, body_html, body_text, slug, language, created_by, created_at, updated_at, published_at)
			VALUES (1, 1, 'published', 'بجٹ پیش', $1, $2, 'budget', 'ur', 1, $3, $3, $3)`, []any{body, text, at}},
		{`INSERT INTO articles (id, section_id, status, headline, body_html, body_text, slug, language, created_by, created_at, updated_at, published_at, translation_of)
			VALUES (2, 1, 'published', 'Budget presented', '<p>Budget.</p>', 'Budget.', 'budget-en', 'en', 1, $1, $1, $1, 1)`, []any{at}},
		{`INSERT INTO article_authors (article_id, user_id) VALUES (1, 1), (2, 1)`, nil},
		{`INSERT INTO article_tags (article_id, tag_id) VALUES (1, 1), (2, 1)`, nil},
		{`INSERT INTO redirects (path, article_id) VALUES ('/old/budget', 1)`, nil},
		{`INSERT INTO article_views (article_id, hour, views) VALUES (1, 1, 7)`, nil},
	} {
		if _, err := s.exec(ctx, r.sql, r.args...); err != nil {
			t.Fatalf("%s: %v", r.sql, err)
		}
	}
	orig, tr := content.Article{ID: 1, BodyHTML: body}, content.Article{ID: 2}
	tag := int64(1)

	if n, err := s.Migrate(ctx); err != nil || n != len(ms)-5 {
		t.Fatalf("Migrate applied %d, err %v; want %d", n, err, len(ms)-5)
	}

	var cols []string
	rows, err := s.read.QueryContext(ctx, `SELECT name FROM pragma_table_info('articles') ORDER BY cid`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		cols = append(cols, c)
	}
	rows.Close()
	if n := len(cols); n < 2 || cols[n-2] != "body_html" || cols[n-1] != "body_text" {
		t.Errorf("articles columns %v: the bodies are not last", cols)
	}
	got, err := s.Article(ctx, orig.ID)
	if err != nil || got.BodyHTML != orig.BodyHTML || len(got.Tags) != 1 || len(got.Authors) != 1 {
		t.Fatalf("article after rebuild: %+v, %v", got.Tags, err)
	}
	if list, err := s.ListArticles(ctx, PublishedArticles().WithTag(tag)); err != nil || len(list) != 2 {
		t.Errorf("tag listing after migration 0007 filled the listing times: %d articles, %v", len(list), err)
	}
	versions, err := s.Versions(ctx, got)
	if err != nil || len(versions) != 2 {
		t.Errorf("translations after rebuild: %d, %v", len(versions), err)
	}
	if id, _, err := s.Redirect(ctx, "/old/budget"); err != nil || id != orig.ID {
		t.Errorf("redirect after rebuild: %d, %v", id, err)
	}
	if n, err := s.TotalViews(ctx, orig.ID); err != nil || n != 7 {
		t.Errorf("views after rebuild: %d, %v", n, err)
	}
	if list, total, err := s.Search(ctx, SearchQuery{Query: search.Parse("تفصیل"), Status: content.StatusPublished}); err != nil || total != 1 || len(list) != 1 {
		t.Errorf("search after rebuild: %d, %v", total, err)
	}
	// Foreign keys are on again and still point at the rebuilt table.
	if _, err := s.exec(ctx, `INSERT INTO article_tags (article_id, tag_id) VALUES (999999, $1)`, tag); err == nil {
		t.Error("a tag on a missing article was accepted: foreign keys are off")
	}
	if err := s.DeleteArticle(ctx, orig.ID); err != nil {
		t.Fatal(err)
	}
	var left int
	s.read.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM article_tags WHERE article_id = $1) +
		(SELECT COUNT(*) FROM redirects WHERE article_id = $1)`, orig.ID).Scan(&left)
	if left != 0 {
		t.Errorf("deleting an article left %d rows that refer to it", left)
	}
	if v, err := s.Article(ctx, tr.ID); err != nil || v.TranslationOf != 0 {
		t.Errorf("translation of a deleted original: %d, %v (want 0: ON DELETE SET NULL)", v.TranslationOf, err)
	}
}
