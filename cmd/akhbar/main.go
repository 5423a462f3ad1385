// Command akhbar runs the Akhbar news platform: the public site, the
// newsroom and their tools, from one binary.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // site time zones work on machines without a zoneinfo database
)

const usage = `akhbar — Urdu news publishing

Usage:
  akhbar serve [flags]            run the site (add --demo for the demo site)
  akhbar migrate [flags]          apply database migrations and exit
  akhbar user create [flags] EMAIL   create a newsroom user (asks for a password)
  akhbar user reset [flags] EMAIL    set a new password for a user (--two-factor-off:
                                     and turn off their two-factor sign-in)
  akhbar section create --name NAME [--slug SLUG] [--parent SLUG] [flags]
                                     add a section (a new site needs one to publish)
  akhbar section list [flags]        list the sections, nested, in navigation order
  akhbar demo [flags]             load the demo site into an empty database
  akhbar reindex [flags]          rebuild the search index, with a progress bar
  akhbar import wordpress [flags] FILE.xml
                                  import a WordPress export: posts, pages, authors,
                                  categories, tags, images; old URLs redirect
  akhbar backup [flags] FILE.tar.gz|s3://…/NAME.tar.gz
                                  copy the SQLite site (database and media) while it
                                  serves, checked, into one archive
  akhbar restore [flags] FILE.tar.gz|s3://…/NAME.tar.gz
                                  put a backup back into an empty data folder
                                  (--check: only verify the archive)
  akhbar openapi                  print the content API's OpenAPI 3.1 document
  akhbar version                  print the version and commit of this build

Run "akhbar COMMAND -h" for a command's flags. Every flag also reads an
AKHBAR_* environment variable, named in its help.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "akhbar:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:])
	case "migrate":
		return migrate(ctx, args[1:])
	case "user":
		return user(ctx, args[1:])
	case "section":
		return section(ctx, args[1:])
	case "demo":
		return loadDemo(ctx, args[1:])
	case "reindex":
		return reindex(ctx, args[1:])
	case "import":
		return importCmd(ctx, args[1:])
	case "backup":
		return backupCmd(ctx, args[1:])
	case "restore":
		return restoreCmd(ctx, args[1:])
	case "openapi":
		return printOpenAPI(args[1:])
	case "version", "--version":
		return printVersion(os.Stdout, args[1:])
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
