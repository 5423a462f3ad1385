package backup

import (
	"testing"
	"time"
)

// TestFirstDue: after a restart the next backup keeps the rhythm of the
// ones already taken, and never comes sooner than FirstDelay.
func TestFirstDue(t *testing.T) {
	s := &Schedule{Every: 6 * time.Hour, FirstDelay: time.Minute}
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		names []string
		want  time.Time
	}{
		{nil, now.Add(time.Minute)},
		{[]string{"akhbar-20261206-000000.tar.gz", "akhbar-20261206-100000.tar.gz"}, time.Date(2026, 12, 6, 16, 0, 0, 0, time.UTC)},
		{[]string{"akhbar-20261206-050000.tar.gz"}, now.Add(time.Minute)}, // overdue: soon, not at once
		{[]string{"akhbar-20261206-115930.tar.gz"}, now.Add(6*time.Hour - 30*time.Second)},
	} {
		if got := s.firstDue(c.names, now); !got.Equal(c.want) {
			t.Errorf("after %v: due %s, want %s", c.names, got, c.want)
		}
	}
}
