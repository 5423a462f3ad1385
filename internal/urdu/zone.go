package urdu

import (
	"fmt"
	"time"
)

// zoneNames are Urdu names of the time zones an Urdu publication is likely
// to run in, by IANA name.
var zoneNames = map[string]string{
	"Asia/Karachi":     "پاکستان کا معیاری وقت",
	"Asia/Kolkata":     "بھارت کا معیاری وقت",
	"Asia/Calcutta":    "بھارت کا معیاری وقت",
	"Asia/Dhaka":       "بنگلہ دیش کا معیاری وقت",
	"Asia/Kabul":       "افغانستان کا وقت",
	"Asia/Tehran":      "ایران کا وقت",
	"Asia/Dubai":       "متحدہ عرب امارات کا وقت",
	"Asia/Riyadh":      "سعودی عرب کا وقت",
	"Asia/Qatar":       "قطر کا وقت",
	"Europe/London":    "برطانیہ کا وقت",
	"America/New_York": "امریکہ کا مشرقی وقت",
	"UTC":              "عالمی معیاری وقت (UTC)",
	"Etc/UTC":          "عالمی معیاری وقت (UTC)",
}

// ZoneName names loc's time zone in Urdu, for people reading or choosing
// a time in it: "پاکستان کا معیاری وقت" for Asia/Karachi (nil means UTC).
// A zone without an Urdu name is named by its IANA name and its offset
// from UTC at t: "Europe/Paris کا وقت (UTC+01:00)".
func ZoneName(loc *time.Location, t time.Time, d Digits) string {
	if loc == nil {
		loc = time.UTC
	}
	if name, ok := zoneNames[loc.String()]; ok {
		return name
	}
	_, off := t.In(loc).Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	hh, mm := off/3600, off%3600/60
	return ApplyDigits(fmt.Sprintf("%s کا وقت (UTC%s%02d:%02d)", loc.String(), sign, hh, mm), d)
}
