package changes

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func TestEncodeSplitsLongChanges(t *testing.T) {
	c := Change{Origin: "n1", Settings: true}
	for i := range 2000 {
		c.Deps = append(c.Deps, fmt.Sprintf("article:%d", i))
	}
	parts, err := encode(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) < 3 {
		t.Fatalf("%d parts for %d dependencies", len(parts), len(c.Deps))
	}
	var got []string
	for i, p := range parts {
		if len(p) > maxPayload {
			t.Errorf("part %d is %d bytes", i, len(p))
		}
		d, err := decode(p)
		if err != nil {
			t.Fatal(err)
		}
		if d.Origin != "n1" || d.Settings != (i == 0) {
			t.Errorf("part %d: origin %q settings %v", i, d.Origin, d.Settings)
		}
		got = append(got, d.Deps...)
	}
	if !slices.Equal(got, c.Deps) {
		t.Fatalf("dependencies differ after the round trip: %d vs %d", len(got), len(c.Deps))
	}
	if _, err := decode("not json"); err == nil {
		t.Error("decode accepted garbage")
	}
}

func TestLocalDeliversBeforePublishReturns(t *testing.T) {
	l := NewLocal("one")
	var got []Change
	l.Subscribe(func(c Change) { got = append(got, c) })
	l.Publish(context.Background(), Change{Deps: []string{"home"}})
	l.Publish(context.Background(), Change{}) // empty: nothing to say
	if len(got) != 1 || got[0].Origin != "one" || got[0].Remote || got[0].Deps[0] != "home" {
		t.Fatalf("got %+v", got)
	}
}

// notifier sends NOTIFY through a plain connection pool, as the store does.
type notifier struct{ db *sql.DB }

func (n notifier) Notify(ctx context.Context, channel, payload string) error {
	_, err := n.db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, channel, payload)
	return err
}

// recorder collects the changes a bus delivers.
type recorder struct {
	mu  sync.Mutex
	got []Change
}

func (r *recorder) add(c Change) {
	r.mu.Lock()
	r.got = append(r.got, c)
	r.mu.Unlock()
}

// wait returns the first change that ok accepts, failing after 2 s.
func (r *recorder) wait(t *testing.T, what string, ok func(Change) bool) Change {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		r.mu.Lock()
		for _, c := range r.got {
			if ok(c) {
				r.mu.Unlock()
				return c
			}
		}
		r.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no %s within 2 s", what)
	return Change{}
}

func postgres(t *testing.T) (string, *sql.DB) {
	url := os.Getenv("AKHBAR_TEST_POSTGRES")
	if url == "" {
		t.Skip("PostgreSQL tests skipped: set AKHBAR_TEST_POSTGRES to a PostgreSQL URL to run them")
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatalf("postgres at %s cannot be used: %v", url, err)
	}
	return url, db
}

func TestPostgresBetweenNodes(t *testing.T) {
	url, db := postgres(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	channel := Channel(fmt.Sprintf("test_%d_%d", os.Getpid(), time.Now().UnixNano()))
	var recs [3]recorder
	var buses [3]*Postgres
	for i := range buses {
		// Two nodes share a name: the random part of the origin keeps
		// them apart.
		buses[i] = NewPostgres(url, channel, []string{"a", "b", "b"}[i], notifier{db}, nil)
		buses[i].Subscribe(recs[i].add)
		if err := buses[i].Start(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := buses[0].Publish(ctx, Change{Deps: []string{"article:7", "home"}}); err != nil {
		t.Fatal(err)
	}
	// The publisher got it at once, as its own.
	if len(recs[0].got) != 1 || recs[0].got[0].Remote {
		t.Fatalf("publisher got %+v", recs[0].got)
	}
	for i := 1; i < 3; i++ {
		c := recs[i].wait(t, "article:7 on node "+fmt.Sprint(i), func(c Change) bool { return slices.Contains(c.Deps, "article:7") })
		if !c.Remote || !strings.HasPrefix(c.Origin, "a/") {
			t.Errorf("node %d got %+v", i, c)
		}
	}
	buses[1].Publish(ctx, Change{Settings: true})
	recs[2].wait(t, "settings from a node of the same name", func(c Change) bool { return c.Settings && c.Remote })
	time.Sleep(100 * time.Millisecond)
	recs[0].mu.Lock()
	for _, c := range recs[0].got {
		if c.Remote && slices.Contains(c.Deps, "article:7") {
			t.Error("the publisher heard its own change again")
		}
	}
	recs[0].mu.Unlock()
}

// A node whose listening connection is cut (the server ends it, as on a
// restart or a network fault) listens again and, having missed what
// changed meanwhile, drops everything.
func TestPostgresReconnectDropsEverything(t *testing.T) {
	url, db := postgres(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	channel := Channel(fmt.Sprintf("test_%d_%d", os.Getpid(), time.Now().UnixNano()))
	var rec recorder
	listener := NewPostgres(url, channel, "listener", notifier{db}, nil)
	listener.Subscribe(rec.add)
	if err := listener.Start(ctx); err != nil {
		t.Fatal(err)
	}
	other := NewPostgres(url, channel, "other", notifier{db}, nil)
	res, err := db.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE query LIKE 'LISTEN %' || $1 || '%'`, channel)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%d listening connections found", n)
	}
	c := rec.wait(t, "a drop-everything change after the reconnection", func(c Change) bool { return c.All && c.Settings })
	if !c.Remote {
		t.Error("the reconnection change is not marked remote")
	}
	if !listener.Listening() {
		t.Error("not listening after the reconnection")
	}
	// And it hears changes again.
	other.Publish(ctx, Change{Deps: []string{"tag:3"}})
	rec.wait(t, "a change after the reconnection", func(c Change) bool { return slices.Contains(c.Deps, "tag:3") })
}
