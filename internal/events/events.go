// Package events names what happens to the site's public content, so that
// whoever changes it (the newsroom, the content API, the scheduler) can
// tell whoever wants to know (webhooks) without knowing them.
package events

import (
	"context"
	"time"

	"akhbar/internal/content"
)

// Kind is what happened. The values are the webhook event types, part of
// the API: never rename one.
type Kind string

const (
	ArticlePublished   Kind = "article.published"   // first published, or published again after a withdrawal
	ArticleUpdated     Kind = "article.updated"     // a published article's text or metadata changed
	ArticleUnpublished Kind = "article.unpublished" // withdrawn from the site
	ArticleDeleted     Kind = "article.deleted"     // deleted while published or withdrawn
	BreakingRaised     Kind = "breaking.raised"     // a breaking strip went up
	BreakingCleared    Kind = "breaking.cleared"    // a breaking strip was taken down (not when it expires by itself)
)

// Kinds lists every kind, in the order the newsroom shows them.
var Kinds = []Kind{ArticlePublished, ArticleUpdated, ArticleUnpublished, ArticleDeleted, BreakingRaised, BreakingCleared}

// Event is one thing that happened.
type Event struct {
	Kind       Kind
	At         time.Time
	ArticleID  int64  // article.* events
	BreakingID int64  // breaking.* events
	By         string // who: a user's name, "API token «name»", or "scheduler"
	// Article is the article as it was, for article.deleted: it is gone
	// by the time the sink hears of it. Nil otherwise.
	Article *content.Article
}

// Sink receives events. It must be quick and must not fail the change
// that caused the event: a sink that queues work does so durably and
// returns; a nil Sink drops events.
type Sink func(ctx context.Context, e Event)

// Send passes e to s if there is one.
func (s Sink) Send(ctx context.Context, e Event) {
	if s != nil {
		s(ctx, e)
	}
}

// ArticleKind is what a save that moved an article from before to after
// did to its public state: published (it was not before), updated (it was
// and still is) or withdrawn (it was and is no longer); ok is false when
// readers saw nothing either way.
func ArticleKind(before, after content.Status) (kind Kind, ok bool) {
	switch {
	case after.Live() && !before.Live():
		return ArticlePublished, true
	case after.Live():
		return ArticleUpdated, true
	case before.Live():
		return ArticleUnpublished, true
	}
	return "", false
}
