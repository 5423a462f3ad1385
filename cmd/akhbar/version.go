package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version and commit name this build. Release builds set them:
//
//	go build -ldflags "-X main.version=v1.4.0 -X main.commit=$(git rev-parse HEAD)" ./cmd/akhbar
//
// Left empty, they come from what Go recorded in the binary: the
// module's version (go install akhbar@v1.4.0) and the Git commit of a
// build made in a clone without -buildvcs=false.
var (
	version string
	commit  string
)

// buildVersion is this binary's version, commit and whether the commit's
// files had been changed when it was built; "devel" and "unknown" when no
// one said.
func buildVersion() (v, c string, modified bool) {
	v, c = version, commit
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if c == "" {
					c = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true" && commit == ""
			}
		}
	}
	if v == "" {
		v = "devel"
	}
	if c == "" {
		c = "unknown"
	}
	return v, c, modified
}

// printVersion writes "akhbar VERSION (commit COMMIT, GO OS/ARCH)".
func printVersion(w io.Writer, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("version takes no arguments")
	}
	v, c, modified := buildVersion()
	if modified {
		c += ", with uncommitted changes"
	}
	_, err := fmt.Fprintf(w, "akhbar %s (commit %s, %s %s/%s)\n", v, c, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
