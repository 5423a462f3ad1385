package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"akhbar/bench/harness"
)

// bareEnv makes this program the third baseline instead of the harness:
// "PORT:FILE" serves FILE's gzipped bytes on 127.0.0.1:PORT.
const bareEnv = "AKHBAR_BENCH_BARE"

// serveBare is the least a Go server can do for a cached page: one
// net/http handler sending the same gzipped bytes from memory, with the
// headers the page cache sends (type, encoding, Vary, ETag, caching).
// What Akhbar's hit path costs beyond it is Akhbar's own work.
func serveBare(spec string) error {
	port, file, ok := strings.Cut(spec, ":")
	if !ok {
		return fmt.Errorf("%s: want PORT:FILE, got %q", bareEnv, spec)
	}
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var (
		contentType  = []string{"text/html; charset=utf-8"}
		encoding     = []string{"gzip"}
		vary         = []string{"Accept-Encoding"}
		etag         = []string{`"bare-gz"`}
		cacheControl = []string{"public, max-age=0, s-maxage=60"}
		length       = []string{strconv.Itoa(len(body))}
	)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd["Content-Type"], hd["Content-Encoding"], hd["Vary"] = contentType, encoding, vary
		hd["Etag"], hd["Cache-Control"], hd["Content-Length"] = etag, cacheControl, length
		w.Write(body)
	})
	return http.ListenAndServe("127.0.0.1:"+port, h)
}

// startBare runs this program as the bare baseline, serving gz.
func startBare(ctx context.Context, tmp string, gz []byte) (*harness.Child, string, error) {
	dir := filepath.Join(tmp, "bare")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", err
	}
	file := filepath.Join(dir, "article.html.gz")
	if err := os.WriteFile(file, gz, 0o644); err != nil {
		return nil, "", err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, "", err
	}
	port, err := harness.FreePort()
	if err != nil {
		return nil, "", err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d:%s", bareEnv, port, file))
	c, err := harness.StartChild("bare net/http", cmd, filepath.Join(dir, "bare.out"))
	if err != nil {
		return nil, "", err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := c.WaitHTTP(ctx, base+"/article.html", 30*time.Second); err != nil {
		c.Stop(syscall.SIGKILL, 5*time.Second)
		return nil, "", fmt.Errorf("%w\n%s", err, c.Tail(20))
	}
	fmt.Printf("bare net/http pid %d at %s sending the same %d gzipped bytes from memory\n", c.PID(), base, len(gz))
	return c, base, nil
}
