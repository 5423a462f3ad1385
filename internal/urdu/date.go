package urdu

import (
	"fmt"
	"strings"
	"time"
)

// MonthNames are CLDR ur's wide format month names, January first, so dates
// read as Pakistani papers print them (مئی is U+0645 U+0626 U+06CC, as in CLDR).
var MonthNames = [12]string{
	"جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون",
	"جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر",
}

// WeekdayNames are CLDR ur's wide format weekday names indexed by time.Weekday
// (Sunday first), for the weekday in the date bar and in full dates.
var WeekdayNames = [7]string{
	"اتوار", "پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ",
}

// DateStyle is the site setting that picks how article dates are written.
type DateStyle int

const (
	// DateBar is the WordPress style of the seed site: "بدھ, فروری 18, 2026"
	// (ASCII commas). Setting name "datebar".
	DateBar DateStyle = iota
	// DayMonthYear is "18 فروری 2026". Setting name "short".
	DayMonthYear
	// DayMonthYearTime is "18 فروری 2026، 6:45 شام": the date, the Urdu comma
	// U+060C and FormatTime's 12-hour clock. Setting name "datetime".
	DayMonthYearTime
	// LongCLDR is CLDR ur's full date pattern "EEEE، d MMMM، y":
	// "بدھ، 18 فروری، 2026". Setting name "long".
	LongCLDR
)

// dateStyleNames are the site-setting names, indexed by DateStyle.
var dateStyleNames = [...]string{
	DateBar:          "datebar",
	DayMonthYear:     "short",
	DayMonthYearTime: "datetime",
	LongCLDR:         "long",
}

// String returns the site-setting name of s, the inverse of ParseDateStyle.
func (s DateStyle) String() string {
	if s >= 0 && int(s) < len(dateStyleNames) {
		return dateStyleNames[s]
	}
	return fmt.Sprintf("DateStyle(%d)", int(s))
}

// ParseDateStyle reads the date-style site setting ("datebar", "short",
// "datetime" or "long", any case, surrounding spaces ignored).
func ParseDateStyle(s string) (DateStyle, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for style, n := range dateStyleNames {
		if n == name {
			return DateStyle(style), nil
		}
	}
	return DateBar, fmt.Errorf("urdu: date style %q: want one of %s", s, strings.Join(dateStyleNames[:], ", "))
}

// dateComma is ، U+060C, the separator in CLDR ur's "EEEE، d MMMM، y".
const dateComma = "\u060C"

// FormatDate writes t's calendar date as seen in loc (nil means UTC), because
// a story filed at 20:30 UTC is already dated the next day in Karachi.
// Unknown styles are written as DayMonthYear.
func FormatDate(t time.Time, loc *time.Location, style DateStyle, d Digits) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	year, month, day := t.Date()
	y, m, dd := FormatInt(int64(year), d), MonthNames[month-1], FormatInt(int64(day), d)
	switch style {
	case DateBar:
		return WeekdayNames[t.Weekday()] + ", " + m + " " + dd + ", " + y
	case DayMonthYearTime:
		return dd + " " + m + " " + y + dateComma + " " + FormatTime(t, loc, d)
	case LongCLDR:
		return WeekdayNames[t.Weekday()] + dateComma + " " + dd + " " + m + dateComma + " " + y
	}
	return dd + " " + m + " " + y
}

// Day periods of CLDR ur (format, abbreviated width: what the pattern letter
// B in CLDR ur's "Bhm" = "h:mm B" prints), with their hours from the ur
// dayPeriodRules in CLDR supplemental dayPeriods: midnight at 00:00,
// morning1 04:00–12:00, afternoon1 12:00–16:00, afternoon2 16:00–18:00,
// evening1 18:00–20:00, night1 20:00–04:00. Checked in cldr-json 44.1
// ca-gregorian.json and the current common/supplemental/dayPeriods.xml
// (same rules as the CLDR 38 dayPeriods.json). The wide width adds میں
// ("صبح میں", "in the morning"), which suits sentences, not a clock.
const (
	periodMidnight   = "آدھی رات"
	periodMorning    = "صبح"
	periodAfternoon1 = "دوپہر"
	periodAfternoon2 = "سہ پہر"
	periodEvening    = "شام"
	periodNight      = "رات"
)

// dayPeriod names the part of the day for a 24-hour clock time per CLDR ur.
// Midnight is only exactly 00:00, as ICU does when minutes are shown.
func dayPeriod(hour, minute int) string {
	switch {
	case hour == 0 && minute == 0:
		return periodMidnight
	case hour < 4:
		return periodNight
	case hour < 12:
		return periodMorning
	case hour < 16:
		return periodAfternoon1
	case hour < 18:
		return periodAfternoon2
	case hour < 20:
		return periodEvening
	}
	return periodNight
}

// FormatTime writes t's clock time in loc (nil means UTC) as CLDR ur's "h:mm B":
// 12-hour clock without a leading zero and an Urdu day period ("6:45 شام"),
// because Pakistan reads the 12-hour clock and CLDR ur's AM/PM are Latin letters.
func FormatTime(t time.Time, loc *time.Location, d Digits) string {
	if loc == nil {
		loc = time.UTC
	}
	hour, minute, _ := t.In(loc).Clock()
	h12 := hour % 12
	if h12 == 0 {
		h12 = 12
	}
	mm := FormatInt(int64(minute/10), d) + FormatInt(int64(minute%10), d)
	return FormatInt(int64(h12), d) + ":" + mm + " " + dayPeriod(hour, minute)
}

// HourName names an hour of the 24-hour clock (0–23) the way Pakistan
// reads the clock, "6 شام" for 18, so a time picker can list every hour
// of the day unambiguously without AM/PM or the browser's locale. Hour 0
// is "12 رات", the hour after midnight.
func HourName(hour int, d Digits) string {
	hour = ((hour % 24) + 24) % 24
	h12 := hour % 12
	if h12 == 0 {
		h12 = 12
	}
	return FormatInt(int64(h12), d) + " " + dayPeriod(hour, 1)
}
