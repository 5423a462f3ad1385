package auth

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	l := NewLimiter(3, 15*time.Minute)
	t0 := time.Date(2026, 2, 18, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		if blocked, _ := l.Blocked("ayesha@example.pk", t0); blocked {
			t.Fatalf("blocked after %d failures", i)
		}
		l.Fail("ayesha@example.pk", t0.Add(time.Duration(i)*time.Minute))
	}
	blocked, wait := l.Blocked("ayesha@example.pk", t0.Add(3*time.Minute))
	if !blocked || wait != 12*time.Minute {
		t.Errorf("after 3 failures: blocked %v, wait %v; want true, 12m", blocked, wait)
	}
	if blocked, _ := l.Blocked("bilal@example.pk", t0); blocked {
		t.Error("another account is blocked too")
	}
	if blocked, _ := l.Blocked("ayesha@example.pk", t0.Add(15*time.Minute)); blocked {
		t.Error("still blocked once the first failure left the window")
	}
	l.Reset("ayesha@example.pk")
	if blocked, _ := l.Blocked("ayesha@example.pk", t0.Add(3*time.Minute)); blocked {
		t.Error("blocked after Reset")
	}
}
