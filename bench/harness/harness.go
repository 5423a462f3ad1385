// Package harness holds what the benchmark commands under bench/ share:
// building and running the real akhbar binary as a child process on
// 127.0.0.1, reading its memory, and signing in to its newsroom over HTTP.
package harness

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ModuleRoot is the folder of go.mod, so the harness builds the right
// binary from wherever it is started.
func ModuleRoot(ctx context.Context) (string, error) {
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

// BuildAkhbar builds the real binary into dir.
func BuildAkhbar(ctx context.Context, dir string) (string, error) {
	root, err := ModuleRoot(ctx)
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

// CleanEnv is the harness's environment without AKHBAR_* variables, so
// the Child sees only what the harness sets (a stray AKHBAR_DATABASE
// would send it to another database).
func CleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AKHBAR_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// EnsureAdmin creates the admin the publish check signs in as, with
// `akhbar user create`, or sets its password with `akhbar user reset`
// when an earlier run on the same data folder created it.
func EnsureAdmin(ctx context.Context, bin, dataDir, dsn, email, password string, exists bool) error {
	args := []string{"user", "create", "--data", dataDir, "--database", dsn, "--role", "admin", "--name", "bench-admin", email}
	if exists {
		args = []string{"user", "reset", "--data", dataDir, "--database", dsn, email}
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = CleanEnv()
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

// FreePort returns a port on 127.0.0.1 that nothing listens on now.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Child is a server the harness started.
type Child struct {
	Name string
	cmd  *exec.Cmd
	log  string // file with its output
	done chan struct{}
	err  error // Wait's result, once done is closed
}

func StartChild(name string, cmd *exec.Cmd, logPath string) (*Child, error) {
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = f, f
	// Its own process group: a Ctrl-C in the terminal reaches the harness,
	// which then stops the Child itself, cleanly.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	c := &Child{Name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		f.Close()
		close(c.done)
	}()
	return c, nil
}

func (c *Child) PID() int { return c.cmd.Process.Pid }

// exited reports whether the process has ended.
func (c *Child) Exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// stop sends sig and waits up to wait for the process to end, then kills
// it. It returns the exit error, or an error if it had to kill.
func (c *Child) Stop(sig os.Signal, wait time.Duration) error {
	if c.Exited() {
		return fmt.Errorf("%s had already exited: %v", c.Name, c.err)
	}
	c.cmd.Process.Signal(sig)
	select {
	case <-c.done:
		return c.err
	case <-time.After(wait):
		c.cmd.Process.Kill()
		<-c.done
		return fmt.Errorf("%s did not stop within %s of %v; killed", c.Name, wait, sig)
	}
}

// tail returns the last lines of the Child's output, for error messages.
func (c *Child) Tail(n int) string {
	b, _ := os.ReadFile(c.log)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// waitHTTP polls url until it answers 200, the Child exits, or timeout.
func (c *Child) WaitHTTP(ctx context.Context, url string, timeout time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		req.Header.Set("User-Agent", UA)
		if resp, err := client.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if c.Exited() {
			return fmt.Errorf("%s exited before answering %s: %v\n%s", c.Name, url, c.err, c.Tail(20))
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("%s did not answer %s within %s\n%s", c.Name, url, timeout, c.Tail(20))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// PeakRSS reads the peak resident set size (VmHWM) of a process, in bytes.
func PeakRSS(pid int) (int64, error) { return procStatus(pid, "VmHWM") }

// RSS reads the resident set size (VmRSS) of a process now, in bytes.
func RSS(pid int) (int64, error) { return procStatus(pid, "VmRSS") }

// procStatus reads one size field of /proc/PID/status, in bytes.
func procStatus(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("%s %q: %w", field, rest, err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// UA is the User-Agent of the harness's own requests: a bot, so
// that fetching pages to check them counts no views.
const UA = "akhbar-bench-bot/1 (harness; not a reader)"

// Newsroom is a signed-in newsroom session over HTTP.
type Newsroom struct {
	Base string
	hc   *http.Client
	CSRF string // the session's token, from any newsroom form
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches path and returns the status and the body.
func (c *Newsroom) Get(ctx context.Context, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("User-Agent", UA)
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// post sends a form and returns the response (body read and closed).
func (c *Newsroom) Post(ctx context.Context, path string, form url.Values) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", UA)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func FormToken(page []byte) (string, error) {
	m := csrfField.FindSubmatch(page)
	if m == nil {
		return "", errors.New("no csrf field in the form")
	}
	return html.UnescapeString(string(m[1])), nil
}

// SignIn signs in to the newsroom as a user with the given password.
func SignIn(ctx context.Context, base, email, password string) (*Newsroom, error) {
	jar, _ := cookiejar.New(nil)
	c := &Newsroom{Base: base, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		// Redirects are answers to check, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	code, page, err := c.Get(ctx, "/newsroom/login")
	if err != nil || code != http.StatusOK {
		return nil, fmt.Errorf("sign-in form: status %d, %v", code, err)
	}
	token, err := FormToken(page) // the double-submit token; its cookie is in the jar
	if err != nil {
		return nil, fmt.Errorf("sign-in form: %w", err)
	}
	resp, body, err := c.Post(ctx, "/newsroom/login", url.Values{"csrf": {token}, "next": {"/newsroom/"},
		"email": {email}, "password": {password}})
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in as %s: status %d, want 303\n%.500s", email, resp.StatusCode, body)
	}
	code, page, err = c.Get(ctx, "/newsroom/articles/new")
	if err != nil || code != http.StatusOK {
		return nil, fmt.Errorf("new article form: status %d, %v", code, err)
	}
	if c.CSRF, err = FormToken(page); err != nil {
		return nil, fmt.Errorf("new article form: %w", err)
	}
	return c, nil
}

// Letters returns n random lowercase Latin Letters.
func Letters(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = 'a' + b[i]%26
	}
	return string(b)
}
