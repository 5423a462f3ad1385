package content

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Breaking is a breaking-news strip shown across the top of every public
// page from its raising until it expires or is taken down.
type Breaking struct {
	ID        int64
	Text      string
	ArticleID int64 // the story it links to; 0 for none
	RaisedBy  int64
	RaisedAt  time.Time
	ExpiresAt time.Time
	EndedAt   time.Time // zero until taken down early

	// Article is the linked story, filled by the store where a page needs it.
	Article *Article
}

// BreakingTextMax is the longest strip text, in characters: a strip is
// one line on a phone, and a longer one is a story.
const BreakingTextMax = 200

// DefaultBreakingFor is how long a strip shows unless the editor says.
const DefaultBreakingFor = time.Hour

// BreakingLongest is the furthest an expiry may lie: a strip left up for
// days stops being news.
const BreakingLongest = 7 * 24 * time.Hour

// Active reports whether the strip shows at now.
func (b Breaking) Active(now time.Time) bool {
	return b.EndedAt.IsZero() && now.Before(b.ExpiresAt) && !now.Before(b.RaisedAt)
}

// Validate checks a strip about to be raised at now: text present and
// short enough, expiry ahead but within BreakingLongest. Text is trimmed.
func (b *Breaking) Validate(now time.Time) error {
	b.Text = strings.TrimSpace(b.Text)
	switch {
	case b.Text == "":
		return fmt.Errorf("%w: breaking news text is empty", ErrInvalid)
	case utf8.RuneCountInString(b.Text) > BreakingTextMax:
		return fmt.Errorf("%w: breaking news text is longer than %d characters", ErrInvalid, BreakingTextMax)
	case !b.ExpiresAt.After(now):
		return fmt.Errorf("%w: breaking news expiry %s is not in the future", ErrInvalid, b.ExpiresAt.Format(time.RFC3339))
	case b.ExpiresAt.Sub(now) > BreakingLongest:
		return fmt.Errorf("%w: breaking news expiry is more than %s ahead", ErrInvalid, BreakingLongest)
	case b.ArticleID < 0:
		return fmt.Errorf("%w: article %d", ErrInvalid, b.ArticleID)
	}
	return nil
}
