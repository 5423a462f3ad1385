package config

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "db")
	os.WriteFile(secret, []byte("postgres://u:p@db/akhbar\n"), 0o600)
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		check   func(Config) bool
		wantErr string
	}{
		{"defaults", nil, nil, func(c Config) bool {
			return c.Addr == "127.0.0.1:8080" && c.BaseURL == "http://127.0.0.1:8080" &&
				c.Database == filepath.Join(c.DataDir, "akhbar.db") && !c.Demo
		}, ""},
		{"environment", map[string]string{"AKHBAR_ADDR": "127.0.0.1:9000", "AKHBAR_DEMO": "true", "AKHBAR_LOG_LEVEL": "debug"}, nil,
			func(c Config) bool { return c.Addr == "127.0.0.1:9000" && c.Demo && c.LogLevel == slog.LevelDebug }, ""},
		{"flags beat environment", map[string]string{"AKHBAR_ADDR": "127.0.0.1:9000"}, []string{"--addr", "127.0.0.1:7000", "--demo"},
			func(c Config) bool { return c.Addr == "127.0.0.1:7000" && c.Demo }, ""},
		{"secret from file", map[string]string{"AKHBAR_DATABASE_FILE": secret}, nil,
			func(c Config) bool { return c.Database == "postgres://u:p@db/akhbar" }, ""},
		{"base URL trimmed", map[string]string{"AKHBAR_BASE_URL": "https://akhbar.pk/"}, nil,
			func(c Config) bool { return c.BaseURL == "https://akhbar.pk" }, ""},
		{"bad address", nil, []string{"--addr", "nowhere"}, nil, "listen address"},
		{"bad base URL", map[string]string{"AKHBAR_BASE_URL": "akhbar.pk"}, nil, nil, "base URL"},
		{"bad log level", map[string]string{"AKHBAR_LOG_LEVEL": "loud"}, nil, nil, "AKHBAR_LOG_LEVEL"},
		{"missing secret file", map[string]string{"AKHBAR_DATABASE_FILE": "/nonexistent"}, nil, nil, "AKHBAR_DATABASE_FILE"},
		// One connection would deadlock start-up: its lock holds it while
		// migrations wait for another.
		{"one database connection", nil, []string{"--db-max-conns", "1"}, nil, "want 2 to 10000"},
		{"metrics and access log off by default", nil, nil,
			func(c Config) bool { return c.MetricsAddr == "" && c.AccessLog == "off" }, ""},
		{"metrics and access log from the environment", map[string]string{"AKHBAR_METRICS_ADDR": "127.0.0.1:9090", "AKHBAR_ACCESS_LOG": "json"}, nil,
			func(c Config) bool { return c.MetricsAddr == "127.0.0.1:9090" && c.AccessLog == "json" }, ""},
		{"metrics on the public listener", nil, []string{"--addr", "127.0.0.1:8080", "--metrics-addr", "127.0.0.1:8080"}, nil, "listener of their own"},
		{"bad metrics address", nil, []string{"--metrics-addr", "9090"}, nil, "metrics address"},
		{"bad access log", nil, []string{"--access-log", "combined"}, nil, "access log"},
		{"two problems at once", map[string]string{"AKHBAR_LOG_FORMAT": "xml"}, []string{"--addr", "x"}, nil, "log format"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, _, err := Load("serve", c.args, func(k string) string { return c.env[k] }, nil)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(cfg) {
				t.Errorf("unexpected config %+v", cfg)
			}
		})
	}
}
