package urdu

import (
	"fmt"
	"time"
)

// HijriMonthNames are CLDR ur's islamic-civil month names (format,
// abbreviated width), Muharram first. CLDR's wide forms of the two Rabi'
// months carry a stray space after ر ("ر بیع الاول"), so they are not used.
var HijriMonthNames = [12]string{
	"محرم", "صفر", "ربیع الاوّل", "ربیع الثانی", "جمادی الاوّل", "جمادی الثانی",
	"رجب", "شعبان", "رمضان", "شوال", "ذوالقعدۃ", "ذوالحجۃ",
}

// hijriEra is CLDR ur's islamic-civil era name for AH years.
const hijriEra = "ہجری"

// MaxHijriOffset bounds the editors' Hijri correction: ToHijri accepts
// −MaxHijriOffset…+MaxHijriOffset days.
const MaxHijriOffset = 2

// HijriDate is a date of the Islamic calendar: Month 1 is Muharram, Day 1–30.
type HijriDate struct{ Year, Month, Day int }

// islamicEpoch is the fixed day number (day 1 = 1 January 1 proleptic
// Gregorian) of 1 Muharram 1 AH: Friday 16 July 622 Julian, 19 July Gregorian.
const islamicEpoch = 227015

// unixEpochFixed is the fixed day number of 1970-01-01.
const unixEpochFixed = 719163

// ValidateHijriOffset checks the editors' Hijri offset setting, −2…+2 days.
func ValidateHijriOffset(n int) error {
	if n < -MaxHijriOffset || n > MaxHijriOffset {
		return fmt.Errorf("urdu: hijri offset %d days: want %d to %d", n, -MaxHijriOffset, MaxHijriOffset)
	}
	return nil
}

// ToHijri gives the Hijri date of t's civil date in loc (nil means UTC),
// shifted by offsetDays (clamped to ±MaxHijriOffset; −1 shows the date one day
// behind the table). It uses the tabular Islamic calendar CLDR and ICU call
// "islamic-civil" (Friday epoch, leap years 2, 5, 7, 10, 13, 16, 18, 21, 24,
// 26, 29 of each 30): deterministic for every past and future date with no
// table to maintain. Pakistan's official dates follow the Ruet-e-Hilal
// committee's moon sighting, which neither this nor Umm al-Qura predicts, so
// the editors' offset is the real correction (it cannot add a 30th day to a
// month the table gives 29). The day turns at midnight with the civil date,
// as a newspaper's date line does, not at sunset.
func ToHijri(t time.Time, loc *time.Location, offsetDays int) HijriDate {
	if loc == nil {
		loc = time.UTC
	}
	offsetDays = max(-MaxHijriOffset, min(MaxHijriOffset, offsetDays))
	return hijriFromFixed(civilDayNumber(t.In(loc)) + unixEpochFixed + int64(offsetDays))
}

// FromHijri gives the Gregorian date of a tabular (islamic-civil) Hijri date,
// the inverse of ToHijri with no offset. h should be a real date (Month 1–12,
// Day within the month); other values give some date without panicking.
func FromHijri(h HijriDate) (year int, month time.Month, day int) {
	fixed := fixedFromHijri(int64(h.Year), int64(h.Month), int64(h.Day))
	return time.Unix((fixed-unixEpochFixed)*secondsPerCivilDay, 0).UTC().Date()
}

// Format writes h as "1 رمضان 1447 ہجری" (day, month, year, era) in the chosen
// digits. An out-of-range month is written as its number.
func (h HijriDate) Format(d Digits) string {
	month := FormatInt(int64(h.Month), d)
	if h.Month >= 1 && h.Month <= 12 {
		month = HijriMonthNames[h.Month-1]
	}
	return FormatInt(int64(h.Day), d) + " " + month + " " + FormatInt(int64(h.Year), d) + " " + hijriEra
}

// fixedFromHijri and hijriFromFixed are the arithmetic Islamic calendar of
// Reingold & Dershowitz, Calendrical Calculations, the algorithm ICU's
// islamic-civil calendar implements.
func fixedFromHijri(year, month, day int64) int64 {
	return islamicEpoch - 1 +
		(year-1)*354 +
		floorDiv64(3+11*year, 30) + // leap days before this year
		29*(month-1) + floorDiv64(month, 2) + // months alternate 30 and 29 days
		day
}

func hijriFromFixed(fixed int64) HijriDate {
	year := floorDiv64(30*(fixed-islamicEpoch)+10646, 10631)
	priorDays := fixed - fixedFromHijri(year, 1, 1)
	month := floorDiv64(11*priorDays+330, 325)
	day := fixed - fixedFromHijri(year, month, 1) + 1
	return HijriDate{Year: int(year), Month: int(month), Day: int(day)}
}
