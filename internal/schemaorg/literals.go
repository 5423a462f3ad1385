package schemaorg

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Formats of schema.org's DataTypes. schema.org defines them loosely
// (https://schema.org/DataType); these checks follow the definitions on each
// type's page and what Google's validators accept, and are strict where a
// loose value would be a bug in our own pages.

// literalMatches reports whether a JSON scalar is a valid value of datatype
// dt, a schema.org DataType or one of its subtypes. Every Text subtype other
// than URL (CssSelectorType, XPathType, PronounceableText) takes any text.
func literalMatches(v *value, dt string) bool {
	switch dt {
	case "Text", "CssSelectorType", "XPathType", "PronounceableText":
		return v.kind == kString
	case "URL":
		return v.kind == kString && isAbsoluteURL(v.s)
	case "Boolean":
		return v.kind == kBool || v.kind == kString && isBooleanText(v.s)
	case "Number", "Float":
		return (v.kind == kNumber || v.kind == kString) && isNumber(v.s)
	case "Integer":
		return (v.kind == kNumber || v.kind == kString) && isInteger(v.s)
	case "Date":
		return v.kind == kString && isDate(v.s)
	case "DateTime":
		return v.kind == kString && isDateTime(v.s)
	case "Time":
		return v.kind == kString && isTime(v.s)
	}
	return false
}

// quantityMatches reports whether text is a value of q, a subtype of
// schema.org's Quantity. schema.org writes quantities as text
// (https://schema.org/Quantity): a Duration in ISO 8601 ("PT1H30M"), a
// Distance, Energy or Mass as "<Number> <unit>" ("7 ft", "1200 px").
func quantityMatches(v *value, q string) bool {
	if v.kind != kString {
		return false
	}
	if q == "Duration" {
		return isDuration(v.s)
	}
	num, unit, ok := strings.Cut(strings.TrimSpace(v.s), " ")
	return ok && isNumber(num) && strings.TrimSpace(unit) != ""
}

// isDuration accepts ISO 8601 durations: P[nY][nM][nW][nD][T[nH][nM][n.nS]],
// with at least one part and nothing after a T that is not a time part.
func isDuration(s string) bool {
	rest, ok := strings.CutPrefix(s, "P")
	if !ok || rest == "" {
		return false
	}
	date, clock, hasT := strings.Cut(rest, "T")
	if hasT && clock == "" {
		return false
	}
	return durationParts(date, "YMWD") && durationParts(clock, "HMS")
}

// durationParts checks "3Y2M"-style runs whose designators come in order.
func durationParts(s, designators string) bool {
	for s != "" {
		i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' && r != ',' })
		if i <= 0 {
			return false
		}
		d := strings.IndexByte(designators, s[i])
		if d < 0 || !isNumber(strings.ReplaceAll(s[:i], ",", ".")) {
			return false
		}
		designators, s = designators[d+1:], s[i+1:]
	}
	return true
}

// formatHint says what a datatype's values look like, for problem messages.
func formatHint(dt string) string {
	switch dt {
	case "Duration":
		return "an ISO 8601 duration such as PT1H30M"
	case "Distance", "Energy", "Mass":
		return "text such as \"1200 px\" (a number and a unit)"
	case "URL":
		return "an absolute http(s) URL"
	case "Boolean":
		return "true or false"
	case "Number", "Float":
		return "a number"
	case "Integer":
		return "a whole number"
	case "Date":
		return "an ISO 8601 date such as 2026-02-18"
	case "DateTime":
		return "an ISO 8601 date and time with a zone such as 2026-02-18T09:30:00+05:00"
	case "Time":
		return "an ISO 8601 time such as 09:30:00"
	}
	return "" // any text will do
}

// isAbsoluteURL accepts http and https URLs with a host. Relative URLs are
// refused: structured data is read away from the page, where they resolve
// to nothing useful. Non-ASCII paths (IRIs, as Urdu slugs are) are allowed.
func isAbsoluteURL(s string) bool {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return (scheme == "http" || scheme == "https") && u.Host != "" && u.Hostname() != ""
}

func isBooleanText(s string) bool {
	switch s {
	case "true", "false", "True", "False",
		"https://schema.org/True", "https://schema.org/False",
		"http://schema.org/True", "http://schema.org/False":
		return true
	}
	return false
}

// isNumber accepts decimal numbers, as JSON numbers or as their text (schema.org
// values are lexical forms, and "4.5" is common). NaN, infinities and hex
// are not numbers in schema.org's sense.
func isNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "xXpP_") {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

// isInteger accepts numbers with no fractional part (3 and 3.0 alike).
func isInteger(s string) bool {
	if !isNumber(s) {
		return false
	}
	f, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f == math.Trunc(f)
}

// isDate accepts ISO 8601 calendar dates at day, month or year precision
// (2026-02-18, 2026-02, 2026), checking that the day exists.
func isDate(s string) bool {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return true
			}
		}
	}
	return false
}

// isDateTime accepts an ISO 8601 date and time that carries a zone (Z or
// ±hh:mm), with optional seconds and fractions. Without a zone the moment is
// ambiguous, and Google reads it in its own crawler's zone.
func isDateTime(s string) bool {
	_, ok := parseDateTime(s)
	return ok
}

func parseDateTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// isTime accepts hh:mm or hh:mm:ss with optional fractions and zone.
func isTime(s string) bool {
	for _, layout := range []string{"15:04:05Z07:00", "15:04Z07:00", "15:04:05", "15:04"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// parseDateOrDateTime returns the moment a Date or DateTime value denotes,
// for comparing datePublished with dateModified. A bare date counts as its
// midnight in UTC.
func parseDateOrDateTime(v *value) (time.Time, bool) {
	if v == nil || v.kind != kString {
		return time.Time{}, false
	}
	if t, ok := parseDateTime(v.s); ok {
		return t, true
	}
	if len(v.s) == len("2006-01-02") {
		if t, err := time.Parse("2006-01-02", v.s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
