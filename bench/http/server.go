package main

import (
	"akhbar/bench/harness"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// startAkhbar runs `akhbar serve` on the engine's database at a free
// port, with the page cache on (the default) or off
// (AKHBAR_PAGE_CACHE_MB=0), and waits for /healthz.
func startAkhbar(ctx context.Context, bin string, e engine, tmp string, cacheOn bool) (*harness.Child, string, error) {
	port, err := harness.FreePort()
	if err != nil {
		return nil, "", err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	cmd := exec.Command(bin, "serve", "--data", e.dataDir, "--database", e.dsn, "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--base-url", base)
	// wrk is one client, which the content API's rate limit per client
	// would refuse after its burst: raised out of reach, the limiter still
	// runs on every API request measured.
	const apiRate = "AKHBAR_API_RATE=1000000000"
	mode := "on"
	if cacheOn {
		cmd.Env = harness.CleanEnv(apiRate) // page cache size unset: the default
	} else {
		mode = "off"
		cmd.Env = harness.CleanEnv(apiRate, "AKHBAR_PAGE_CACHE_MB=0")
	}
	c, err := harness.StartChild("akhbar ("+e.name+", cache "+mode+")", cmd, filepath.Join(tmp, "akhbar-"+e.name+"-cache-"+mode+".log"))
	if err != nil {
		return nil, "", err
	}
	start := time.Now()
	if err := c.WaitHTTP(ctx, base+"/healthz", 2*time.Minute); err != nil {
		c.Stop(syscall.SIGKILL, 5*time.Second)
		return nil, "", err
	}
	fmt.Printf("akhbar serve (%s, cache %s) pid %d at %s, healthy after %s\n", e.name, mode, c.PID(), base, time.Since(start).Round(time.Millisecond))
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
func startNginx(ctx context.Context, tmp string, page []byte) (*harness.Child, string, error) {
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
	port, err := harness.FreePort()
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
	c, err := harness.StartChild("nginx", cmd, filepath.Join(dir, "nginx.out"))
	if err != nil {
		return nil, "", err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := c.WaitHTTP(ctx, base+"/article.html", 30*time.Second); err != nil {
		c.Stop(syscall.SIGKILL, 5*time.Second)
		b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		return nil, "", fmt.Errorf("%w\n%s", err, b)
	}
	fmt.Printf("\nnginx pid %d at %s serving the article's HTML (%d bytes; %d gzipped beforehand)\n", c.PID(), base, len(page), gz.Len())
	return c, base, nil
}
