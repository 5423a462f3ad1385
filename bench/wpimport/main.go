// Command wpimport measures `akhbar import wordpress` on a generated
// export (internal/wxr/wxrgen): posts per second and the importer's peak
// memory, for a first import into an empty SQLite database and for a
// second run over the same file (which must find everything unchanged).
//
//	go run ./bench/wpimport              # 100,000 posts (about 8 minutes)
//	go run ./bench/wpimport -n 5000      # a quick look
//	go run ./bench/wpimport -export /tmp/export-100000.xml -bin /tmp/akhbar-old
//	                                     # reuse an export, measure another build
//
// Figures from this machine are in the README ("Migrating from
// WordPress").
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"akhbar/internal/wxr/wxrgen"
)

func main() {
	n := flag.Int("n", 100000, "posts in the generated export")
	keep := flag.String("dir", "", "folder to work in and keep (default: a temporary folder, removed after)")
	export := flag.String("export", "", "the export to import: generated there if missing, reused if present (default: generated in the working folder)")
	bin := flag.String("bin", "", "the akhbar binary to measure (default: built from ./cmd/akhbar), to compare two versions on one export")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *n, *keep, *export, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "bench/wpimport:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, n int, dir, export, bin string) error {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "akhbar-wpimport-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if bin == "" {
		bin = filepath.Join(dir, "akhbar")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/akhbar")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	if export == "" {
		export = filepath.Join(dir, fmt.Sprintf("export-%d.xml", n))
	}
	info, err := os.Stat(export)
	if errors.Is(err, fs.ErrNotExist) {
		// Generating 100,000 posts takes a while: an export named with
		// -export is kept for the next run (it holds what -n said then).
		if err := generate(export, n); err != nil {
			return err
		}
		info, err = os.Stat(export)
	}
	if err != nil {
		return err
	}

	data := filepath.Join(dir, "data")
	os.RemoveAll(data)
	var rows []result
	for _, label := range []string{"first import", "second run (unchanged)"} {
		r, err := importOnce(ctx, bin, data, export, label)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	host, _ := os.Hostname()
	fmt.Printf("\nmachine: %s, %d CPUs (runtime), SQLite; export %.0f MB\n\n", host, cpus(), float64(info.Size())/1e6)
	fmt.Println("| run | posts | time | posts/s | MB/s read | peak RSS |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %d | %s | %.0f | %.1f | %d MB |\n", r.label, r.posts, r.took.Round(time.Second),
			float64(r.posts)/r.took.Seconds(), float64(info.Size())/1e6/r.took.Seconds()*2, r.rssKB/1024)
	}
	fmt.Println("\n(MB/s read counts both passes over the file.)")
	if rows[1].posts != rows[0].posts || !strings.Contains(rows[1].summary, "unchanged") {
		return fmt.Errorf("the second run did not find every post unchanged:\n%s", rows[1].summary)
	}
	return nil
}

// generate writes an n-post export to path.
func generate(path string, n int) error {
	start := time.Now()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := wxrgen.Write(w, n); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	fmt.Printf("generated %d posts, %.0f MB, in %s\n", n, float64(info.Size())/1e6, time.Since(start).Round(time.Millisecond))
	return nil
}

type result struct {
	label   string
	posts   int
	took    time.Duration
	rssKB   int64
	summary string
}

var postsLine = regexp.MustCompile(`posts:\s+(.*)`)

// importOnce runs the import as its own process, so its peak RSS is the
// importer's alone (the kernel's ru_maxrss for the child).
func importOnce(ctx context.Context, bin, data, export, label string) (result, error) {
	cmd := exec.CommandContext(ctx, bin, "import", "wordpress", "--data", data, "--zone", "Asia/Karachi", export)
	var out strings.Builder
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	fmt.Print(out.String())
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", label, err)
	}
	r := result{label: label, took: took, summary: out.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rssKB = ru.Maxrss
	}
	if m := postsLine.FindStringSubmatch(out.String()); m != nil {
		for _, part := range strings.Split(m[1], ",") {
			if k, err := strconv.Atoi(strings.Fields(strings.TrimSpace(part))[0]); err == nil {
				r.posts += k
			}
		}
	}
	return r, nil
}

func cpus() int {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(b), "processor\t:")
}
