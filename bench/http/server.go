package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// moduleRoot is the folder of go.mod, so the harness builds the right
// binary from wherever it is started.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the akhbar module: run the harness from the repository")
	}
	return filepath.Dir(mod), nil
}

// buildAkhbar builds the real binary into dir.
func buildAkhbar(ctx context.Context, dir string) (string, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "akhbar")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/akhbar")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/akhbar: %w\n%s", err, out)
	}
	return bin, nil
}

// cleanEnv is the harness's environment without AKHBAR_* variables, so
// the child sees only what the harness sets (a stray AKHBAR_DATABASE
// would send it to another database).
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AKHBAR_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// ensureAdmin creates the admin the publish check signs in as, with
// `akhbar user create`, or sets its password with `akhbar user reset`
// when an earlier run on the same data folder created it.
func ensureAdmin(ctx context.Context, bin string, e engine, email, password string, exists bool) error {
	args := []string{"user", "create", "--data", e.dataDir, "--database", e.dsn, "--role", "admin", "--name", "bench-admin", email}
	if exists {
		args = []string{"user", "reset", "--data", e.dataDir, "--database", e.dsn, email}
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv()
	cmd.Stdin = strings.NewReader(password + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("akhbar %s: %w\n%s", strings.Join(args[:2], " "), err, out)
	}
	fmt.Printf("admin: akhbar %s %s: %s\n", args[0], args[1], strings.TrimSpace(lastLine(string(out))))
	return nil
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// freePort returns a port on 127.0.0.1 that nothing listens on now.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// child is a server the harness started.
type child struct {
	name string
	cmd  *exec.Cmd
	log  string // file with its output
	done chan struct{}
	err  error // Wait's result, once done is closed
}

func startChild(name string, cmd *exec.Cmd, logPath string) (*child, error) {
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = f, f
	// Its own process group: a Ctrl-C in the terminal reaches the harness,
	// which then stops the child itself, cleanly.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	c := &child{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		f.Close()
		close(c.done)
	}()
	return c, nil
}

func (c *child) pid() int { return c.cmd.Process.Pid }

// exited reports whether the process has ended.
func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// stop sends sig and waits up to wait for the process to end, then kills
// it. It returns the exit error, or an error if it had to kill.
func (c *child) stop(sig os.Signal, wait time.Duration) error {
	if c.exited() {
		return fmt.Errorf("%s had already exited: %v", c.name, c.err)
	}
	c.cmd.Process.Signal(sig)
	select {
	case <-c.done:
		return c.err
	case <-time.After(wait):
		c.cmd.Process.Kill()
		<-c.done
		return fmt.Errorf("%s did not stop within %s of %v; killed", c.name, wait, sig)
	}
}

// tail returns the last lines of the child's output, for error messages.
func (c *child) tail(n int) string {
	b, _ := os.ReadFile(c.log)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// waitHTTP polls url until it answers 200, the child exits, or timeout.
func (c *child) waitHTTP(ctx context.Context, url string, timeout time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		req.Header.Set("User-Agent", harnessUA)
		if resp, err := client.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if c.exited() {
			return fmt.Errorf("%s exited before answering %s: %v\n%s", c.name, url, c.err, c.tail(20))
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("%s did not answer %s within %s\n%s", c.name, url, timeout, c.tail(20))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// peakRSS reads the peak resident set size (VmHWM) of a process, in bytes.
func peakRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("VmHWM %q: %w", rest, err)
			}
			return kb << 10, nil
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// startAkhbar runs `akhbar serve` on the engine's database at a free
// port, with the page cache on (the default) or off
// (AKHBAR_PAGE_CACHE_MB=0), and waits for /healthz.
func startAkhbar(ctx context.Context, bin string, e engine, tmp string, cacheOn bool) (*child, string, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	cmd := exec.Command(bin, "serve", "--data", e.dataDir, "--database", e.dsn, "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--base-url", base)
	mode := "on"
	if cacheOn {
		cmd.Env = cleanEnv() // unset: the default size
	} else {
		mode = "off"
		cmd.Env = cleanEnv("AKHBAR_PAGE_CACHE_MB=0")
	}
	c, err := startChild("akhbar ("+e.name+", cache "+mode+")", cmd, filepath.Join(tmp, "akhbar-"+e.name+"-cache-"+mode+".log"))
	if err != nil {
		return nil, "", err
	}
	start := time.Now()
	if err := c.waitHTTP(ctx, base+"/healthz", 2*time.Minute); err != nil {
		c.stop(syscall.SIGKILL, 5*time.Second)
		return nil, "", err
	}
	fmt.Printf("akhbar serve (%s, cache %s) pid %d at %s, healthy after %s\n", e.name, mode, c.pid(), base, time.Since(start).Round(time.Millisecond))
	return c, base, nil
}

// nginxConf is a minimal static file server: what "as fast as a static
// file server" is measured against. /article.html is compressed on each
// request by gzip on (text/html always is; listing it in gzip_types only
// draws a warning); /pre/article.html is the same page compressed once
// beforehand, as Akhbar's page cache keeps it, and sent by gzip_static.
// Connections are kept alive for as many requests as wrk sends, as Go's
// server does (nginx's default closes them every 1000 requests).
const nginxConf = `{{user}}worker_processes auto;
daemon off;
pid {{dir}}/nginx.pid;
error_log {{dir}}/error.log warn;
events { worker_connections 1024; }
http {
    types { text/html html; }
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 10000000;
    gzip on;
    client_body_temp_path {{dir}}/tmp/body;
    proxy_temp_path {{dir}}/tmp/proxy;
    fastcgi_temp_path {{dir}}/tmp/fastcgi;
    uwsgi_temp_path {{dir}}/tmp/uwsgi;
    scgi_temp_path {{dir}}/tmp/scgi;
    server {
        listen 127.0.0.1:{{port}};
        root {{dir}}/html;
        location /pre/ { gzip_static on; }
    }
}
`

// startNginx serves page as /article.html (gzip on) and /pre/article.html
// (gzip_static) from nginx in its own folder under tmp, waits until it
// answers, and returns its base URL.
func startNginx(ctx context.Context, tmp string, page []byte) (*child, string, error) {
	dir := filepath.Join(tmp, "nginx")
	for _, d := range []string{"html/pre", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, "", err
		}
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression) // as the page cache compresses
	zw.Write(page)
	zw.Close()
	for name, b := range map[string][]byte{"article.html": page, "pre/article.html": page, "pre/article.html.gz": gz.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, "html", name), b, 0o644); err != nil {
			return nil, "", err
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n" // workers would run as www-data, which cannot read a private temp folder
	}
	conf := strings.NewReplacer("{{user}}", user, "{{dir}}", dir, "{{port}}", strconv.Itoa(port)).Replace(nginxConf)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		return nil, "", err
	}
	cmd := exec.Command(tools["nginx"], "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log"))
	c, err := startChild("nginx", cmd, filepath.Join(dir, "nginx.out"))
	if err != nil {
		return nil, "", err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := c.waitHTTP(ctx, base+"/article.html", 30*time.Second); err != nil {
		c.stop(syscall.SIGKILL, 5*time.Second)
		b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		return nil, "", fmt.Errorf("%w\n%s", err, b)
	}
	fmt.Printf("\nnginx pid %d at %s serving the article's HTML (%d bytes; %d gzipped beforehand)\n", c.pid(), base, len(page), gz.Len())
	return c, base, nil
}
