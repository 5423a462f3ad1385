package content

import (
	"fmt"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"akhbar/internal/urdu"
)

// LiveCoverage is an article turned into a live page: editors post short
// updates to it from StartedAt until EndedAt.
type LiveCoverage struct {
	ArticleID int64
	StartedAt time.Time
	EndedAt   time.Time // zero while the coverage runs
	StartedBy int64
	// Seq is the article's last change sequence: every post, edit, pin and
	// delete takes the next number, so a number means the same on every node.
	Seq int64
	// Published says whether readers may see the article (and so its updates).
	Published bool
}

// Running reports whether updates may still be posted.
func (c LiveCoverage) Running() bool { return !c.StartedAt.IsZero() && c.EndedAt.IsZero() }

// LiveKind is what an update mainly carries.
type LiveKind string

// The kinds of update.
const (
	LiveText  LiveKind = "text"
	LiveImage LiveKind = "image"
	LiveQuote LiveKind = "quote"
)

// Valid reports whether k is one of the known kinds.
func (k LiveKind) Valid() bool { return k == LiveText || k == LiveImage || k == LiveQuote }

// Limits of an update, in characters: an update is a paragraph or a few,
// not a story.
const (
	LiveTextMax   = 3000
	LiveQuoteMax  = 1000
	LiveSourceMax = 200
)

// LiveMaxPins is how many updates may be pinned above the rest at once:
// the few key points of a running story, not a second page.
const LiveMaxPins = 3

// LiveUpdate is one timestamped post of live coverage. A deleted update
// is kept, emptied, as a tombstone, so readers who reconnect learn of it.
type LiveUpdate struct {
	ID          int64
	ArticleID   int64
	Seq         int64 // the sequence of its latest change
	Kind        LiveKind
	TextHTML    string // escaped paragraphs, see LiveTextHTML
	MediaID     int64  // 0: no picture
	Quote       string
	QuoteSource string
	Pinned      bool
	AuthorID    int64
	CreatedAt   time.Time
	UpdatedAt   time.Time // changes when the words or picture change
	Deleted     bool

	// Filled by the store where a page needs them.
	Media  *Media
	Author *User
}

// Text is the update's text as the editor typed it, one paragraph a line.
func (u LiveUpdate) Text() string { return PlainText(u.TextHTML) }

// LiveTextHTML turns typed text into what an update stores: Urdu text
// normalized for display, each non-empty line a paragraph, everything
// escaped. Updates are written in seconds on a phone; plain paragraphs
// are all they need, and no markup can come through.
func LiveTextHTML(typed string) string {
	var b strings.Builder
	typed = strings.ToValidUTF8(strings.ReplaceAll(typed, "\r", ""), "\uFFFD")
	for line := range strings.SplitSeq(typed, "\n") {
		line = strings.Join(strings.Fields(urdu.Normalize(line)), " ")
		if line == "" {
			continue
		}
		b.WriteString("<p>" + html.EscapeString(line) + "</p>")
	}
	return b.String()
}

// Validate checks an update about to be stored, sanitizes its text
// (whoever built it) and tidies its short fields (normalized, spaces
// collapsed).
func (u *LiveUpdate) Validate() error {
	u.TextHTML = SanitizeBody(u.TextHTML)
	u.Quote = strings.Join(strings.Fields(urdu.Normalize(u.Quote)), " ")
	u.QuoteSource = strings.Join(strings.Fields(urdu.Normalize(u.QuoteSource)), " ")
	switch {
	case !u.Kind.Valid():
		return fmt.Errorf("%w: unknown live update kind %q", ErrInvalid, u.Kind)
	case u.Kind == LiveText && u.TextHTML == "":
		return fmt.Errorf("%w: a text update has no text", ErrInvalid)
	case u.Kind == LiveImage && u.MediaID == 0:
		return fmt.Errorf("%w: an image update has no image", ErrInvalid)
	case u.Kind == LiveQuote && u.Quote == "":
		return fmt.Errorf("%w: a quote update has no quote", ErrInvalid)
	case utf8.RuneCountInString(PlainText(u.TextHTML)) > LiveTextMax:
		return fmt.Errorf("%w: live update text is longer than %d characters", ErrInvalid, LiveTextMax)
	case utf8.RuneCountInString(u.Quote) > LiveQuoteMax:
		return fmt.Errorf("%w: quote is longer than %d characters", ErrInvalid, LiveQuoteMax)
	case utf8.RuneCountInString(u.QuoteSource) > LiveSourceMax:
		return fmt.Errorf("%w: quote source is longer than %d characters", ErrInvalid, LiveSourceMax)
	case u.MediaID < 0:
		return fmt.Errorf("%w: media %d", ErrInvalid, u.MediaID)
	}
	if u.Kind != LiveQuote {
		u.Quote, u.QuoteSource = "", ""
	}
	return nil
}

// Summary is a one-line account of the update, at most max characters,
// for headlines of structured data and the audit log.
func (u LiveUpdate) Summary(max int) string {
	s := strings.Join(strings.Fields(u.Text()), " ")
	if s == "" && u.Quote != "" {
		s = "«" + u.Quote + "»"
		if u.QuoteSource != "" {
			s += " — " + u.QuoteSource
		}
	}
	if s == "" && u.Media != nil {
		s = u.Media.Caption
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	cut := strings.TrimSpace(string(r[:max-1]))
	// End at a word, not in the middle of one, when one ends near enough.
	if i := strings.LastIndex(cut, " "); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
