package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The machine is shared: other processes (tests, builds) may take CPU
// while wrk runs. The harness measures how much, from /proc, so a reader
// can tell a slow figure from a busy machine.

// clockTick is the unit of CPU times in /proc (USER_HZ), 100 per second
// on every Linux the harness runs on.
const clockTick = 10 * time.Millisecond

// busyCPU is the CPU time all processes have used since boot: the user,
// nice, system, irq and softirq columns of /proc/stat.
func busyCPU() (time.Duration, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return 0, fmt.Errorf("/proc/stat: unexpected first line %q", line)
	}
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7} {
		v, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/stat: %w", err)
		}
		ticks += v
	}
	return time.Duration(ticks) * clockTick, nil
}

// groupCPU is the CPU time used by the live processes of process group
// pgid (a server and, for nginx, its workers).
func groupCPU(pgid int) time.Duration {
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	var ticks int64
	for _, path := range dirs {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// Fields after the command, which is in parentheses and may hold spaces.
		i := strings.LastIndexByte(string(b), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		// f[0] is field 3 (state): pgrp is field 5, utime 14, stime 15.
		if len(f) < 13 || f[2] != strconv.Itoa(pgid) {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		s, _ := strconv.ParseInt(f[12], 10, 64)
		ticks += u + s
	}
	return time.Duration(ticks) * clockTick
}

// cpuMeter measures, over a wrk run, the CPU used by everything but the
// server under test and wrk itself.
type cpuMeter struct {
	pgid         int
	start        time.Time
	busy, server time.Duration
}

func startCPUMeter(pgid int) *cpuMeter {
	busy, _ := busyCPU()
	return &cpuMeter{pgid: pgid, start: time.Now(), busy: busy, server: groupCPU(pgid)}
}

// others returns the CPU used by other processes since the start, in
// cores (1.0 = one CPU busy the whole time), given the CPU wrk used.
func (m *cpuMeter) others(wrk time.Duration) float64 {
	busy, err := busyCPU()
	if err != nil {
		return 0
	}
	other := (busy - m.busy) - (groupCPU(m.pgid) - m.server) - wrk
	return max(0, other.Seconds()/time.Since(m.start).Seconds())
}

// waitIdle waits until the server group uses less than a tenth of a CPU,
// so that requests left over from one wrk run (wrk leaves slow ones in
// flight when its time is up) do not weigh on the next. It gives up after
// limit and returns how long it waited.
func waitIdle(pgid int, limit time.Duration) (time.Duration, bool) {
	start := time.Now()
	const window = 250 * time.Millisecond
	for time.Since(start) < limit {
		before := groupCPU(pgid)
		time.Sleep(window)
		if groupCPU(pgid)-before < window/10 {
			return time.Since(start), true
		}
	}
	return time.Since(start), false
}
