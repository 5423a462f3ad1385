// Package clustertest runs real `akhbar serve` processes on one PostgreSQL
// schema, for tests of what only several processes show: starting
// together, a balancer in front, an edge cache, a node killed under load.
//
// A test makes a Cluster (a fresh schema, dropped at cleanup), launches
// nodes on free 127.0.0.1 ports, and talks to them over HTTP, through a
// Client that signs in to the newsroom as a browser would. The binary is
// built from ./cmd/akhbar once per test binary; a test package that uses
// this one calls Main from its TestMain, so the build is removed after:
//
//	func TestMain(m *testing.M) { os.Exit(clustertest.Main(m)) }
//
// Everything skips, saying why, unless AKHBAR_TEST_POSTGRES is set
// (storetest.PostgresSchema); Need does the same for outside programs
// (nginx, wrk, varnishd), except under CI=true, where a missing program
// fails the test.
package clustertest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"akhbar/internal/store/storetest"
)

// Main runs the tests and removes the binary Binary built.
func Main(m *testing.M) int {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	return code
}

var build struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// Binary builds ./cmd/akhbar once per test binary and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		start := time.Now()
		root, err := ModuleRoot()
		if err != nil {
			build.err = err
			return
		}
		if build.dir, build.err = os.MkdirTemp("", "akhbar-clustertest-"); build.err != nil {
			return
		}
		build.bin = filepath.Join(build.dir, "akhbar")
		cmd := exec.Command("go", "build", "-o", build.bin, "./cmd/akhbar")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			build.err = fmt.Errorf("go build ./cmd/akhbar: %v\n%s", err, out)
			return
		}
		t.Logf("built akhbar in %s", time.Since(start).Round(time.Millisecond))
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.bin
}

// ModuleRoot is the folder of akhbar's go.mod.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	mod := strings.TrimSpace(string(out))
	if err != nil || mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("go env GOMOD: %q, %v", mod, err)
	}
	return filepath.Dir(mod), nil
}

// Need returns the path of an outside program the test needs (looked up
// in PATH, then /usr/sbin and /sbin, where Debian puts nginx and
// varnishd). Without it the test is skipped, or fails when CI=true: CI
// installs these programs, so there a missing one is a broken CI.
func Need(t testing.TB, program string) string {
	t.Helper()
	if p, err := exec.LookPath(program); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
		p := filepath.Join(dir, program)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed, and CI must run this test (.ci/run installs it)", program)
	}
	t.Skipf("%s is not installed: skipping (Debian: apt-get install %s; CI=true makes this a failure)", program, debianPackage(program))
	return ""
}

func debianPackage(program string) string {
	switch program {
	case "varnishd", "varnishstat":
		return "varnish varnish-modules"
	case "nginx":
		return "nginx-light"
	}
	return program
}

// FreePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Cluster is a set of akhbar nodes on one PostgreSQL schema.
type Cluster struct {
	T   testing.TB
	DSN string // the schema's URL, as given to every node
	Bin string
	// Env is added to every node's environment (after the test's own,
	// from which AKHBAR_* variables are removed).
	Env   []string
	Nodes []*Node

	dir string // nodes' data folders and logs
	db  *sql.DB
}

// New makes a cluster on a fresh PostgreSQL schema, dropped when the test
// ends; it skips the test without AKHBAR_TEST_POSTGRES.
func New(t testing.TB) *Cluster {
	t.Helper()
	return On(t, storetest.PostgresSchema(t))
}

// On makes a cluster on the database at dsn (a schema the test prepared).
func On(t testing.TB, dsn string) *Cluster {
	t.Helper()
	// The folder is made before the cleanup below is registered, so it
	// is removed after the nodes have stopped and their logs were shown.
	c := &Cluster{T: t, DSN: dsn, Bin: Binary(t), dir: t.TempDir()}
	t.Cleanup(func() {
		// Last in, first out: the nodes stop before the schema is dropped.
		var wg sync.WaitGroup
		for _, n := range c.Nodes {
			wg.Go(func() { n.current().Stop(syscall.SIGTERM, 10*time.Second) })
		}
		wg.Wait()
		if t.Failed() {
			for _, n := range c.Nodes {
				t.Logf("--- %s (%s) log, last lines:\n%s", n.Name, n.URL, n.Tail(40))
			}
		}
		if c.db != nil {
			c.db.Close()
		}
	})
	return c
}

// DB is a connection pool on the cluster's schema, for checks in SQL.
func (c *Cluster) DB() *sql.DB {
	if c.db == nil {
		db, err := sql.Open("pgx", c.DSN)
		if err != nil {
			c.T.Fatal(err)
		}
		db.SetMaxOpenConns(2)
		c.db = db
	}
	return c.db
}

// Count runs a query that returns one number.
func (c *Cluster) Count(query string, args ...any) int {
	c.T.Helper()
	var n int
	if err := c.DB().QueryRow(query, args...).Scan(&n); err != nil {
		c.T.Fatalf("%s: %v", query, err)
	}
	return n
}

// Proc is a child process of the test (a node, nginx, varnishd) with its
// output in a file. It gets SIGKILL if the test binary dies.
type Proc struct {
	Name string
	Cmd  *exec.Cmd
	Log  string // the file with everything it wrote
	done chan struct{}
	err  error // Wait's result, once done is closed
}

// StartProc starts cmd, its standard output and error appended to the
// file log. Stop it (or let a cleanup stop it) with Stop or Kill.
func StartProc(name string, cmd *exec.Cmd, log string) (*Proc, error) {
	f, err := os.OpenFile(log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = f, f
	// Should the test binary die (a panic, a timeout), so does the child.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &Proc{Name: name, Cmd: cmd, Log: log, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	return p, nil
}

// Running reports whether the process is alive.
func (p *Proc) Running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// Exited is closed when the process has ended; Err then says how.
func (p *Proc) Exited() <-chan struct{} { return p.done }

// Err is the process's exit status, once Exited is closed.
func (p *Proc) Err() error {
	<-p.done
	return p.err
}

// Stop sends sig and waits up to wait for the process to end, then kills
// it. It returns the exit error (nil for a SIGKILL it was asked to
// send), or why it had to be killed.
func (p *Proc) Stop(sig syscall.Signal, wait time.Duration) error {
	if !p.Running() {
		return nil
	}
	p.Cmd.Process.Signal(sig)
	select {
	case <-p.done:
		if sig == syscall.SIGKILL {
			return nil
		}
		return p.err
	case <-time.After(wait):
		p.Cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("%s did not exit within %s of %v; killed", p.Name, wait, sig)
	}
}

// Tail is the last lines the process wrote.
func (p *Proc) Tail(lines int) string {
	b, _ := os.ReadFile(p.Log)
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// Node is one `akhbar serve` process.
type Node struct {
	Name string
	Addr string // 127.0.0.1:PORT
	URL  string // http://127.0.0.1:PORT
	Dir  string // its data folder
	c    *Cluster
	args []string
	log  string // file with everything it wrote, over restarts

	mu   sync.Mutex
	proc *Proc
}

// Launch starts a node named name with extra serve flags, without
// waiting for it: launch several, then WaitAll, to start them together.
func (c *Cluster) Launch(name string, flags ...string) *Node {
	c.T.Helper()
	port := FreePort(c.T)
	n := &Node{Name: name, Addr: fmt.Sprintf("127.0.0.1:%d", port), c: c}
	n.URL = "http://" + n.Addr
	n.Dir = filepath.Join(c.dir, name)
	n.log = n.Dir + ".log"
	n.args = append([]string{"serve", "--database", c.DSN, "--data", n.Dir, "--addr", n.Addr,
		"--base-url", n.URL, "--node", name}, flags...)
	c.Nodes = append(c.Nodes, n)
	if err := n.start(); err != nil {
		c.T.Fatal(err)
	}
	return n
}

// Start launches count nodes (node1, node2, … after those already there)
// at the same moment and waits until each answers /healthz.
func (c *Cluster) Start(count int, flags ...string) []*Node {
	c.T.Helper()
	nodes := make([]*Node, count)
	first := len(c.Nodes)
	for i := range nodes {
		nodes[i] = c.Launch(fmt.Sprintf("node%d", first+i+1), flags...)
	}
	c.WaitAll(nodes, time.Minute)
	return nodes
}

// WaitAll waits, for all at once, until each node answers /healthz.
func (c *Cluster) WaitAll(nodes []*Node, timeout time.Duration) {
	c.T.Helper()
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	for i, n := range nodes {
		wg.Go(func() { errs[i] = n.wait(timeout) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		c.T.Fatal(err)
	}
}

func (n *Node) start() error {
	if err := os.MkdirAll(n.Dir, 0o755); err != nil {
		return err
	}
	cmd := exec.Command(n.c.Bin, n.args...)
	cmd.Env = append(cleanEnv(), n.c.Env...)
	p, err := StartProc(n.Name, cmd, n.log)
	if err != nil {
		return err
	}
	n.mu.Lock()
	n.proc = p
	n.mu.Unlock()
	return nil
}

func (n *Node) current() *Proc {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.proc
}

// cleanEnv is the test's environment without AKHBAR_* variables, so a
// node sees only what the cluster sets (AKHBAR_TEST_POSTGRES, or a stray
// AKHBAR_DATABASE, would otherwise reach it).
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AKHBAR_") {
			env = append(env, kv)
		}
	}
	return env
}

// Wait waits until the node answers /healthz with 200, and fails the
// test, with the node's log, if it exits or does not within timeout.
func (n *Node) Wait(timeout time.Duration) {
	n.c.T.Helper()
	if err := n.wait(timeout); err != nil {
		n.c.T.Fatal(err)
	}
}

func (n *Node) wait(timeout time.Duration) error {
	p := n.current()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		if resp, err := client.Get(n.URL + "/healthz"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if !p.Running() {
			return fmt.Errorf("%s exited before it was healthy: %v\n%s", n.Name, p.Err(), n.Tail(30))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not healthy within %s\n%s", n.Name, timeout, n.Tail(30))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Running reports whether the node's process is alive.
func (n *Node) Running() bool { return n.current().Running() }

// Kill ends the node with SIGKILL, as a crash or the OOM killer would,
// and waits until it is gone.
func (n *Node) Kill() { n.current().Stop(syscall.SIGKILL, 10*time.Second) }

// Stop ends the node with SIGTERM, a clean stop, and fails the test if
// it does not exit cleanly (status 0) within 20 seconds.
func (n *Node) Stop() {
	n.c.T.Helper()
	if err := n.current().Stop(syscall.SIGTERM, 20*time.Second); err != nil {
		n.c.T.Errorf("%s: clean stop: %v\n%s", n.Name, err, n.Tail(20))
	}
}

// Restart starts a stopped (or killed) node again, on the same port,
// data folder and flags, and waits until it is healthy.
func (n *Node) Restart() {
	n.c.T.Helper()
	if n.Running() {
		n.c.T.Fatalf("%s: restart while still running", n.Name)
	}
	if err := n.start(); err != nil {
		n.c.T.Fatal(err)
	}
	n.Wait(time.Minute)
}

// Tail is the last lines the node wrote (its log, over restarts).
func (n *Node) Tail(lines int) string {
	return (&Proc{Log: n.log}).Tail(lines)
}

// Logged counts the occurrences of s in the node's log (over restarts).
func (n *Node) Logged(s string) int {
	b, _ := os.ReadFile(n.log)
	return strings.Count(string(b), s)
}

// CreateUser makes a newsroom user with `akhbar user create`, the
// password given on standard input as an operator would.
func (c *Cluster) CreateUser(role, name, email, password string) {
	c.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.Bin, "user", "create", "--database", c.DSN, "--data", filepath.Join(c.dir, "cli"),
		"--role", role, "--name", name, email)
	cmd.Env = cleanEnv()
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		c.T.Fatalf("akhbar user create %s: %v\n%s", email, err, out)
	}
}

// CreateAdmin makes an admin with `akhbar user create --role admin`.
func (c *Cluster) CreateAdmin(email, password string) {
	c.T.Helper()
	c.CreateUser("admin", "منتظم", email, password)
}

// Within polls cond every 20 ms until it holds or d has passed since
// start (the moment the change was asked for), and reports whether it
// held. cond is tried at least once: start polling as soon as the change
// returns, or a late first try proves nothing.
func Within(start time.Time, d time.Duration, cond func() bool) bool {
	for {
		if cond() {
			return true
		}
		if time.Since(start) > d {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}
