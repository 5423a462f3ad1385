package urdu

import (
	"testing"
	"time"
)

func TestRelative(t *testing.T) {
	pk := karachi(t)
	// Wednesday 18 February 2026, 15:00 in Karachi.
	now := time.Date(2026, 2, 18, 15, 0, 0, 0, pk)
	tests := []struct {
		name string
		t    time.Time
		now  time.Time
		loc  *time.Location
		d    Digits
		want string
	}{
		{"same instant", now, now, pk, LatinDigits, "اب"},
		{"59 seconds ago", now.Add(-59 * time.Second), now, pk, LatinDigits, "اب"},
		{"59 seconds ahead", now.Add(59 * time.Second), now, pk, LatinDigits, "اب"},
		{"1 minute", now.Add(-time.Minute), now, pk, LatinDigits, "1 منٹ پہلے"},
		{"5 minutes", now.Add(-5*time.Minute - 30*time.Second), now, pk, LatinDigits, "5 منٹ پہلے"},
		{"59 minutes", now.Add(-59 * time.Minute), now, pk, LatinDigits, "59 منٹ پہلے"},
		{"5 minutes, urdu digits", now.Add(-5 * time.Minute), now, pk, UrduDigits, "۵ منٹ پہلے"},
		{"1 hour (one)", now.Add(-time.Hour), now, pk, LatinDigits, "1 گھنٹہ پہلے"},
		{"3 hours (other)", now.Add(-3*time.Hour - 59*time.Minute), now, pk, LatinDigits, "3 گھنٹے پہلے"},
		{"today 00:30", time.Date(2026, 2, 18, 0, 30, 0, 0, pk), now, pk, LatinDigits, "14 گھنٹے پہلے"},
		{"yesterday 23:30", time.Date(2026, 2, 17, 23, 30, 0, 0, pk), now, pk, LatinDigits, "گزشتہ کل"},
		{"yesterday morning", time.Date(2026, 2, 17, 6, 0, 0, 0, pk), now, pk, LatinDigits, "گزشتہ کل"},
		{"minutes across midnight", time.Date(2026, 2, 17, 23, 50, 0, 0, pk), time.Date(2026, 2, 18, 0, 5, 0, 0, pk), pk, LatinDigits, "15 منٹ پہلے"},
		{"2 days", time.Date(2026, 2, 16, 23, 0, 0, 0, pk), now, pk, LatinDigits, "2 دنوں پہلے"},
		{"6 days", time.Date(2026, 2, 12, 8, 0, 0, 0, pk), now, pk, LatinDigits, "6 دنوں پہلے"},
		{"7 days is 1 week (one)", time.Date(2026, 2, 11, 8, 0, 0, 0, pk), now, pk, LatinDigits, "1 ہفتہ پہلے"},
		{"13 days", time.Date(2026, 2, 5, 8, 0, 0, 0, pk), now, pk, LatinDigits, "1 ہفتہ پہلے"},
		{"14 days", time.Date(2026, 2, 4, 8, 0, 0, 0, pk), now, pk, LatinDigits, "2 ہفتے پہلے"},
		{"34 days", time.Date(2026, 1, 15, 8, 0, 0, 0, pk), now, pk, LatinDigits, "4 ہفتے پہلے"},
		{"35 days falls back to the date", time.Date(2026, 1, 14, 8, 0, 0, 0, pk), now, pk, LatinDigits, "14 جنوری 2026"},
		{"old, urdu digits", time.Date(2025, 5, 1, 8, 0, 0, 0, pk), now, pk, UrduDigits, "۱ مئی ۲۰۲۵"},
		// Calendar days are counted in loc: 2026-02-17T20:30Z is already the 18th in Karachi.
		{"UTC evening is today in Karachi", time.Date(2026, 2, 17, 20, 30, 0, 0, time.UTC), now, pk, LatinDigits, "13 گھنٹے پہلے"},
		{"same instants, UTC calendar", time.Date(2026, 2, 17, 20, 30, 0, 0, time.UTC), now, nil, LatinDigits, "گزشتہ کل"},
		// Future (scheduled stories).
		{"in 1 minute", now.Add(time.Minute), now, pk, LatinDigits, "1 منٹ میں"},
		{"in 10 minutes", now.Add(10 * time.Minute), now, pk, LatinDigits, "10 منٹ میں"},
		{"in 1 hour", now.Add(time.Hour), now, pk, LatinDigits, "1 گھنٹے میں"},
		{"in 3 hours", now.Add(3 * time.Hour), now, pk, LatinDigits, "3 گھنٹے میں"},
		{"tomorrow", time.Date(2026, 2, 19, 9, 0, 0, 0, pk), now, pk, LatinDigits, "آئندہ کل"},
		{"in 3 days", time.Date(2026, 2, 21, 9, 0, 0, 0, pk), now, pk, LatinDigits, "3 دنوں میں"},
		{"in 1 week", time.Date(2026, 2, 25, 9, 0, 0, 0, pk), now, pk, LatinDigits, "1 ہفتہ میں"},
		{"in 2 weeks", time.Date(2026, 3, 4, 9, 0, 0, 0, pk), now, pk, LatinDigits, "2 ہفتے میں"},
		{"far future", time.Date(2026, 6, 1, 9, 0, 0, 0, pk), now, pk, LatinDigits, "1 جون 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Relative(tt.t, tt.now, tt.loc, tt.d); got != tt.want {
				t.Errorf("Relative(%v, %v) = %q, want %q", tt.t, tt.now, got, tt.want)
			}
		})
	}
}

func TestFloorDiv(t *testing.T) {
	tests := []struct{ a, b, want int64 }{
		{7, 2, 3}, {-7, 2, -4}, {-8, 2, -4}, {0, 5, 0}, {-1, 30, -1}, {29, 30, 0},
	}
	for _, tt := range tests {
		if got := floorDiv64(tt.a, tt.b); got != tt.want {
			t.Errorf("floorDiv64(%d, %d) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
