package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"

	"akhbar/internal/app"
	"akhbar/internal/config"
	"akhbar/internal/content"
	"akhbar/internal/progress"
	"akhbar/internal/store"
	"akhbar/internal/wpimport"
	"akhbar/internal/wxr"
)

// importCmd moves another system's site in; WordPress is the one there is.
func importCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "wordpress" {
		return errors.New(`import: want "wordpress FILE.xml"`)
	}
	var uploads, zone, language, cpuProfile string
	var dry bool
	maxItemMB := wxr.DefaultMaxItemSize >> 20
	cfg, rest, err := config.Load("import wordpress", args[1:], os.Getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&uploads, "uploads", "", "local copy of the site's wp-content/uploads folder, to import image files")
		fs.StringVar(&zone, "zone", "", "the WordPress site's time zone, e.g. Asia/Karachi (default: this site's)")
		fs.StringVar(&language, "language", "", "every article's language (ur, en, ar, fa, pa, ps, sd); default: detected from each article's text")
		fs.BoolVar(&dry, "dry-run", false, "read and convert everything, write nothing, report what would happen")
		fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the import to this file (for `go tool pprof`)")
		fs.IntVar(&maxItemMB, "max-item-mb", maxItemMB, "skip (and report) a post larger than this many MB: converting one costs about 40 times its size in memory")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return errors.New("import wordpress: want exactly one FILE.xml argument")
	}
	if maxItemMB < 1 || maxItemMB > 1024 {
		return fmt.Errorf("import wordpress: --max-item-mb %d: want 1 to 1024", maxItemMB)
	}
	if uploads != "" {
		if st, err := os.Stat(uploads); err != nil || !st.IsDir() {
			return fmt.Errorf("import wordpress: --uploads %q is not a folder", uploads)
		}
	}
	if language != "" && !content.KnownLanguage(language) {
		return fmt.Errorf("import wordpress: --language %q: want one of ur, en, ar, fa, pa, ps, sd", language)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg.Demo = false
	a, err := app.Open(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	loc := a.Site.Settings().Location
	if zone != "" {
		if loc, err = time.LoadLocation(zone); err != nil {
			return fmt.Errorf("import wordpress: --zone: %w", err)
		}
	}
	if cpuProfile != "" {
		// The import's speed depends on the export and the database's size,
		// which a unit benchmark cannot reproduce: profile the real run.
		f, err := os.Create(cpuProfile)
		if err != nil {
			return fmt.Errorf("import wordpress: --cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("import wordpress: --cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	bar := progress.New(os.Stderr, "import", "records", 0)
	opt := wpimport.Options{Uploads: uploads, Images: a.Newsroom, Zone: loc, DryRun: dry, Language: language,
		MaxItemBytes: maxItemMB << 20, Progress: bar.SetFraction}
	if a.Store.Engine() == store.Postgres {
		// Running nodes on the same PostgreSQL drop the pages each batch
		// changes. With SQLite the change channel is this process's own,
		// which no server hears (they show it within their pages' minute):
		// working out each batch's pages cost 3% of the import for nothing.
		opt.ArticlesChanged, opt.SectionsChanged = a.Site.ArticleChanged, a.Site.SectionsChanged
	}
	sum, err := wpimport.Run(ctx, a.Store, rest[0], opt)
	bar.Finish()
	if sum != nil {
		sum.Write(os.Stdout)
	}
	if err != nil {
		return fmt.Errorf("import wordpress: %w (run it again to resume: what was imported stays)", err)
	}
	if sum.Fatal != nil {
		return errors.New("import wordpress: the file is incomplete")
	}
	fmt.Printf("done in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}
