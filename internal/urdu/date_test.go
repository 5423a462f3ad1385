package urdu

import (
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Karachi without relying on the host's zoneinfo
)

func karachi(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Karachi")
	if err != nil {
		t.Fatalf("load Asia/Karachi: %v", err)
	}
	return loc
}

func TestNames(t *testing.T) {
	// CLDR's مئی is meem, yeh with hamza above (atomic U+0626), Farsi yeh.
	if got, want := fmt.Sprintf("%U", []rune(MonthNames[time.May-1])), "[U+0645 U+0626 U+06CC]"; got != want {
		t.Errorf("MonthNames[May] = %s, want %s", got, want)
	}
	tests := []struct {
		day  time.Weekday
		want string
	}{
		{time.Sunday, "اتوار"},
		{time.Monday, "پیر"},
		{time.Wednesday, "بدھ"},
		{time.Saturday, "ہفتہ"},
	}
	for _, tt := range tests {
		if got := WeekdayNames[tt.day]; got != tt.want {
			t.Errorf("WeekdayNames[%v] = %q, want %q", tt.day, got, tt.want)
		}
	}
}

func TestDateStyleSetting(t *testing.T) {
	tests := []struct {
		in      string
		want    DateStyle
		wantErr bool
	}{
		{"datebar", DateBar, false},
		{"short", DayMonthYear, false},
		{"datetime", DayMonthYearTime, false},
		{" Long ", LongCLDR, false},
		{"", DateBar, true},
		{"full", DateBar, true},
	}
	for _, tt := range tests {
		got, err := ParseDateStyle(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDateStyle(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil {
			if back, err := ParseDateStyle(got.String()); err != nil || back != got {
				t.Errorf("ParseDateStyle(%v.String()) = %v, %v", got, back, err)
			}
		}
	}
	if got := DateStyle(-1).String(); got != "DateStyle(-1)" {
		t.Errorf("DateStyle(-1).String() = %q", got)
	}
}

func TestFormatDate(t *testing.T) {
	pk := karachi(t)
	// 2026-02-17T20:30Z is 01:30 on Wednesday 18 February in Karachi (UTC+5).
	lateUTC := time.Date(2026, 2, 17, 20, 30, 0, 0, time.UTC)
	evening := time.Date(2026, 2, 18, 18, 45, 0, 0, pk)
	tests := []struct {
		name  string
		t     time.Time
		loc   *time.Location
		style DateStyle
		d     Digits
		want  string
	}{
		{"datebar", evening, pk, DateBar, LatinDigits, "بدھ, فروری 18, 2026"},
		{"datebar urdu digits", evening, pk, DateBar, UrduDigits, "بدھ, فروری ۱۸, ۲۰۲۶"},
		{"short", evening, pk, DayMonthYear, LatinDigits, "18 فروری 2026"},
		{"datetime", evening, pk, DayMonthYearTime, LatinDigits, "18 فروری 2026، 6:45 شام"},
		{"datetime urdu digits", evening, pk, DayMonthYearTime, UrduDigits, "۱۸ فروری ۲۰۲۶، ۶:۴۵ شام"},
		{"long", evening, pk, LongCLDR, LatinDigits, "بدھ، 18 فروری، 2026"},
		{"long urdu digits", evening, pk, LongCLDR, UrduDigits, "بدھ، ۱۸ فروری، ۲۰۲۶"},
		{"next day in Karachi", lateUTC, pk, DateBar, LatinDigits, "بدھ, فروری 18, 2026"},
		{"next day in Karachi, datetime", lateUTC, pk, DayMonthYearTime, LatinDigits, "18 فروری 2026، 1:30 رات"},
		{"same instant in UTC", lateUTC, time.UTC, DateBar, LatinDigits, "منگل, فروری 17, 2026"},
		{"nil location is UTC", lateUTC, nil, LongCLDR, LatinDigits, "منگل، 17 فروری، 2026"},
		{"May spelling", time.Date(2025, 5, 1, 9, 0, 0, 0, pk), pk, DayMonthYear, LatinDigits, "1 مئی 2025"},
		{"unknown style", evening, pk, DateStyle(99), LatinDigits, "18 فروری 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatDate(tt.t, tt.loc, tt.style, tt.d); got != tt.want {
				t.Errorf("FormatDate(%v, %v) = %q, want %q", tt.t, tt.style, got, tt.want)
			}
		})
	}
}

// TestFormatTime walks the CLDR ur day-period boundaries (dayPeriods.xml:
// midnight 00:00, night1 20–04, morning1 04–12, afternoon1 12–16,
// afternoon2 16–18, evening1 18–20).
func TestFormatTime(t *testing.T) {
	pk := karachi(t)
	tests := []struct {
		hour, min int
		d         Digits
		want      string
	}{
		{0, 0, LatinDigits, "12:00 آدھی رات"},
		{0, 1, LatinDigits, "12:01 رات"},
		{3, 59, LatinDigits, "3:59 رات"},
		{4, 0, LatinDigits, "4:00 صبح"},
		{9, 5, LatinDigits, "9:05 صبح"},
		{11, 59, LatinDigits, "11:59 صبح"},
		{12, 0, LatinDigits, "12:00 دوپہر"}, // ur has no "noon" period
		{15, 45, LatinDigits, "3:45 دوپہر"},
		{16, 0, LatinDigits, "4:00 سہ پہر"},
		{17, 59, LatinDigits, "5:59 سہ پہر"},
		{18, 0, LatinDigits, "6:00 شام"},
		{19, 59, LatinDigits, "7:59 شام"},
		{20, 0, LatinDigits, "8:00 رات"},
		{23, 59, LatinDigits, "11:59 رات"},
		{15, 45, UrduDigits, "۳:۴۵ دوپہر"},
		{10, 0, UrduDigits, "۱۰:۰۰ صبح"},
	}
	for _, tt := range tests {
		in := time.Date(2026, 2, 18, tt.hour, tt.min, 30, 0, pk)
		if got := FormatTime(in, pk, tt.d); got != tt.want {
			t.Errorf("FormatTime(%02d:%02d, %v) = %q, want %q", tt.hour, tt.min, tt.d, got, tt.want)
		}
	}
	// The instant is converted first: 10:45 UTC is 3:45 in the afternoon in Karachi.
	if got, want := FormatTime(time.Date(2026, 2, 18, 10, 45, 0, 0, time.UTC), pk, LatinDigits), "3:45 دوپہر"; got != want {
		t.Errorf("FormatTime(10:45Z, Karachi) = %q, want %q", got, want)
	}
	if got, want := FormatTime(time.Date(2026, 2, 18, 10, 45, 0, 0, pk), nil, LatinDigits), "5:45 صبح"; got != want {
		t.Errorf("FormatTime(10:45 PKT, nil) = %q, want %q", got, want)
	}
}
