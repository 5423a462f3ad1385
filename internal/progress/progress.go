// Package progress draws a one-line progress bar for long commands
// (reindexing, importing): done and total, a bar, the rate and the time
// left, redrawn at most a few times a second.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// redrawEvery bounds how often the line is redrawn: often enough to look
// alive, rarely enough to cost nothing.
const redrawEvery = 200 * time.Millisecond

// Bar is a progress line on w. It is safe for concurrent use.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	unit     string
	total    int
	done     int
	frac     float64 // from SetFraction; < 0 when done/total tell the progress
	start    time.Time
	drawn    time.Time
	now      func() time.Time
	finished bool
}

// New starts a bar for total items (0 if unknown) of the given unit
// ("articles"), drawn on w (usually os.Stderr).
func New(w io.Writer, label, unit string, total int) *Bar {
	b := &Bar{w: w, label: label, unit: unit, total: total, frac: -1, now: time.Now}
	b.start = b.now()
	return b
}

// Set records that done items are finished (and, if total > 0, a new
// total) and redraws the line if enough time has passed.
func (b *Bar) Set(done, total int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = done
	if total > 0 {
		b.total = total
	}
	b.redraw()
}

// SetFraction records done items when their total is unknown but the
// share of the work finished is (bytes of a file read): the bar and the
// time left follow frac, the rate counts items.
func (b *Bar) SetFraction(done int, frac float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done, b.frac = done, max(0, min(1, frac))
	b.redraw()
}

// redraw draws the line unless it was drawn less than redrawEvery ago.
// The caller holds b.mu.
func (b *Bar) redraw() {
	if now := b.now(); now.Sub(b.drawn) >= redrawEvery {
		b.drawn = now
		fmt.Fprint(b.w, "\r"+b.line(now))
	}
}

// Finish draws the final line and ends it.
func (b *Bar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	fmt.Fprint(b.w, "\r"+b.line(b.now())+"\n")
}

// barWidth is the number of cells in the bar.
const barWidth = 30

func writeBar(sb *strings.Builder, frac float64) {
	full := int(frac * barWidth)
	sb.WriteString("[" + strings.Repeat("#", full) + strings.Repeat("-", barWidth-full) + "] ")
}

// line renders the current state, padded so a shorter line fully covers
// the one before it.
func (b *Bar) line(now time.Time) string {
	elapsed := now.Sub(b.start)
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(b.done) / s
	}
	var sb strings.Builder
	sb.WriteString(b.label + " ")
	frac := b.frac
	switch {
	case frac >= 0:
		writeBar(&sb, frac)
		fmt.Fprintf(&sb, "%3.0f%% %d %s", frac*100, b.done, b.unit)
	case b.total > 0:
		frac = min(1, float64(b.done)/float64(b.total))
		writeBar(&sb, frac)
		fmt.Fprintf(&sb, "%3.0f%% %d/%d %s", frac*100, b.done, b.total, b.unit)
	default:
		fmt.Fprintf(&sb, "%d %s", b.done, b.unit)
	}
	fmt.Fprintf(&sb, ", %.0f/s", rate)
	if frac > 0 && frac < 1 && rate > 0 {
		left := time.Duration(float64(elapsed) * (1 - frac) / frac)
		fmt.Fprintf(&sb, ", %s left", left.Round(time.Second))
	} else {
		fmt.Fprintf(&sb, ", %s", elapsed.Round(time.Millisecond))
	}
	return fmt.Sprintf("%-80s", sb.String())
}
