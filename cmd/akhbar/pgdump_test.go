package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"akhbar/internal/app"
	"akhbar/internal/config"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// scratchDatabase creates an empty PostgreSQL database for the test and
// drops it afterwards, returning its URL.
func scratchDatabase(t *testing.T, admin *sql.DB, base *url.URL, name string) string {
	t.Helper()
	name = fmt.Sprintf("akhbar_%s_%d_%d", name, os.Getpid(), time.Now().UnixNano()%1e6)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create scratch database %s: %v", name, err)
	}
	t.Cleanup(func() { admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	u := *base
	u.Path = "/" + name
	return u.String()
}

// rsync copies media as the recipe does; exit status 24 (a file vanished
// while read: an image deleted meanwhile) is no failure.
func rsync(t *testing.T, args ...string) {
	t.Helper()
	out, err := exec.Command("rsync", append([]string{"-a"}, args...)...).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 24) {
		t.Fatalf("rsync %q: %v\n%s", args, err, out)
	}
}

// majorVersion reads the major version from "pg_dump (PostgreSQL) 15.20 (Debian …)".
func majorVersion(t *testing.T, tool string) int {
	t.Helper()
	out, err := exec.Command(tool, "--version").Output()
	if err != nil {
		t.Fatalf("%s: %v (install postgresql-client of the server's major version)", tool, err)
	}
	m := regexp.MustCompile(`\(PostgreSQL\) (\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("%s --version: %q", tool, out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// TestPostgresDumpRecipe runs the PostgreSQL backup recipe of
// docs/operations.md against the real server: pg_dump -Fc of a site's
// database while four publishers write through its API, the media folder
// copied with rsync after it, pg_restore into a new empty database, and
// the site started on the copy, which holds every save, publication and
// image acknowledged before the dump began.
func TestPostgresDumpRecipe(t *testing.T) {
	if storetest.PostgresURL() == "" {
		t.Skipf("PostgreSQL backup recipe not tested: set %s to a PostgreSQL URL (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", storetest.PostgresEnv)
	}
	ctx := context.Background()
	base, err := url.Parse(storetest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", base.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() }) // after the scratch databases are dropped
	var serverNum int
	if err := admin.QueryRow(`SHOW server_version_num`).Scan(&serverNum); err != nil {
		t.Fatal(err)
	}
	server := serverNum / 10000
	// pg_dump reads servers of its own major version and older ones, and
	// pg_restore reads dumps of its own version and older ones.
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if v := majorVersion(t, tool); v < server {
			t.Fatalf("%s is version %d, older than the server's %d: it cannot dump or restore it; install postgresql-client-%d", tool, v, server, server)
		}
	}

	src := scratchDatabase(t, admin, base, "dump_src")
	dir := t.TempDir()
	_, ack, stop, wg := deskUnderLoad(t, ctx, "--data", dir, "--database", src, "--demo")
	saves, published, media := ack.snapshot()

	// The recipe: the database first, then the media (files are written
	// before the rows that name them, so every image the dump knows is
	// in the copy).
	backups := t.TempDir()
	dump := filepath.Join(backups, "akhbar.pgdump")
	start := time.Now()
	if out, err := exec.Command("pg_dump", "--format=custom", "--file="+dump, src).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	mediaCopy := filepath.Join(backups, "akhbar-media") + "/"
	rsync(t, "--exclude=*~tmp-*", filepath.Join(dir, "media")+"/", mediaCopy)
	t.Logf("pg_dump and rsync took %s under load", time.Since(start).Round(time.Millisecond))
	close(stop)
	wg.Wait()

	dst := scratchDatabase(t, admin, base, "dump_dst")
	if out, err := exec.Command("pg_restore", "--exit-on-error", "--single-transaction", "--no-owner", "--dbname="+dst, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	restored := t.TempDir()
	rsync(t, mediaCopy, filepath.Join(restored, "media")+"/")
	checkAcked(t, ctx, dst, filepath.Join(restored, "media"), filepath.Join(dir, "media"), saves, published, media)
	checkWhole(t, ctx, dst)

	// The site starts on the copy, migrations already applied, and finds
	// what it searches for.
	s, err := store.Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CheckSchema(ctx); err != nil {
		t.Errorf("the restored schema: %v", err)
	}
	cfg2, _, err := config.Load("serve", []string{"--data", restored, "--database", dst}, func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := app.Open(ctx, cfg2, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatalf("the site on the restored database: %v", err)
	}
	defer b.Close()
	srv2 := httptest.NewServer(b.Handler)
	defer srv2.Close()
	resp, err := srv2.Client().Get(srv2.URL + "/search?q=" + url.QueryEscape("شمالی کوریا"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !regexp.MustCompile(`کوریا`).Match(body) {
		t.Errorf("search on the restored site: %d", resp.StatusCode)
	}
}
