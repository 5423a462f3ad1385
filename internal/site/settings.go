package site

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"akhbar/internal/urdu"
)

// Setting keys stored in the settings table.
const (
	KeySiteName         = "site_name"
	KeyTagline          = "tagline"
	KeyTimeZone         = "time_zone"
	KeyDateStyle        = "date_style"
	KeyDigits           = "digits"
	KeyHijriOffset      = "hijri_offset"
	KeyShowHijri        = "show_hijri"
	KeyMostReadHours    = "most_read_hours"
	KeyDatelineMasthead = "dateline_masthead"
	// KeyRequireTwoFactor is a newsroom rule kept here so that, like the
	// rest, every node learns of a change at once: "true" makes editors
	// and admins sign in with a second factor.
	KeyRequireTwoFactor = "require_2fa"
)

// Settings are the editors' choices for how the site looks and reads.
type Settings struct {
	SiteName      string
	Tagline       string
	Location      *time.Location
	DateStyle     urdu.DateStyle
	Digits        urdu.Digits
	HijriOffset   int
	ShowHijri     bool
	MostReadHours int
	// DatelineMasthead opens every dateline, as newspapers print their own
	// name before the desk: «دانشگاه (نیوز ڈیسک) پیانگ یانگ:». Empty: the site name.
	DatelineMasthead string
	// RequireTwoFactor: editors and admins must sign in with a code from
	// an authenticator app after their password (set it up first if not).
	RequireTwoFactor bool
}

// DefaultSettings are used for keys the database does not hold.
func DefaultSettings() Settings {
	loc, _ := time.LoadLocation("Asia/Karachi")
	return Settings{
		SiteName: "اخبار", Location: loc, DateStyle: urdu.DateBar, Digits: urdu.LatinDigits, MostReadHours: 48,
	}
}

// ParseSettings reads stored settings over the defaults, reporting every
// unreadable value (and keeping its default) rather than failing the site.
func ParseSettings(m map[string]string) (Settings, error) {
	s := DefaultSettings()
	var errs []error
	if v := m[KeySiteName]; v != "" {
		s.SiteName = v
	}
	s.Tagline = m[KeyTagline]
	s.DatelineMasthead = m[KeyDatelineMasthead]
	if v := m[KeyTimeZone]; v != "" {
		if loc, err := time.LoadLocation(v); err != nil {
			errs = append(errs, fmt.Errorf("setting %s: %w", KeyTimeZone, err))
		} else {
			s.Location = loc
		}
	}
	if v := m[KeyDateStyle]; v != "" {
		if st, err := urdu.ParseDateStyle(v); err != nil {
			errs = append(errs, fmt.Errorf("setting %s: %w", KeyDateStyle, err))
		} else {
			s.DateStyle = st
		}
	}
	if v := m[KeyDigits]; v != "" {
		if d, err := urdu.ParseDigitsSetting(v); err != nil {
			errs = append(errs, fmt.Errorf("setting %s: %w", KeyDigits, err))
		} else {
			s.Digits = d
		}
	}
	if v := m[KeyHijriOffset]; v != "" {
		n, err := strconv.Atoi(v)
		if err == nil {
			err = urdu.ValidateHijriOffset(n)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("setting %s: %w", KeyHijriOffset, err))
		} else {
			s.HijriOffset = n
		}
	}
	s.ShowHijri = m[KeyShowHijri] == "true"
	s.RequireTwoFactor = m[KeyRequireTwoFactor] == "true"
	if v := m[KeyMostReadHours]; v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 24*90 {
			errs = append(errs, fmt.Errorf("setting %s: %q is not a number of hours from 1 to 2160", KeyMostReadHours, v))
		} else {
			s.MostReadHours = n
		}
	}
	return s, errors.Join(errs...)
}

// settingsSource is what loads settings; the store satisfies it.
type settingsSource interface {
	Settings(ctx context.Context) (map[string]string, error)
}

// loadSettings reads the stored settings; unreadable values are logged by the caller.
func loadSettings(ctx context.Context, src settingsSource) (Settings, error) {
	m, err := src.Settings(ctx)
	if err != nil {
		return DefaultSettings(), err
	}
	return ParseSettings(m)
}
