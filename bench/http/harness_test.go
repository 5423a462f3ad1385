package main

import (
	"math"
	"strings"
	"testing"
	"time"
)

// The samples are real wrk 4.1.0 output (Debian bookworm), run with
// --latency against a small Go server answering 200, 404, too late for
// --timeout, or by closing the connection, and a slow one for times in
// seconds (wrk pads those lines with a space).
func TestParseWrk(t *testing.T) {
	cases := []struct {
		name   string
		out    string
		want   wrkResult
		errors int64
	}{
		{"200s from a Go server", `Running 2s test @ http://127.0.0.1:18931/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.88ms    2.70ms  32.67ms   91.90%
    Req/Sec    11.16k     3.37k   20.17k    70.00%
  Latency Distribution
     50%    1.11ms
     75%    2.32ms
     90%    4.06ms
     99%   13.46ms
  44890 requests in 2.03s, 5.18MB read
Requests/sec:  22142.01
Transfer/sec:      2.56MB
`,
			wrkResult{Requests: 44890, Elapsed: 2030 * time.Millisecond, BytesRead: 5.18 * (1 << 20), ReqPerSec: 22142.01, P50: 1110 * time.Microsecond, P75: 2320 * time.Microsecond, P90: 4060 * time.Microsecond, P99: 13460 * time.Microsecond}, 0},
		{"404s: Non-2xx or 3xx line, microseconds", `Running 2s test @ http://127.0.0.1:18931/missing
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   581.10us    1.01ms  13.01ms   91.11%
    Req/Sec    12.30k     3.19k   18.54k    63.41%
  Latency Distribution
     50%  242.00us
     75%  580.00us
     90%    1.44ms
     99%    5.07ms
  50190 requests in 2.09s, 8.42MB read
  Non-2xx or 3xx responses: 50190
Requests/sec:  23961.00
Transfer/sec:      4.02MB
`,
			wrkResult{Requests: 50190, Elapsed: 2090 * time.Millisecond, BytesRead: 8.42 * (1 << 20), ReqPerSec: 23961.0, P50: 242 * time.Microsecond, P75: 580 * time.Microsecond, P90: 1440 * time.Microsecond, P99: 5070 * time.Microsecond, Non2xx3xx: 50190}, 50190},
		{"timeouts: Socket errors line, KB read", `Running 3s test @ http://127.0.0.1:18931/slow
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     5.00      0.00     5.00    100.00%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  16 requests in 3.03s, 1.88KB read
  Socket errors: connect 0, read 0, write 0, timeout 16
Requests/sec:      5.29
Transfer/sec:     634.54B
`,
			wrkResult{Requests: 16, Elapsed: 3030 * time.Millisecond, BytesRead: 1.88 * (1 << 10), ReqPerSec: 5.29, Timeout: 16}, 16},
		{"connections closed: read errors, no request", `Running 2s test @ http://127.0.0.1:18931/close
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     0.00      0.00     0.00      -nan%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  0 requests in 2.01s, 0.00B read
  Socket errors: connect 0, read 15887, write 0, timeout 0
Requests/sec:      0.00
Transfer/sec:       0.00B
`,
			wrkResult{Requests: 0, Elapsed: 2010 * time.Millisecond, ReqPerSec: 0, Read: 15887}, 15887},
		{"seconds, with trailing spaces", `Running 3s test @ http://127.0.0.1:18931/slow
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.50s     2.53ms   1.51s    75.00%
    Req/Sec     2.00      0.00     2.00    100.00%
  Latency Distribution
     50%    1.51s 
     75%    1.51s 
     90%    1.51s 
     99%    1.51s 
  8 requests in 3.01s, 0.94KB read
Requests/sec:      2.66
Transfer/sec:     319.15B
`,
			wrkResult{Requests: 8, Elapsed: 3010 * time.Millisecond, BytesRead: 0.94 * (1 << 10), ReqPerSec: 2.66, P50: 1510 * time.Millisecond, P75: 1510 * time.Millisecond, P90: 1510 * time.Millisecond, P99: 1510 * time.Millisecond}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseWrk(c.out)
			if err != nil {
				t.Fatal(err)
			}
			// Sizes are printed with two decimals; compare them loosely.
			if math.Abs(got.BytesRead-c.want.BytesRead) > 1 {
				t.Errorf("BytesRead = %v, want %v", got.BytesRead, c.want.BytesRead)
			}
			got.BytesRead = c.want.BytesRead
			if got != c.want {
				t.Errorf("parseWrk =\n%+v\nwant\n%+v", got, c.want)
			}
			if got.Errors() != c.errors {
				t.Errorf("Errors() = %d, want %d", got.Errors(), c.errors)
			}
		})
	}
}

func TestParseWrkRefusesIncompleteOutput(t *testing.T) {
	for name, out := range map[string]string{
		"connection refused": "unable to connect to 127.0.0.1:18932 Connection refused\n",
		"without --latency": `Running 2s test @ http://127.0.0.1:18931/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.88ms    2.70ms  32.67ms   91.90%
    Req/Sec    11.16k     3.37k   20.17k    70.00%
  44890 requests in 2.03s, 5.18MB read
Requests/sec:  22142.01
Transfer/sec:      2.56MB
`,
		"unknown unit": strings.Replace(`Running 2s test @ http://127.0.0.1:18931/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.88ms    2.70ms  32.67ms   91.90%
    Req/Sec    11.16k     3.37k   20.17k    70.00%
  Latency Distribution
     50%    1.11ms
     75%    2.32ms
     90%    4.06ms
     99%   13.46ms
  44890 requests in 2.03s, 5.18MB read
Requests/sec:  22142.01
Transfer/sec:      2.56MB
`, "13.46ms", "13.46xs", 1),
	} {
		if _, err := parseWrk(out); err == nil {
			t.Errorf("%s: parseWrk accepted it", name)
		}
	}
}

// TestParseWrkP95 reads the line percentileScript's done hook adds.
func TestParseWrkP95(t *testing.T) {
	out := `Running 2s test @ http://127.0.0.1:18931/
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.10ms    2.00ms  30.00ms   91.90%
    Req/Sec   190.00     10.00   200.00     70.00%
  Latency Distribution
     50%    4.80ms
     75%    5.20ms
     90%    6.10ms
     99%   21.30ms
  380 requests in 2.00s, 2.50MB read
Requests/sec:    190.00
Transfer/sec:      1.25MB
akhbar-percentiles p95=8123us
`
	r, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.P95 != 8123*time.Microsecond || r.P99 != 21300*time.Microsecond {
		t.Errorf("P95 %v, P99 %v; want 8.123ms, 21.3ms", r.P95, r.P99)
	}
}
