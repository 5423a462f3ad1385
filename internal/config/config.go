// Package config reads Akhbar's settings from AKHBAR_* environment
// variables and command-line flags (flags win), with defaults that let
// `akhbar serve` run with no configuration at all.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is the process configuration. Site settings that editors change
// (name, time zone, date style) live in the database, not here.
type Config struct {
	Addr      string // listen address
	BaseURL   string // public URL of the site, for canonical links
	DataDir   string // SQLite file and media live here
	Database  string // postgres:// URL, or a SQLite file path; default DataDir/akhbar.db
	Media     string // s3://KEY:SECRET@host:port/bucket/prefix, or a folder; default DataDir/media
	Demo      bool   // load the demo site on first start
	LogLevel  slog.Level
	LogFormat string // text or json
	// PageCacheMB bounds the in-memory page cache; 0 turns it off.
	PageCacheMB int
	// RenderSlots is how many public pages may render at once (the rest
	// queue); 0 means one per core.
	RenderSlots int

	// Several nodes on one PostgreSQL database (docs/scaling.md).

	// Node names this process in logs and the audit log; default HOST:PORT.
	Node string
	// DBMaxConns bounds this node's PostgreSQL connections.
	DBMaxConns int
	// DBTimeout bounds how long a request waits on the database.
	DBTimeout time.Duration
	// TrustedProxies are the balancers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// PurgeURL is an edge cache (Varnish, a CDN) to purge on changes: a
	// PURGE with the changed surrogate keys in an xkey-purge header.
	PurgeURL string
	// WebhooksAllowPrivate lets webhook subscriptions point at loopback
	// and private addresses (an intranet receiver); off, they may reach
	// only the public internet (docs/api.md, "Webhooks").
	WebhooksAllowPrivate bool
	// APIRate is the content API's rate limit per client, in requests a
	// second (bursts of three seconds' worth); 0 turns it off.
	APIRate float64

	// Operations (docs/operations.md).

	// MetricsAddr is where /metrics is served in the Prometheus format: a
	// listener of its own, never the public one; empty turns metrics off.
	MetricsAddr string
	// AccessLog is "json" for one JSON line per request on standard
	// output, or "off".
	AccessLog string

	// Scheduled backups of a SQLite site (docs/operations.md, "Backups").

	// BackupEvery is the time between backups; 0 takes none.
	BackupEvery time.Duration
	// BackupKeep is how many of the newest backups to keep; 0 keeps all.
	BackupKeep int
	// BackupTo is a folder or an s3:// URL (bucket and prefix) for them.
	BackupTo string
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: defaultDataDir(), LogLevel: slog.LevelInfo, LogFormat: "text", PageCacheMB: 64, AccessLog: "off",
		DBMaxConns: 20, DBTimeout: 10 * time.Second, APIRate: 20}
}

// defaultDataDir is a "data" folder beside the binary, or in the working
// directory when the binary is a throwaway build of `go run`.
func defaultDataDir() string {
	exe, err := os.Executable()
	if err != nil {
		return "data"
	}
	dir := filepath.Dir(exe)
	if strings.Contains(dir, "go-build") || strings.HasPrefix(dir, os.TempDir()) {
		return "data"
	}
	return filepath.Join(dir, "data")
}

// Bind registers the flags for cfg on fs, taking the current values
// (defaults overlaid with the environment) as the flags' defaults.
func (c *Config) Bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (AKHBAR_ADDR)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL of the site, e.g. https://example.pk (AKHBAR_BASE_URL; default http://ADDR)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data folder (AKHBAR_DATA_DIR)")
	fs.StringVar(&c.Database, "database", c.Database, "postgres://… URL or SQLite file (AKHBAR_DATABASE; default DATA/akhbar.db)")
	fs.StringVar(&c.Media, "media", c.Media, "where uploaded images go: a folder, or s3://KEY:SECRET@host:port/bucket/prefix?tls=false (AKHBAR_MEDIA; default DATA/media)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load the demo site on first start (AKHBAR_DEMO)")
	fs.IntVar(&c.PageCacheMB, "page-cache-mb", c.PageCacheMB, "memory for rendered public pages in MB, 0 to turn the cache off (AKHBAR_PAGE_CACHE_MB)")
	fs.IntVar(&c.RenderSlots, "render-slots", c.RenderSlots, "public pages rendered at once, the rest wait their turn; 0: one per core (AKHBAR_RENDER_SLOTS)")
	fs.TextVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (AKHBAR_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json (AKHBAR_LOG_FORMAT)")
	fs.StringVar(&c.Node, "node", c.Node, "this node's name in logs and the audit log (AKHBAR_NODE; default HOST:PORT)")
	fs.IntVar(&c.DBMaxConns, "db-max-conns", c.DBMaxConns, "most PostgreSQL connections this node opens (AKHBAR_DB_MAX_CONNS)")
	fs.DurationVar(&c.DBTimeout, "db-timeout", c.DBTimeout, "longest a request waits on the database (AKHBAR_DB_TIMEOUT)")
	fs.Func("trusted-proxies", "comma-separated addresses or CIDRs of balancers whose X-Forwarded-For is trusted (AKHBAR_TRUSTED_PROXIES)", func(v string) error {
		p, err := ParsePrefixes(v)
		c.TrustedProxies = p
		return err
	})
	fs.BoolVar(&c.WebhooksAllowPrivate, "webhooks-allow-private", c.WebhooksAllowPrivate, "let webhooks go to loopback and private-network addresses (AKHBAR_WEBHOOKS_ALLOW_PRIVATE)")
	fs.Float64Var(&c.APIRate, "api-rate", c.APIRate, "content API requests a second per client, bursts of 3 s worth; 0 for no limit (AKHBAR_API_RATE)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "serve Prometheus metrics at http://ADDR/metrics, e.g. 127.0.0.1:9090; keep it off the public network (AKHBAR_METRICS_ADDR; default off)")
	fs.StringVar(&c.AccessLog, "access-log", c.AccessLog, "json for one JSON line per request on standard output, or off (AKHBAR_ACCESS_LOG)")
	fs.DurationVar(&c.BackupEvery, "backup-every", c.BackupEvery, "with serve: back the SQLite site up this often, e.g. 6h (AKHBAR_BACKUP_EVERY; default never)")
	fs.IntVar(&c.BackupKeep, "keep", c.BackupKeep, "with --backup-every: keep the newest N backups, 0 for all (AKHBAR_BACKUP_KEEP)")
	fs.StringVar(&c.BackupTo, "backup-to", c.BackupTo, "with --backup-every: a folder, or s3://KEY:SECRET@host:port/bucket/prefix (AKHBAR_BACKUP_TO)")
	fs.StringVar(&c.PurgeURL, "purge-url", c.PurgeURL, "edge cache to purge by surrogate key on every change, e.g. http://127.0.0.1:6081/ (AKHBAR_PURGE_URL)")
}

// ParsePrefixes reads comma-separated addresses and CIDR prefixes; a bare
// address is a prefix of one address.
func ParsePrefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for part := range strings.SplitSeq(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.Contains(part, "/") {
			p, err := netip.ParsePrefix(part)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", part, err)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", part, err)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// FromEnv overlays AKHBAR_* variables on c. A variable NAME_FILE names a
// file holding the value, for secrets such as a database URL with a password.
func (c *Config) FromEnv(getenv func(string) string) error {
	var errs []error
	get := func(name string) (string, bool) {
		if path := getenv(name + "_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s_FILE: %w", name, err))
				return "", false
			}
			return strings.TrimSpace(string(b)), true
		}
		v := getenv(name)
		return v, v != ""
	}
	if v, ok := get("AKHBAR_ADDR"); ok {
		c.Addr = v
	}
	if v, ok := get("AKHBAR_BASE_URL"); ok {
		c.BaseURL = v
	}
	if v, ok := get("AKHBAR_DATA_DIR"); ok {
		c.DataDir = v
	}
	if v, ok := get("AKHBAR_DATABASE"); ok {
		c.Database = v
	}
	if v, ok := get("AKHBAR_MEDIA"); ok {
		c.Media = v
	}
	if v, ok := get("AKHBAR_DEMO"); ok {
		c.Demo = v == "1" || strings.EqualFold(v, "true") || strings.EqualFold(v, "yes")
	}
	if v, ok := get("AKHBAR_LOG_LEVEL"); ok {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("AKHBAR_LOG_LEVEL: %w", err))
		}
	}
	if v, ok := get("AKHBAR_LOG_FORMAT"); ok {
		c.LogFormat = v
	}
	if v, ok := get("AKHBAR_NODE"); ok {
		c.Node = v
	}
	if v, ok := get("AKHBAR_DB_MAX_CONNS"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AKHBAR_DB_MAX_CONNS: %w", err))
		}
		c.DBMaxConns = n
	}
	if v, ok := get("AKHBAR_DB_TIMEOUT"); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AKHBAR_DB_TIMEOUT: %w", err))
		}
		c.DBTimeout = d
	}
	if v, ok := get("AKHBAR_TRUSTED_PROXIES"); ok {
		p, err := ParsePrefixes(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AKHBAR_TRUSTED_PROXIES: %w", err))
		}
		c.TrustedProxies = p
	}
	if v, ok := get("AKHBAR_METRICS_ADDR"); ok {
		c.MetricsAddr = v
	}
	if v, ok := get("AKHBAR_ACCESS_LOG"); ok {
		c.AccessLog = v
	}
	if v, ok := get("AKHBAR_PURGE_URL"); ok {
		c.PurgeURL = v
	}
	if v, ok := get("AKHBAR_WEBHOOKS_ALLOW_PRIVATE"); ok {
		c.WebhooksAllowPrivate = v == "1" || strings.EqualFold(v, "true") || strings.EqualFold(v, "yes")
	}
	if v, ok := get("AKHBAR_API_RATE"); ok {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("AKHBAR_API_RATE: %w", err))
		}
		c.APIRate = n
	}
	if v, ok := get("AKHBAR_PAGE_CACHE_MB"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AKHBAR_PAGE_CACHE_MB: %w", err))
		}
		c.PageCacheMB = n
	}
	if v, ok := get("AKHBAR_BACKUP_EVERY"); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AKHBAR_BACKUP_EVERY: %w", err))
		}
		c.BackupEvery = d
	}
	if v, ok := get("AKHBAR_BACKUP_KEEP"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AKHBAR_BACKUP_KEEP: %w", err))
		}
		c.BackupKeep = n
	}
	if v, ok := get("AKHBAR_BACKUP_TO"); ok {
		c.BackupTo = v
	}
	if v, ok := get("AKHBAR_RENDER_SLOTS"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AKHBAR_RENDER_SLOTS: %w", err))
		}
		c.RenderSlots = n
	}
	return errors.Join(errs...)
}

// Finish fills derived values and checks the whole configuration.
func (c *Config) Finish() error {
	if c.Database == "" {
		c.Database = filepath.Join(c.DataDir, "akhbar.db")
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if c.Media == "" {
		c.Media = filepath.Join(c.DataDir, "media")
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.Node == "" {
		host, _ := os.Hostname()
		_, port, _ := net.SplitHostPort(c.Addr)
		c.Node = host + ":" + port
	}
	return c.Validate()
}

// Validate reports every problem in c at once.
func (c *Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("listen address %q: %w", c.Addr, err))
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("base URL %q: want http(s)://host", c.BaseURL))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("data folder is empty"))
	}
	if c.RenderSlots < 0 || c.RenderSlots > 4096 {
		errs = append(errs, fmt.Errorf("render slots %d: want 0 (one per core) to 4096", c.RenderSlots))
	}
	if c.PageCacheMB < 0 || c.PageCacheMB > 1<<20 {
		errs = append(errs, fmt.Errorf("page cache size %d MB: want 0 (off) to 1048576", c.PageCacheMB))
	}
	// Two at least: start-up holds one for its lock while another migrates.
	if c.DBMaxConns < 2 || c.DBMaxConns > 10000 {
		errs = append(errs, fmt.Errorf("database connections %d: want 2 to 10000", c.DBMaxConns))
	}
	if c.DBTimeout < 100*time.Millisecond {
		errs = append(errs, fmt.Errorf("database timeout %s: want at least 100ms", c.DBTimeout))
	}
	if c.Node != "" && (len(c.Node) > 64 || strings.ContainsFunc(c.Node, func(r rune) bool { return r <= ' ' || r == 0x7f })) {
		errs = append(errs, fmt.Errorf("node name %q: want up to 64 characters without spaces", c.Node))
	}
	if c.PurgeURL != "" {
		if u, err := url.Parse(c.PurgeURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("purge URL %q: want http(s)://host/", c.PurgeURL))
		}
	}
	if c.BackupEvery != 0 {
		switch {
		case c.BackupEvery < time.Minute:
			errs = append(errs, fmt.Errorf("backup interval %s: want at least 1m", c.BackupEvery))
		case c.BackupTo == "":
			errs = append(errs, errors.New("--backup-every needs --backup-to: a folder or an s3:// URL"))
		case strings.HasPrefix(c.Database, "postgres://") || strings.HasPrefix(c.Database, "postgresql://"):
			errs = append(errs, errors.New("--backup-every backs up SQLite sites; back PostgreSQL up with pg_dump (docs/operations.md, \"Backups\")"))
		}
	}
	if c.BackupKeep < 0 {
		errs = append(errs, fmt.Errorf("backups kept %d: want 0 (all) or more", c.BackupKeep))
	}
	if c.APIRate < 0 || c.APIRate > 1e9 || c.APIRate != c.APIRate {
		errs = append(errs, fmt.Errorf("API rate %v: want 0 (no limit) to 1e9 requests a second", c.APIRate))
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("metrics address %q: %w", c.MetricsAddr, err))
		} else if c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
			errs = append(errs, fmt.Errorf("metrics address %q: the public listen address; metrics need a listener of their own", c.MetricsAddr))
		}
	}
	if c.AccessLog != "off" && c.AccessLog != "json" {
		errs = append(errs, fmt.Errorf("access log %q: want json or off", c.AccessLog))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("log format %q: want text or json", c.LogFormat))
	}
	return errors.Join(errs...)
}

// Load builds the configuration of one subcommand: defaults, then the
// environment, then the flags in args. It returns the remaining arguments.
func Load(name string, args []string, getenv func(string) string, extra func(*flag.FlagSet)) (Config, []string, error) {
	c := Defaults()
	if err := c.FromEnv(getenv); err != nil {
		return c, nil, err
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	c.Bind(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	return c, fs.Args(), c.Finish()
}
