package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// browserUA is the User-Agent wrk sends: a reader's browser, so that the
// site counts article views (popular.IsBot ignores crawlers and tools).
const browserUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

// wrkResult is what one wrk run reports.
type wrkResult struct {
	Requests  int64         // "N requests in": responses wrk read completely
	Elapsed   time.Duration // the "in" of that line
	BytesRead float64       // "…, 1.23GB read"
	ReqPerSec float64       // "Requests/sec:"
	P50, P75  time.Duration // "Latency Distribution"
	P90, P99  time.Duration
	P95       time.Duration // from percentileScript's line, when wrk ran it
	// Socket errors and responses with a status other than 2xx or 3xx;
	// wrk prints these lines only when they are not zero.
	Connect, Read, Write, Timeout int64
	Non2xx3xx                     int64
}

// Errors is every failed request wrk saw.
func (r wrkResult) Errors() int64 {
	return r.Connect + r.Read + r.Write + r.Timeout + r.Non2xx3xx
}

// BytesPerResponse is the mean size of a response, headers included.
func (r wrkResult) BytesPerResponse() float64 {
	if r.Requests == 0 {
		return 0
	}
	return r.BytesRead / float64(r.Requests)
}

var (
	wrkPercentile = regexp.MustCompile(`^\s*(50|75|90|99)%\s+(\S+)\s*$`)
	wrkRequests   = regexp.MustCompile(`^\s*(\d+) requests in (\S+), (\S+) read\s*$`)
	wrkSocket     = regexp.MustCompile(`^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)\s*$`)
	wrkNon2xx     = regexp.MustCompile(`^\s*Non-2xx or 3xx responses: (\d+)\s*$`)
	wrkRate       = regexp.MustCompile(`^\s*Requests/sec:\s+(\S+)\s*$`)
	wrkUnit       = regexp.MustCompile(`^([0-9.]+)([a-zA-Z]*)$`)
	wrkP95        = regexp.MustCompile(`^akhbar-percentiles p95=(\d+)us\s*$`)
)

// percentileScript is a wrk Lua script whose done hook prints the 95th
// percentile, which wrk's --latency report leaves out (it prints 50, 75,
// 90 and 99).
const percentileScript = `done = function(summary, latency, requests)
  io.write(string.format("akhbar-percentiles p95=%dus\n", latency:percentile(95)))
end
`

// parseWrk reads wrk's report (run with --latency). It fails unless the
// request count, the rate and the four percentiles are all present.
func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	have := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		var err error
		switch {
		case wrkPercentile.MatchString(line):
			m := wrkPercentile.FindStringSubmatch(line)
			var d time.Duration
			if d, err = parseWrkDuration(m[2]); err == nil {
				switch m[1] {
				case "50":
					r.P50 = d
				case "75":
					r.P75 = d
				case "90":
					r.P90 = d
				case "99":
					r.P99 = d
				}
				have["p"+m[1]] = true
			}
		case wrkRequests.MatchString(line):
			m := wrkRequests.FindStringSubmatch(line)
			r.Requests, err = strconv.ParseInt(m[1], 10, 64)
			if err == nil {
				r.Elapsed, err = parseWrkDuration(m[2])
			}
			if err == nil {
				r.BytesRead, err = parseWrkBytes(m[3])
			}
			have["requests"] = true
		case wrkSocket.MatchString(line):
			m := wrkSocket.FindStringSubmatch(line)
			for i, p := range []*int64{&r.Connect, &r.Read, &r.Write, &r.Timeout} {
				if *p, err = strconv.ParseInt(m[i+1], 10, 64); err != nil {
					break
				}
			}
		case wrkNon2xx.MatchString(line):
			r.Non2xx3xx, err = strconv.ParseInt(wrkNon2xx.FindStringSubmatch(line)[1], 10, 64)
		case wrkP95.MatchString(line):
			var us int64
			us, err = strconv.ParseInt(wrkP95.FindStringSubmatch(line)[1], 10, 64)
			r.P95 = time.Duration(us) * time.Microsecond
		case wrkRate.MatchString(line):
			r.ReqPerSec, err = strconv.ParseFloat(wrkRate.FindStringSubmatch(line)[1], 64)
			have["rate"] = true
		}
		if err != nil {
			return r, fmt.Errorf("wrk output line %q: %w", strings.TrimSpace(line), err)
		}
	}
	for _, k := range []string{"requests", "rate", "p50", "p75", "p90", "p99"} {
		if !have[k] {
			return r, fmt.Errorf("wrk output has no %s (was --latency given?):\n%s", k, out)
		}
	}
	return r, nil
}

// parseWrkDuration reads wrk's times: 620.00us, 1.23ms, 2.00s, 1.50m, 1.00h.
func parseWrkDuration(s string) (time.Duration, error) {
	m := wrkUnit.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("time %q", s)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, err
	}
	unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second,
		"m": time.Minute, "h": time.Hour}[m[2]]
	if unit == 0 {
		return 0, fmt.Errorf("time %q: unknown unit", s)
	}
	return time.Duration(math.Round(v * float64(unit))), nil
}

// parseWrkBytes reads wrk's byte counts: 512.00B, 1.23KB, 4.56MB, 7.89GB.
func parseWrkBytes(s string) (float64, error) {
	m := wrkUnit.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("size %q", s)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, err
	}
	mult := map[string]float64{"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40, "PB": 1 << 50}[m[2]]
	if mult == 0 {
		return 0, fmt.Errorf("size %q: unknown unit", s)
	}
	return v * mult, nil
}

// wrkSettings are the load every URL gets.
type wrkSettings struct {
	Threads, Connections int
	Duration             time.Duration
}

// runWrk loads url for the configured time and parses the report. The
// run is bounded: wrk stops itself after the duration, and is killed if
// it has not a minute later. pgid is the server's process group: the run
// waits until the server is idle, and reports how much CPU other
// processes took meanwhile, in cores.
func runWrk(ctx context.Context, ws wrkSettings, url string, pgid int) (wrkResult, float64, error) {
	if waited, idle := waitIdle(pgid, time.Minute); !idle {
		fmt.Printf("  (the server was still busy after %s; measuring anyway)\n", waited.Round(time.Second))
	} else if waited > time.Second {
		fmt.Printf("  (waited %s for the server to finish requests left from the previous run)\n", waited.Round(100*time.Millisecond))
	}
	ctx, cancel := context.WithTimeout(ctx, ws.Duration+time.Minute)
	defer cancel()
	secs := max(1, int(ws.Duration.Round(time.Second)/time.Second))
	args := []string{fmt.Sprintf("-t%d", ws.Threads), fmt.Sprintf("-c%d", ws.Connections), fmt.Sprintf("-d%ds", secs),
		"--latency", "--timeout", "5s", "-H", "Accept-Encoding: gzip", "-H", "User-Agent: " + browserUA}
	if wrkScript != "" {
		args = append(args, "-s", wrkScript)
	}
	args = append(args, url)
	meter := startCPUMeter(pgid)
	cmd := exec.CommandContext(ctx, tools["wrk"], args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return wrkResult{}, 0, fmt.Errorf("wrk %s: %w\n%s", url, err, out)
	}
	others := meter.others(cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime())
	r, err := parseWrk(string(out))
	return r, others, err
}

// wrkScript is the file holding percentileScript, once run wrote it.
var wrkScript string

// writeWrkScript writes percentileScript into dir for runWrk.
func writeWrkScript(dir string) error {
	p := filepath.Join(dir, "percentiles.lua")
	if err := os.WriteFile(p, []byte(percentileScript), 0o644); err != nil {
		return err
	}
	wrkScript = p
	return nil
}

// tools maps wrk and nginx to their paths, once ensureTools found them.
var tools = map[string]string{}

// ensureTools installs wrk and nginx with apt-get when they are missing.
func ensureTools(ctx context.Context) error {
	var missing []string
	for _, tool := range []string{"wrk", "nginx"} {
		if p, err := lookTool(tool); err == nil {
			fmt.Printf("%s: %s (present, apt-get skipped)\n", tool, p)
			tools[tool] = p
			continue
		}
		missing = append(missing, tool)
	}
	if len(missing) == 0 {
		return nil
	}
	if os.Geteuid() != 0 {
		return fmt.Errorf("%s missing: install with `sudo apt-get install -y %s` (not root, so the harness does not)",
			strings.Join(missing, " and "), strings.Join(missing, " "))
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	for _, args := range [][]string{{"update"}, append([]string{"install", "-y", "--no-install-recommends"}, missing...)} {
		fmt.Printf("%s missing: running apt-get %s\n", strings.Join(missing, " and "), strings.Join(args, " "))
		cmd := exec.CommandContext(ctx, "apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("apt-get %s: %w", args[0], err)
		}
	}
	for _, tool := range missing {
		p, err := lookTool(tool)
		if err != nil {
			return fmt.Errorf("%s still missing after apt-get install: %w", tool, err)
		}
		fmt.Printf("%s: %s (installed)\n", tool, p)
		tools[tool] = p
	}
	return nil
}

// lookTool finds a program on PATH or in /usr/sbin, where Debian puts
// nginx and which is not on every user's PATH.
func lookTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	p := "/usr/sbin/" + name
	if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
		return p, nil
	}
	return "", fmt.Errorf("%s not found on PATH or in /usr/sbin", name)
}

// bestOf runs wrk n times on url and returns the run with the most
// requests per second (the one other work on the shared machine disturbed
// least), the CPU other processes took during it, and the requests all n
// runs completed (each of which the server counted).
func bestOf(ctx context.Context, n int, ws wrkSettings, url string, pgid int) (best wrkResult, others float64, requests int64, err error) {
	for i := range n {
		res, o, err := runWrk(ctx, ws, url, pgid)
		if err != nil {
			return best, others, requests, err
		}
		requests += res.Requests
		if i == 0 || res.ReqPerSec > best.ReqPerSec {
			best, others = res, o
		}
	}
	return best, others, requests, nil
}
