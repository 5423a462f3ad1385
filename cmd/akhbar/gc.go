package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the server's GOGC. Rendering a page allocates about
// 140 KB that is garbage at once; at Go's default of 100 the collector
// took 7% of an uncached article's CPU and its pauses showed in the
// slowest responses. At 200 an uncached article served 15% more
// requests a second on two cores (bench: README "Speed").
const gcPercent = 200

// gcHeadroom is the memory, beyond the page cache, that the heap may
// grow to before the collector works harder whatever gcPercent says: the
// soft limit keeps the server's peak near what it was at GOGC=100.
const gcHeadroom = 160 << 20

// tuneGC applies gcPercent and a soft memory limit of the page cache
// plus gcHeadroom, unless the operator set GOGC or GOMEMLIMIT.
func tuneGC(pageCacheMB int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(pageCacheMB)<<20 + gcHeadroom)
	}
}
