package urdu

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Digits chooses the digit shapes numbers are printed with; it is a site
// setting because Urdu publications differ and so do CLDR's ur and ur_IN.
// Values other than the two constants print as LatinDigits.
type Digits int

const (
	// LatinDigits prints 0–9: CLDR's default numbering system for ur and ur_PK (latn).
	LatinDigits Digits = iota
	// UrduDigits prints Extended Arabic-Indic ۰–۹ (U+06F0–U+06F9): CLDR's default for ur_IN (arabext).
	UrduDigits
)

// Characters the digit functions write or accept.
const (
	zeroArabicIndic    = '\u0660' // ٠ Arabic-Indic zero, used in Arabic text
	zeroExtArabicIndic = '\u06F0' // ۰ Extended Arabic-Indic zero, used in Urdu and Persian
	groupSepLatin      = ','      // CLDR ur latn "group" symbol
	groupSepArabic     = '\u066C' // ٬ ARABIC THOUSANDS SEPARATOR, CLDR ur_IN arabext "group" symbol
	minusSignU2212     = '\u2212' // − MINUS SIGN, accepted when parsing
)

// minInt64Mag is the magnitude of math.MinInt64, one more than math.MaxInt64.
const minInt64Mag = uint64(1) << 63

// String returns the site-setting name of d ("latin" or "urdu"), the inverse of ParseDigitsSetting.
func (d Digits) String() string {
	switch d {
	case LatinDigits:
		return "latin"
	case UrduDigits:
		return "urdu"
	}
	return "Digits(" + strconv.Itoa(int(d)) + ")"
}

// ParseDigitsSetting reads the digits site setting ("latin" or "urdu", any case,
// surrounding spaces ignored) so a typo in configuration fails loudly at start.
func ParseDigitsSetting(s string) (Digits, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "latin":
		return LatinDigits, nil
	case "urdu":
		return UrduDigits, nil
	}
	return LatinDigits, fmt.Errorf("urdu: digits setting %q: want \"latin\" or \"urdu\"", s)
}

// FormatInt writes n in the chosen digits without grouping, for days, years
// and counts where CLDR patterns print a bare number.
func FormatInt(n int64, d Digits) string {
	return ApplyDigits(strconv.FormatInt(n, 10), d)
}

// FormatIntGrouped writes n with thousands grouped in threes as CLDR ur and
// ur_IN do: "1,234,567" in Latin digits, "۱٬۲۳۴٬۵۶۷" (U+066C separator) in Urdu digits.
func FormatIntGrouped(n int64, d Digits) string {
	plain := strconv.FormatInt(n, 10)
	sign, mag := "", plain
	if n < 0 {
		sign, mag = "-", plain[1:]
	}
	if len(mag) <= 3 {
		return FormatInt(n, d)
	}
	sep := string(groupSepLatin)
	if d == UrduDigits {
		sep = string(groupSepArabic)
	}
	var b strings.Builder
	b.Grow(len(plain) + len(mag)/3*len(sep))
	b.WriteString(sign)
	first := len(mag) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(mag[:first])
	for i := first; i < len(mag); i += 3 {
		b.WriteString(sep)
		b.WriteString(mag[i : i+3])
	}
	return ApplyDigits(b.String(), d)
}

// ApplyDigits rewrites every ASCII, Arabic-Indic and Extended Arabic-Indic digit
// in s into the chosen style and leaves all else byte for byte, so formatted
// dates and user text follow the site's digit setting.
func ApplyDigits(s string, d Digits) string {
	zero := '0'
	if d == UrduDigits {
		zero = zeroExtArabicIndic
	}
	var b strings.Builder
	copied := false // b holds s[:i] once the first digit needed rewriting
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		v, ok := decimalDigitValue(r)
		switch {
		case ok && r != zero+rune(v):
			if !copied {
				b.Grow(len(s) + len(s)/2)
				b.WriteString(s[:i])
				copied = true
			}
			b.WriteRune(zero + rune(v))
		case copied:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if !copied {
		return s
	}
	return b.String()
}

// decimalDigitValue reports the value of an ASCII, Arabic-Indic (U+0660–0669) or
// Extended Arabic-Indic (U+06F0–06F9) digit.
func decimalDigitValue(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= zeroArabicIndic && r <= zeroArabicIndic+9:
		return int(r - zeroArabicIndic), true
	case r >= zeroExtArabicIndic && r <= zeroExtArabicIndic+9:
		return int(r - zeroExtArabicIndic), true
	}
	return 0, false
}

// isNumberBidiMark reports the invisible direction marks (LRM, RLM, ALM) that
// formatters, CLDR's arabext minus sign among them, put around numbers.
func isNumberBidiMark(r rune) bool {
	return r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// ParseInt reads an integer typed in ASCII, Arabic-Indic or Extended
// Arabic-Indic digits (mixed too), with an optional sign (+, -, −), optional
// group separators between digits ("," or "٬", any group size, so lakh-style
// "1,00,000" parses) and surrounding spaces or direction marks. Errors wrap
// strconv.ErrSyntax or strconv.ErrRange and quote the input.
func ParseInt(s string) (int64, error) {
	fail := func(why string, err error) (int64, error) {
		return 0, fmt.Errorf("urdu: parse integer %q: %s: %w", s, why, err)
	}
	body := strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isNumberBidiMark(r) })
	if body == "" {
		return fail("empty", strconv.ErrSyntax)
	}
	neg := false
	if r, size := utf8.DecodeRuneInString(body); r == '+' || r == '-' || r == minusSignU2212 {
		neg = r != '+'
		body = strings.TrimLeftFunc(body[size:], isNumberBidiMark)
		if body == "" {
			return fail("sign without digits", strconv.ErrSyntax)
		}
	}
	var mag uint64
	overflow := false
	prevDigit := false
	for i, r := range body {
		if v, ok := decimalDigitValue(r); ok {
			if !overflow {
				if mag > (minInt64Mag-uint64(v))/10 {
					overflow = true
				} else {
					mag = mag*10 + uint64(v)
				}
			}
			prevDigit = true
			continue
		}
		if r == groupSepLatin || r == groupSepArabic {
			next, _ := utf8.DecodeRuneInString(body[i+utf8.RuneLen(r):])
			if _, ok := decimalDigitValue(next); !prevDigit || !ok {
				return fail(fmt.Sprintf("group separator %q not between digits", r), strconv.ErrSyntax)
			}
			prevDigit = false
			continue
		}
		return fail(fmt.Sprintf("unexpected %q", r), strconv.ErrSyntax)
	}
	if overflow || (!neg && mag == minInt64Mag) {
		return fail("out of int64 range", strconv.ErrRange)
	}
	switch {
	case !neg:
		return int64(mag), nil
	case mag == minInt64Mag:
		return math.MinInt64, nil
	}
	return -int64(mag), nil
}
