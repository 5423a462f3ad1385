package clustertest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"akhbar/internal/demo"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// demoTables are the tables the demo fills; a demo loaded twice, or half,
// shows in their counts.
var demoTables = []string{"articles", "sections", "users", "tags", "article_tags", "article_authors", "revisions", "article_search"}

// demoCounts counts the demo's rows in the schema at dsn.
func demoCounts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, table := range demoTables {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

// singleNodeDemo is what one node loads: the demo loaded by the same code
// (demo.Load, as `akhbar serve --demo` calls it), in-process, into a
// schema of its own.
func singleNodeDemo(t *testing.T) map[string]int {
	t.Helper()
	dsn := storetest.PostgresSchema(t)
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if loaded, err := demo.Load(ctx, s, time.Now()); err != nil || !loaded {
		t.Fatalf("demo on one node: loaded %v, %v", loaded, err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return demoCounts(t, db)
}

// checkStartedOnce checks what nodes started together on one schema
// left behind: every migration recorded once, the demo loaded once, each
// by one node, and every node serving the home page.
func checkStartedOnce(t *testing.T, c *Cluster, want map[string]int, migrations int) {
	t.Helper()
	rows, err := c.DB().Query(`SELECT version, count(*) FROM schema_migrations GROUP BY version ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	var versions []int
	for rows.Next() {
		var v, n int
		rows.Scan(&v, &n)
		if n != 1 {
			t.Errorf("migration %d recorded %d times", v, n)
		}
		versions = append(versions, v)
	}
	rows.Close()
	if len(versions) != len(migrationFiles(t)) || versions[len(versions)-1] != len(versions) {
		t.Errorf("schema_migrations has versions %v, want 1…%d", versions, len(migrationFiles(t)))
	}
	if got := demoCounts(t, c.DB()); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows after the nodes started: %v\nafter one node loaded the demo: %v", got, want)
	}
	var migrated, loaded []string
	for _, n := range c.Nodes {
		if n.Logged(`msg="database migrated"`) > 0 {
			migrated = append(migrated, n.Name)
			if n.Logged(fmt.Sprintf("migrations=%d ", migrations)) != 1 {
				t.Errorf("%s migrated, but not the %d migrations due:\n%s", n.Name, migrations, n.Tail(20))
			}
		}
		if n.Logged(`msg="demo site loaded"`) > 0 {
			loaded = append(loaded, n.Name)
		}
		r, err := NewClient(n.URL).Get("/")
		if err != nil || r.Code != 200 {
			t.Errorf("%s's home page: %v %v", n.Name, r, err)
		}
	}
	if len(migrated) != 1 || len(loaded) != 1 {
		t.Errorf("nodes that migrated: %v; that loaded the demo: %v; want one each", migrated, loaded)
	}
}

// TestStartTogether: nodes started at the same instant on an empty
// schema, and on one an older release left, all come up; the schema is
// migrated once and the demo loaded once.
func TestStartTogether(t *testing.T) {
	want := singleNodeDemo(t)

	t.Run("empty", func(t *testing.T) {
		c := New(t)
		start := time.Now()
		nodes := make([]*Node, 4)
		for i := range nodes { // all four processes exist before any is waited on
			nodes[i] = c.Launch(fmt.Sprintf("node%d", i+1), "--demo", "--db-max-conns", "5")
		}
		c.WaitAll(nodes, time.Minute)
		t.Logf("4 nodes healthy %s after launch", time.Since(start).Round(time.Millisecond))
		checkStartedOnce(t, c, want, len(migrationFiles(t)))

		// A clean stop, and a start on the now current schema.
		did := func() int {
			return nodes[0].Logged(`msg="database migrated"`) + nodes[0].Logged(`msg="demo site loaded"`)
		}
		before := did()
		nodes[0].Stop()
		nodes[0].Restart()
		if did() != before {
			t.Errorf("a restarted node migrated or loaded the demo again:\n%s", nodes[0].Tail(20))
		}
	})

	// An older database: the schema as the previous release left it
	// (every migration but the last, applied from the files in the
	// repository as the store applies them), so this stays a test of
	// "one migration due" whatever the newest migration is.
	t.Run("older", func(t *testing.T) {
		dsn := storetest.PostgresSchema(t)
		files := migrationFiles(t)
		applyMigrations(t, dsn, files[:len(files)-1])
		c := On(t, dsn)
		start := time.Now()
		nodes := make([]*Node, 3)
		for i := range nodes {
			nodes[i] = c.Launch(fmt.Sprintf("node%d", i+1), "--demo", "--db-max-conns", "5")
		}
		c.WaitAll(nodes, time.Minute)
		t.Logf("3 nodes healthy on the older schema %s after launch", time.Since(start).Round(time.Millisecond))
		checkStartedOnce(t, c, want, 1)
	})
}

// migrationFiles are the PostgreSQL migrations in the repository, in order.
func migrationFiles(t *testing.T) []string {
	t.Helper()
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "internal/store/migrations/postgres/[0-9][0-9][0-9][0-9]_*.sql"))
	if err != nil || len(files) < 2 {
		t.Fatalf("migrations: %v %v", files, err)
	}
	sort.Strings(files)
	return files
}

// applyMigrations applies migration files to the schema at dsn and
// records them, each in one transaction, as internal/store does.
func applyMigrations(t *testing.T, dsn string, files []string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".sql")[5:]
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if _, err := tx.Exec(`INSERT INTO schema_migrations VALUES ($1, $2, $3)`, i+1, name, time.Now().Unix()); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
}
