package wxr

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrNotWXR is wrapped by the FatalError for input that is not a
	// WordPress export: empty, HTML, a plain RSS feed, random bytes.
	ErrNotWXR = errors.New("not a WordPress export (WXR)")
	// ErrTruncated is wrapped by the FatalError for a file that ends before
	// its </channel>, as an interrupted download does.
	ErrTruncated = errors.New("truncated file")
	// ErrTooLarge is wrapped by the ItemError for an item larger than
	// Reader.MaxItemSize; the item is skipped unread.
	ErrTooLarge = errors.New("item too large")
)

// FatalError ends the reading: the stream is not WXR, is truncated, or could
// not be read. Next returns the same error on every later call.
type FatalError struct {
	Line   int   // line where reading stopped, 1-based
	Offset int64 // bytes consumed
	Err    error
}

func (e *FatalError) Error() string {
	return fmt.Sprintf("wxr: line %d: %v", e.Line, e.Err)
}

func (e *FatalError) Unwrap() error { return e.Err }

// ItemError reports one item (or author, category, tag, term, header field)
// that could not be read. The reader has skipped it, and Next can be called
// again for the next one.
type ItemError struct {
	Element string // "item", "wp:author", "wp:category", "wp:tag", "wp:term" or a channel field
	Line    int    // line where the element starts
	EndLine int    // line where it ends, so the caller can show the whole span
	ErrLine int    // line of the fault itself, 0 if unknown
	PostID  int64  // wp:post_id, when it could be read
	Title   string // the title, name or login, when it could be read
	Err     error
}

func (e *ItemError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "wxr: line %d: <%s>", e.Line, e.Element)
	if e.PostID != 0 {
		fmt.Fprintf(&b, " post %d", e.PostID)
	}
	if e.Title != "" {
		fmt.Fprintf(&b, " %q", e.Title)
	}
	if e.ErrLine != 0 {
		fmt.Fprintf(&b, ": line %d", e.ErrLine)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *ItemError) Unwrap() error { return e.Err }

// FieldError is an ItemError's cause when the XML was sound but a value was
// not: a date or number that does not parse.
type FieldError struct {
	Field string // as in the file: "wp:post_date_gmt"
	Value string
	Err   error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s %q: %v", e.Field, e.Value, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }
