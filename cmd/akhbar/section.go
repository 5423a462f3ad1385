package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"akhbar/internal/changes"
	"akhbar/internal/config"
	"akhbar/internal/content"
	"akhbar/internal/editing"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// section creates and lists the site's sections from the command line,
// so that a new site can have its first section before anyone signs in.
func section(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "list") {
		return errors.New(`section: want "create" or "list"`)
	}
	action := args[0]
	var name, slug, parent, description string
	cfg, rest, err := config.Load("section "+action, args[1:], os.Getenv, func(fs *flag.FlagSet) {
		if action == "create" {
			fs.StringVar(&name, "name", "", "the section's name, shown to readers, e.g. کھیل (required)")
			fs.StringVar(&slug, "slug", "", "its address, e.g. sports for /sports/ (default: from the name)")
			fs.StringVar(&parent, "parent", "", "the slug of the section to put it under (default: none)")
			fs.StringVar(&description, "description", "", "an introduction shown on the section's page")
		}
	})
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("section %s: unexpected arguments %q", action, rest)
	}
	s, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	all, err := s.Sections(ctx)
	if err != nil {
		return err
	}
	if action == "list" {
		for _, sec := range editing.Tree(all) {
			fmt.Printf("%s%s\t%s\t(id %d)\n", strings.Repeat("  ", sec.Depth), sec.Path(), sec.Name, sec.ID)
		}
		return nil
	}
	sec := content.Section{Name: content.NormalizeLabel(strings.TrimSpace(name)),
		Description: urdu.Normalize(strings.TrimSpace(description)), Position: len(all) + 1}
	sec.Slug = editing.SectionSlug(slug, sec.Name)
	if parent != "" {
		for _, p := range all {
			if p.Slug == strings.TrimSpace(parent) {
				sec.ParentID = p.ID
			}
		}
		if sec.ParentID == 0 {
			return fmt.Errorf("section create: --parent: no section with the slug %q (akhbar section list shows them)", parent)
		}
	}
	if problems := editing.SectionProblems(sec, all); len(problems) > 0 {
		return fmt.Errorf("section create: %s", strings.Join(problems, " "))
	}
	id, err := s.CreateNewSection(ctx, sec)
	if err != nil {
		return fmt.Errorf("section create: %w", err)
	}
	if all, err = s.Sections(ctx); err == nil {
		err = s.ReorderSections(ctx, editing.TreeIDs(editing.Tree(all)))
	}
	if err != nil {
		return err
	}
	// Running nodes on the same PostgreSQL show it at once; a SQLite
	// server beside this command within its section list's minute.
	if s.Engine() == store.Postgres {
		if err := notifySections(ctx, cfg, s); err != nil {
			fmt.Fprintln(os.Stderr, "akhbar: the section is made, but running servers were not told:", err)
		}
	}
	fmt.Printf("created section %s «%s» (id %d)\n", sec.Path(), sec.Name, id)
	return nil
}

// notifySections tells the nodes listening on the database that the
// sections changed (they drop their pages).
func notifySections(ctx context.Context, cfg config.Config, s *store.Store) error {
	schema, err := s.Schema(ctx)
	if err != nil {
		return err
	}
	bus := changes.NewPostgres(cfg.Database, changes.Channel(schema), cfg.Node, s, nil)
	return bus.Publish(ctx, changes.Change{All: true})
}
