// Package content holds Akhbar's domain types (articles, sections, authors,
// tags) and the rules that belong to them, independent of storage and HTTP.
package content

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Domain errors; the HTTP layer maps them to status codes.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict: changed by someone else")
	ErrInvalid  = errors.New("invalid")
)

// Status is where an article stands in the publishing workflow.
type Status string

// The workflow states. Only StatusPublished is ever shown to readers.
const (
	StatusDraft       Status = "draft"
	StatusSubmitted   Status = "submitted"
	StatusScheduled   Status = "scheduled"
	StatusPublished   Status = "published"
	StatusUnpublished Status = "unpublished"
)

// Valid reports whether s is one of the known states.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusSubmitted, StatusScheduled, StatusPublished, StatusUnpublished:
		return true
	}
	return false
}

// Role is a newsroom user's role; it decides what the user may do.
type Role string

// The roles, from most to least powerful.
const (
	RoleAdmin       Role = "admin"
	RoleEditor      Role = "editor"
	RoleReporter    Role = "reporter"
	RoleContributor Role = "contributor"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleEditor, RoleReporter, RoleContributor:
		return true
	}
	return false
}

// Section is a part of the site (قومی، کھیل …); sections may nest.
type Section struct {
	ID          int64
	Slug        string // Latin, used in URLs: /sports/
	Name        string // Urdu, shown to readers
	Description string
	ParentID    int64 // 0 for a top-level section
	Position    int
}

// Path is the section's URL path.
func (s Section) Path() string { return "/" + s.Slug + "/" }

// User is a newsroom account; published users double as bylines (authors).
type User struct {
	ID           int64
	Email        string
	Name         string
	Slug         string
	Role         Role
	Bio          string
	PasswordHash string // empty: the user cannot log in until a password is set
	Disabled     bool
	CreatedAt    time.Time
	// TwoFactorSince is when the user turned on two-factor sign-in (a
	// code from an authenticator app after the password); zero: off.
	TwoFactorSince time.Time
}

// TwoFactor reports whether signing in takes a code after the password.
func (u User) TwoFactor() bool { return !u.TwoFactorSince.IsZero() }

// Path is the author page's URL path.
func (u User) Path() string { return "/author/" + u.Slug }

// Tag labels articles across sections.
type Tag struct {
	ID   int64
	Slug string
	Name string
}

// Path is the tag page's URL path.
func (t Tag) Path() string { return "/tag/" + t.Slug }

// Article is one story with everything a page needs to show it.
type Article struct {
	ID             int64
	SectionID      int64
	Status         Status
	Headline       string
	Strapline      string
	DatelineSource string // desk, agency or correspondent: نیوز ڈیسک
	DatelinePlace  string // پیانگ یانگ
	BodyHTML       string // sanitized
	BodyText       string // plain text, for search and reading time
	Slug           string
	Language       string
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	PublishedAt    time.Time // zero until first published (or the scheduled time)
	Version        int
	LeadMediaID    int64 // 0: no lead image
	TranslationOf  int64 // the original this article translates; 0 for originals
	// Translated: a published translation of this article exists (set by
	// store.Article), so its page lists its versions.
	Translated bool

	// Filled by the store where a page needs them.
	Section Section
	Authors []User
	Tags    []Tag
	Views   int64
	Lead    *Media
}

// Language is a language an article can be written in: its BCP 47 code
// (for lang and hreflang) and its name in Urdu (for the newsroom).
type Language struct {
	Code, Name string
}

// Languages are the languages the newsroom offers, Urdu first. Versions
// of a story in several of them link each other with hreflang.
var Languages = []Language{
	{"ur", "اردو"}, {"en", "انگریزی"}, {"ar", "عربی"}, {"fa", "فارسی"},
	{"pa", "پنجابی"}, {"ps", "پشتو"}, {"sd", "سندھی"},
}

// KnownLanguage reports whether code is one of Languages.
func KnownLanguage(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Path is the canonical URL path: /{section}/{id}/{slug}.
func (a Article) Path() string {
	return "/" + a.Section.Slug + "/" + strconv.FormatInt(a.ID, 10) + "/" + a.Slug
}

// Validate checks what every saved article needs.
func (a *Article) Validate() error {
	switch {
	case a.Headline == "":
		return fmt.Errorf("%w: headline is empty", ErrInvalid)
	case len(a.Headline) > 1000:
		return fmt.Errorf("%w: headline is longer than 1000 bytes", ErrInvalid)
	case a.SectionID == 0:
		return fmt.Errorf("%w: no section", ErrInvalid)
	case !a.Status.Valid():
		return fmt.Errorf("%w: unknown status %q", ErrInvalid, a.Status)
	case a.Slug == "":
		return fmt.Errorf("%w: slug is empty", ErrInvalid)
	}
	return nil
}

// Revision is a saved state of an article, kept on every save.
type Revision struct {
	ID             int64
	ArticleID      int64
	Version        int
	Headline       string
	Strapline      string
	DatelineSource string
	DatelinePlace  string
	BodyHTML       string
	SectionID      int64
	EditorID       int64
	CreatedAt      time.Time
	Note           string // "conflict": an edit refused because someone saved first
}
