package urdu

import (
	"testing"
	"time"
)

func TestZoneName(t *testing.T) {
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	summer := time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)
	load := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	tests := []struct {
		loc  *time.Location
		at   time.Time
		d    Digits
		want string
	}{
		{load("Asia/Karachi"), winter, LatinDigits, "پاکستان کا معیاری وقت"},
		{load("Asia/Kolkata"), winter, UrduDigits, "بھارت کا معیاری وقت"},
		{nil, winter, LatinDigits, "عالمی معیاری وقت (UTC)"},
		{load("Europe/Paris"), winter, LatinDigits, "Europe/Paris کا وقت (UTC+01:00)"},
		{load("Europe/Paris"), summer, LatinDigits, "Europe/Paris کا وقت (UTC+02:00)"},
		{load("America/St_Johns"), winter, UrduDigits, "America/St_Johns کا وقت (UTC-۰۳:۳۰)"},
	}
	for _, tt := range tests {
		if got := ZoneName(tt.loc, tt.at, tt.d); got != tt.want {
			t.Errorf("ZoneName(%v, %v) = %q, want %q", tt.loc, tt.at, got, tt.want)
		}
	}
}

func TestHourName(t *testing.T) {
	want := []string{
		"12 رات", "1 رات", "2 رات", "3 رات", "4 صبح", "5 صبح", "6 صبح", "7 صبح", "8 صبح", "9 صبح", "10 صبح", "11 صبح",
		"12 دوپہر", "1 دوپہر", "2 دوپہر", "3 دوپہر", "4 سہ پہر", "5 سہ پہر", "6 شام", "7 شام", "8 رات", "9 رات", "10 رات", "11 رات",
	}
	seen := map[string]bool{}
	for h, w := range want {
		got := HourName(h, LatinDigits)
		if got != w {
			t.Errorf("HourName(%d) = %q, want %q", h, got, w)
		}
		if seen[got] {
			t.Errorf("HourName(%d) = %q names two hours", h, got)
		}
		seen[got] = true
	}
	if got := HourName(18, UrduDigits); got != "۶ شام" {
		t.Errorf("HourName(18, Urdu digits) = %q", got)
	}
}
