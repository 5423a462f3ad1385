package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	// The first table searched drives the query; walking all published
	// articles by an index on status is a full scan in disguise.
	drivers := map[string]string{"tag": "SEARCH tg USING COVERING INDEX article_tags_listing", "author": "SEARCH au USING COVERING INDEX article_authors_listing"}
	for name, q := range queries {
		countSQL, countArgs := q.countSQL()
		countPlan := explain(t, s, countSQL, countArgs...)
		listSQL, listArgs := q.listSQL("a.id")
		plan := explain(t, s, listSQL, listArgs...)
		for _, bad := range []string{"SCAN a", "SCAN articles", "SCAN tg", "SCAN au"} {
			if strings.Contains(plan, bad+"\n") || strings.HasSuffix(plan, bad) {
				t.Errorf("%s listing does a full scan (%s):\n%s", name, bad, plan)
			}
		}
		if d := drivers[name]; d != "" {
			for what, p := range map[string]string{"listing": plan, "count": countPlan} {
				if !strings.HasPrefix(p, d) || strings.Contains(p, "TEMP B-TREE") {
					t.Errorf("%s %s does not walk its join table's listing index (%s) in order:\n%s", name, what, d, p)
				}
			}
		}
	}
	// The content API's sync order walks its index from the cursor on,
	// with no sort, however far back it starts.
	for name, q := range map[string]APIArticleQuery{
		"sync":              {UpdatedSince: time.Unix(1, 0), Limit: 20},
		"sync after cursor": {UpdatedSince: time.Unix(1, 0), After: Position{Time: time.Unix(5, 0), ID: 9}, Limit: 20},
	} {
		listSQL, args := q.sql()
		plan := explain(t, s, listSQL, args...)
		if !strings.Contains(plan, "articles_status_changed") || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("API %s does not walk articles_status_changed in order:\n%s", name, plan)
		}
	}
	plan := explain(t, s, `SELECT article_id, SUM(views) FROM article_views WHERE hour >= $1 AND hour <= $2 GROUP BY article_id`, 1, 2)
	if !strings.Contains(plan, "SEARCH article_views") || !strings.Contains(plan, "hour>") {
		t.Errorf("most-read does not use the hour index:\n%s", plan)
	}
	// The whole most-read query must look articles up by id for the
	// window's views, not walk the published articles.
	if _, err := s.MostRead(ctx, 1, 2, 10); err != nil {
		t.Fatal(err)
	}
	if !mostReadPlanOK(t, s) {
		t.Error("most-read walks the articles instead of looking them up by id")
	}
}

// mostReadPlanOK explains the most-read statement as the store runs it.
func mostReadPlanOK(t *testing.T, s *Store) bool {
	var q string
	s.stmts.m.Range(func(k, _ any) bool {
		if strings.Contains(k.(string), "FROM article_views") {
			q = k.(string)
		}
		return q == ""
	})
	if q == "" {
		t.Fatal("most-read statement not found among the prepared statements")
	}
	plan := explain(t, s, q, 1, 2, 10)
	return strings.Contains(plan, "SEARCH a USING INTEGER PRIMARY KEY") && !strings.Contains(plan, "SEARCH a USING INDEX")
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
