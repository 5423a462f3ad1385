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
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: defaultDataDir(), LogLevel: slog.LevelInfo, LogFormat: "text", PageCacheMB: 64}
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
	fs.TextVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (AKHBAR_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json (AKHBAR_LOG_FORMAT)")
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
	if v, ok := get("AKHBAR_PAGE_CACHE_MB"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AKHBAR_PAGE_CACHE_MB: %w", err))
		}
		c.PageCacheMB = n
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
	if c.PageCacheMB < 0 || c.PageCacheMB > 1<<20 {
		errs = append(errs, fmt.Errorf("page cache size %d MB: want 0 (off) to 1048576", c.PageCacheMB))
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
