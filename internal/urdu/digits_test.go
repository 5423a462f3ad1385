package urdu

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestDigitsSetting(t *testing.T) {
	tests := []struct {
		in      string
		want    Digits
		wantErr bool
	}{
		{"latin", LatinDigits, false},
		{"urdu", UrduDigits, false},
		{"  Urdu\n", UrduDigits, false},
		{"LATIN", LatinDigits, false},
		{"", LatinDigits, true},
		{"arabext", LatinDigits, true},
		{"اردو", LatinDigits, true},
	}
	for _, tt := range tests {
		got, err := ParseDigitsSetting(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDigitsSetting(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil {
			if back, err := ParseDigitsSetting(got.String()); err != nil || back != got {
				t.Errorf("ParseDigitsSetting(%v.String()) = %v, %v", got, back, err)
			}
		}
	}
	if got := Digits(9).String(); got != "Digits(9)" {
		t.Errorf("Digits(9).String() = %q", got)
	}
}

func TestFormatInt(t *testing.T) {
	tests := []struct {
		n            int64
		d            Digits
		plain, group string
	}{
		{0, LatinDigits, "0", "0"},
		{0, UrduDigits, "۰", "۰"},
		{7, UrduDigits, "۷", "۷"},
		{999, LatinDigits, "999", "999"},
		{1000, LatinDigits, "1000", "1,000"},
		{1234567, LatinDigits, "1234567", "1,234,567"},
		{1234567, UrduDigits, "۱۲۳۴۵۶۷", "۱٬۲۳۴٬۵۶۷"},
		{123456, UrduDigits, "۱۲۳۴۵۶", "۱۲۳٬۴۵۶"},
		{-1234, LatinDigits, "-1234", "-1,234"},
		{-1234, UrduDigits, "-۱۲۳۴", "-۱٬۲۳۴"},
		{-999, LatinDigits, "-999", "-999"},
		{math.MaxInt64, LatinDigits, "9223372036854775807", "9,223,372,036,854,775,807"},
		{math.MinInt64, LatinDigits, "-9223372036854775808", "-9,223,372,036,854,775,808"},
		{2026, Digits(42), "2026", "2,026"}, // unknown values print Latin
	}
	for _, tt := range tests {
		if got := FormatInt(tt.n, tt.d); got != tt.plain {
			t.Errorf("FormatInt(%d, %v) = %q, want %q", tt.n, tt.d, got, tt.plain)
		}
		if got := FormatIntGrouped(tt.n, tt.d); got != tt.group {
			t.Errorf("FormatIntGrouped(%d, %v) = %q, want %q", tt.n, tt.d, got, tt.group)
		}
	}
}

func TestApplyDigits(t *testing.T) {
	tests := []struct {
		in          string
		latin, urdu string
	}{
		{"", "", ""},
		{"بدھ, فروری 18, 2026", "بدھ, فروری 18, 2026", "بدھ, فروری ۱۸, ۲۰۲۶"},
		{"۱۸ فروری ۲۰۲۶", "18 فروری 2026", "۱۸ فروری ۲۰۲۶"},
		{"٠١٢٣٤٥٦٧٨٩", "0123456789", "۰۱۲۳۴۵۶۷۸۹"}, // Arabic-Indic in, either style out
		{"3:45 دوپہر", "3:45 دوپہر", "۳:۴۵ دوپہر"},
		{"no digits", "no digits", "no digits"},
		{"x\xff1", "x\xff1", "x\xff۱"}, // invalid UTF-8 kept byte for byte
		{"²", "²", "²"},                // only the three decimal digit sets change
	}
	for _, tt := range tests {
		if got := ApplyDigits(tt.in, LatinDigits); got != tt.latin {
			t.Errorf("ApplyDigits(%q, latin) = %q, want %q", tt.in, got, tt.latin)
		}
		if got := ApplyDigits(tt.in, UrduDigits); got != tt.urdu {
			t.Errorf("ApplyDigits(%q, urdu) = %q, want %q", tt.in, got, tt.urdu)
		}
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"42", 42},
		{"۴۲", 42},
		{"٤٢", 42},
		{"1۲3", 123}, // mixed digit sets, as pasted text has
		{"  1,234,567 ", 1234567},
		{"۱٬۲۳۴٬۵۶۷", 1234567},
		{"1,00,000", 100000}, // lakh grouping
		{"+7", 7},
		{"-7", -7},
		{"−۷", -7},               // U+2212 minus
		{"\u200e-\u200e۵۰", -50}, // CLDR arabext minus carries LRMs
		{"\u00a0۵\u00a0", 5},     // no-break spaces
		{"007", 7},
		{"9223372036854775807", math.MaxInt64},
		{"-9,223,372,036,854,775,808", math.MinInt64},
	}
	for _, tt := range tests {
		got, err := ParseInt(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseInt(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseIntErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", strconv.ErrSyntax},
		{"   ", strconv.ErrSyntax},
		{"-", strconv.ErrSyntax},
		{"+-1", strconv.ErrSyntax},
		{"1.5", strconv.ErrSyntax},
		{"١٫٥", strconv.ErrSyntax}, // decimal separator U+066B
		{"12a", strconv.ErrSyntax},
		{"1 2", strconv.ErrSyntax},
		{",1", strconv.ErrSyntax},
		{"1,", strconv.ErrSyntax},
		{"1,,2", strconv.ErrSyntax},
		{"1٬,2", strconv.ErrSyntax},
		{"۱۲ہزار", strconv.ErrSyntax},
		{"\xff", strconv.ErrSyntax},
		{"9223372036854775808", strconv.ErrRange},
		{"-9223372036854775809", strconv.ErrRange},
		{"99999999999999999999999", strconv.ErrRange},
	}
	for _, tt := range tests {
		got, err := ParseInt(tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("ParseInt(%q) = %d, %v; want error %v", tt.in, got, err, tt.want)
			continue
		}
		if quoted := strconv.Quote(tt.in); !strings.Contains(err.Error(), quoted) {
			t.Errorf("ParseInt(%q) error %q does not quote the input", tt.in, err)
		}
	}
}

// FuzzParseInt checks ParseInt never panics and that whatever it accepts
// survives FormatInt and FormatIntGrouped in both digit styles.
func FuzzParseInt(f *testing.F) {
	for _, s := range []string{
		"0", "42", "-7", "۱٬۲۳۴", "1,00,000", "٤٢", "−۵", "\u200e-\u200e۵", " 9 ",
		"9223372036854775807", "-9223372036854775808", "9223372036854775808", ",", "1,", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseInt(s)
		if err != nil {
			if !errors.Is(err, strconv.ErrSyntax) && !errors.Is(err, strconv.ErrRange) {
				t.Fatalf("ParseInt(%q) error %v wraps neither ErrSyntax nor ErrRange", s, err)
			}
			return
		}
		for _, d := range []Digits{LatinDigits, UrduDigits} {
			for _, out := range []string{FormatInt(n, d), FormatIntGrouped(n, d)} {
				back, err := ParseInt(out)
				if err != nil || back != n {
					t.Fatalf("ParseInt(%q) = %d; formatted %q parses as %d, %v", s, n, out, back, err)
				}
			}
		}
	})
}
