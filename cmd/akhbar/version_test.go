package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestVersion: `akhbar version` says "devel" and "unknown" when the build
// named nothing, and what -ldflags "-X main.version=… -X main.commit=…"
// set otherwise.
func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := printVersion(&out, nil); err != nil {
		t.Fatal(err)
	}
	// A test binary has no module version, and CI builds with -buildvcs=false.
	if !regexp.MustCompile(`^akhbar devel \(commit (unknown|[0-9a-f]{40}[^)]*), go1\.\S+ \w+/\w+\)\n$`).MatchString(out.String()) {
		t.Errorf("unset version: %q", out.String())
	}
	if err := printVersion(&out, []string{"extra"}); err == nil {
		t.Error("an argument was accepted")
	}

	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "akhbar")
	build := exec.Command("go", "build", "-buildvcs=false", "-o", bin,
		"-ldflags", "-X main.version=v9.8.7 -X main.commit=0123456789abcdef0123456789abcdef01234567", ".")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	got, err := exec.Command(bin, "version").Output()
	want := "akhbar v9.8.7 (commit 0123456789abcdef0123456789abcdef01234567, " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"
	if err != nil || string(got) != want {
		t.Errorf("akhbar version = %q, %v; want %q", got, err, want)
	}
	if !strings.Contains(usage, "akhbar version") {
		t.Error("the usage does not list version")
	}
}
