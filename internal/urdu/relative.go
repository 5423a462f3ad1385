package urdu

import "time"

// Relative-time words from CLDR ur dateFields (cldr-json 45, default "long"
// width): second relative-type-0, day relative-type-±1, and the past and
// future relativeTime patterns for minute, hour, day and week. The plural
// rule of ur is one for "i = 1 and v = 0" (integer 1), other otherwise.
const (
	relNow       = "اب"       // second, relative-type-0
	relYesterday = "گزشتہ کل" // day, relative-type--1
	relTomorrow  = "آئندہ کل" // day, relative-type-1
)

// relUnit holds one CLDR ur unit's {0} patterns split around the number.
type relUnit struct {
	pastOne, pastOther     string
	futureOne, futureOther string
}

var (
	relMinute = relUnit{" منٹ پہلے", " منٹ پہلے", " منٹ میں", " منٹ میں"}
	relHour   = relUnit{" گھنٹہ پہلے", " گھنٹے پہلے", " گھنٹے میں", " گھنٹے میں"}
	relDay    = relUnit{" دن پہلے", " دنوں پہلے", " دن میں", " دنوں میں"}
	relWeek   = relUnit{" ہفتہ پہلے", " ہفتے پہلے", " ہفتہ میں", " ہفتے میں"}
)

// format fills the unit's pattern for n, choosing CLDR ur's plural category.
func (u relUnit) format(n int64, future bool, d Digits) string {
	one := n == 1
	suffix := u.pastOther
	switch {
	case future && one:
		suffix = u.futureOne
	case future:
		suffix = u.futureOther
	case one:
		suffix = u.pastOne
	}
	return FormatInt(n, d) + suffix
}

// Relative describes t as seen at now in loc (nil means UTC), in CLDR ur words,
// for story lists where "3 گھنٹے پہلے" reads faster than a date:
//
//   - under a minute either way: "اب";
//   - under an hour: "5 منٹ پہلے" / "5 منٹ میں", even across midnight;
//   - same calendar day in loc: "1 گھنٹہ پہلے", "3 گھنٹے پہلے" / "3 گھنٹے میں";
//   - the previous or next calendar day: "گزشتہ کل" / "آئندہ کل";
//   - 2–6 calendar days: "3 دنوں پہلے" / "3 دنوں میں";
//   - 7–34 calendar days: whole weeks, "1 ہفتہ پہلے", "4 ہفتے پہلے" / "2 ہفتے میں";
//   - further: FormatDate(t, loc, DayMonthYear, d).
func Relative(t, now time.Time, loc *time.Location, d Digits) string {
	if loc == nil {
		loc = time.UTC
	}
	t, now = t.In(loc), now.In(loc)
	future := t.After(now)
	gap := now.Sub(t)
	if future {
		gap = t.Sub(now)
	}
	if gap < time.Minute {
		return relNow
	}
	if gap < time.Hour {
		return relMinute.format(int64(gap/time.Minute), future, d)
	}
	days := civilDayNumber(now) - civilDayNumber(t)
	if future {
		days = -days
	}
	switch {
	case days <= 0: // < 0 only if the zone's clock jumped back over midnight
		return relHour.format(int64(gap/time.Hour), future, d)
	case days == 1 && future:
		return relTomorrow
	case days == 1:
		return relYesterday
	case days < 7:
		return relDay.format(days, future, d)
	case days < 35:
		return relWeek.format(days/7, future, d)
	}
	return FormatDate(t, loc, DayMonthYear, d)
}

// civilDayNumber numbers t's calendar date in t's own location, counting days from
// 1970-01-01, so calendar-day differences ignore clock changes.
func civilDayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return floorDiv64(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), secondsPerCivilDay)
}

const secondsPerCivilDay = 24 * 60 * 60

// floorDiv64 divides rounding toward minus infinity, as calendar arithmetic needs.
func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
