package store

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestListingQueriesUseIndexes asks SQLite how it would run each listing
// query and fails on a full scan of articles or of a join table.
func TestListingQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	queries := map[string]*ArticleQuery{
		"home":    PublishedArticles().Limit(20),
		"section": PublishedArticles().InSection(1).Page(50, 20),
		"tag":     PublishedArticles().WithTag(1),
		"author":  PublishedArticles().ByAuthor(1),
	}
	for name, q := range queries {
		where, args := q.where()
		args = append(args, 20, 0)
		plan := explain(t, s, `SELECT a.id FROM articles a JOIN sections s ON s.id = a.section_id `+where+
			` ORDER BY a.published_at DESC, a.id DESC LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
		for _, bad := range []string{"SCAN a", "SCAN articles", "SCAN tg", "SCAN au"} {
			if strings.Contains(plan, bad+"\n") || strings.HasSuffix(plan, bad) {
				t.Errorf("%s listing does a full scan (%s):\n%s", name, bad, plan)
			}
		}
	}
	plan := explain(t, s, `SELECT article_id, SUM(views) FROM article_views WHERE hour >= $1 AND hour <= $2 GROUP BY article_id`, 1, 2)
	if !strings.Contains(plan, "SEARCH article_views") || !strings.Contains(plan, "hour>") {
		t.Errorf("most-read does not use the hour index:\n%s", plan)
	}
}

func explain(t *testing.T, s *Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.read.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}
