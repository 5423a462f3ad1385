package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// ensureDatabase makes sure the database the PostgreSQL URL names exists,
// creating it (through the server's "postgres" database) when it does not,
// so that `-postgres postgres://…/akhbar_bench` works on a fresh server
// and later runs reuse what the first one loaded.
func ensureDatabase(ctx context.Context, dsn string) error {
	err := ping(ctx, dsn)
	var pgErr *pgconn.PgError
	if err == nil || !errors.As(err, &pgErr) || pgErr.Code != "3D000" { // invalid_catalog_name
		return err
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return fmt.Errorf("postgres URL: %w", err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	admin := *u
	admin.Path = "/postgres"
	db, err := sql.Open("pgx", admin.String())
	if err != nil {
		return err
	}
	defer db.Close()
	quoted := `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+quoted); err != nil {
		return fmt.Errorf("create database %s: %w", quoted, err)
	}
	fmt.Printf("postgres: created database %s\n", quoted)
	return nil
}

func ping(ctx context.Context, dsn string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.PingContext(ctx)
}

// vacuumAnalyze brings the planner's statistics and the visibility map up
// to date after loading, as autovacuum would some minutes later on a real
// server (counts read from an index alone need the visibility map), so
// that the measurements neither start before it nor run into it.
func vacuumAnalyze(ctx context.Context, dsn string) error {
	return runSQL(ctx, dsn, "VACUUM (ANALYZE)")
}

// runSQL runs one statement on its own connection.
func runSQL(ctx context.Context, dsn, statement string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, statement); err != nil {
		return fmt.Errorf("postgres: %s: %w", statement, err)
	}
	return nil
}

// redactURL is a database URL fit to print: without its password.
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the PostgreSQL database"
	}
	return u.Redacted()
}
