// Package webhooks tells subscribed URLs what happens to the site's
// public content, the Standard Webhooks way (standardwebhooks.com): each
// event becomes, in the database, one delivery per subscription that
// wants it, and a worker on every node claims due deliveries, POSTs them
// signed with the subscription's secret, and retries failures with
// exponential backoff for a day. docs/api.md, "Webhooks" is the receiver's guide.
package webhooks

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/events"
	"akhbar/internal/store"
)

// Options configure the webhooks. Zero durations take the defaults.
type Options struct {
	Store   *store.Store
	BaseURL string // the site's public URL, for the url fields of payloads
	Node    string // this node's name, recorded with each attempt
	Log     *slog.Logger
	// Now stamps events that carry no time of their own.
	Now func() time.Time
	// AllowPrivate lets subscriptions point at loopback and private
	// addresses (an intranet receiver, tests on 127.0.0.1). Off in
	// production: a webhook is a request the server makes on an admin's
	// say-so, and must not reach what only the server can reach.
	AllowPrivate bool

	Timeout     time.Duration // one attempt's limit (default 10 s)
	FirstRetry  time.Duration // the wait after the first failure, doubled after each (default 10 s)
	MaxRetry    time.Duration // the longest wait between attempts (default 1 h)
	RetryFor    time.Duration // after this long since the event, give up (default 24 h)
	Poll        time.Duration // how often to look for due retries and other nodes' events (default 5 s)
	Lease       time.Duration // how long a claimed delivery is this node's (default 3 × Timeout)
	Concurrency int           // deliveries sent at once by this node (default 4)
}

// Defaults.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultFirstRetry  = 10 * time.Second
	DefaultMaxRetry    = time.Hour
	DefaultRetryFor    = 24 * time.Hour
	DefaultPoll        = 5 * time.Second
	DefaultConcurrency = 4
	// MaxResponse is how much of an answer's body is read; the first
	// ResponseKept bytes are kept in the delivery log.
	MaxResponse  = 64 << 10
	ResponseKept = 1 << 10
)

// Hooks queues events for subscribers and delivers them.
type Hooks struct {
	o      Options
	log    *slog.Logger
	client *http.Client
	wake   chan struct{}
	wg     sync.WaitGroup
}

// New builds the webhooks; Start runs the delivery worker.
func New(o Options) *Hooks {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Timeout, DefaultTimeout)
	def(&o.FirstRetry, DefaultFirstRetry)
	def(&o.MaxRetry, DefaultMaxRetry)
	def(&o.RetryFor, DefaultRetryFor)
	def(&o.Poll, DefaultPoll)
	def(&o.Lease, 3*o.Timeout)
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	dialer := &net.Dialer{Timeout: o.Timeout, KeepAlive: 30 * time.Second}
	if !o.AllowPrivate {
		dialer.ControlContext = publicOnly
	}
	transport := &http.Transport{
		Proxy:                  nil, // a proxy would dial for us, past the address check
		DialContext:            dialer.DialContext,
		TLSHandshakeTimeout:    o.Timeout,
		ResponseHeaderTimeout:  o.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        90 * time.Second,
		ForceAttemptHTTP2:      true,
	}
	return &Hooks{o: o, log: o.Log, wake: make(chan struct{}, 1), client: &http.Client{
		Transport: transport,
		Timeout:   o.Timeout,
		// A redirect is an answer, not a delivery: receivers give the URL to post to.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// AllowPrivate tells whether subscriptions may point at private addresses.
func (h *Hooks) AllowPrivate() bool { return h.o.AllowPrivate }

// CheckURL validates a subscription URL under this node's rules (CheckURL).
func (h *Hooks) CheckURL(raw string) (string, error) { return CheckURL(raw, h.o.AllowPrivate) }

// Sink is the events.Sink that queues deliveries.
func (h *Hooks) Sink() events.Sink { return h.Send }

// Send queues one delivery of e for each active subscription that wants
// its kind, with the payload as things stand now, and wakes the worker.
// It never fails the change that caused e: a failure is logged.
func (h *Hooks) Send(ctx context.Context, e events.Event) {
	// The editor's request may end the moment it answers; the queueing must not.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, err := h.Enqueue(ctx, e); err != nil {
		h.log.Error("webhooks: queue event", "kind", e.Kind, "article", e.ArticleID, "breaking", e.BreakingID, "err", err)
	}
}

// Enqueue is Send that returns the deliveries queued, or the error.
func (h *Hooks) Enqueue(ctx context.Context, e events.Event) ([]store.WebhookDelivery, error) {
	if e.At.IsZero() {
		e.At = h.o.Now()
	}
	if wanted, err := h.o.Store.WebhookWanted(ctx, string(e.Kind)); err != nil || !wanted {
		return nil, err
	}
	payload, err := h.Payload(ctx, e)
	if err != nil {
		return nil, err
	}
	ds, err := h.o.Store.EnqueueWebhookDeliveries(ctx, string(e.Kind), payload, time.Now(), NewMessageID)
	if err != nil {
		return nil, err
	}
	if len(ds) > 0 {
		h.Wake()
	}
	return ds, nil
}

// Redeliver queues delivery id's payload again and wakes the worker.
func (h *Hooks) Redeliver(ctx context.Context, id int64) (int64, error) {
	newID, err := h.o.Store.RedeliverWebhook(ctx, id, time.Now())
	if err == nil {
		h.Wake()
	}
	return newID, err
}

// Wake makes the worker look for due deliveries now.
func (h *Hooks) Wake() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// NewMessageID makes a webhook-id: msg_ and 26 random base32 characters.
func NewMessageID() string { return "msg_" + rand.Text() }

// Message is the body of every delivery.
type Message struct {
	Type      events.Kind `json:"type"`
	Timestamp string      `json:"timestamp"` // when the event happened, RFC 3339 UTC
	Data      any         `json:"data"`
}

// ArticleData describes an article in article.* payloads. For an article
// deleted before the event could be read, only ID is set.
type ArticleData struct {
	ID          int64        `json:"id"`
	URL         string       `json:"url,omitempty"`
	Headline    string       `json:"headline,omitempty"`
	Section     *SectionData `json:"section,omitempty"`
	Language    string       `json:"language,omitempty"`
	PublishedAt *string      `json:"published_at"`
	UpdatedAt   *string      `json:"updated_at"`
}

// SectionData names an article's section.
type SectionData struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// BreakingData describes a strip in breaking.* payloads.
type BreakingData struct {
	ID        int64   `json:"id"`
	Text      string  `json:"text"`
	URL       *string `json:"url"` // the linked story, null for none
	RaisedAt  *string `json:"raised_at"`
	ExpiresAt *string `json:"expires_at"`
	EndedAt   *string `json:"ended_at"` // null until taken down
}

func stamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// Payload builds e's message body from what the store holds now (or, for
// a deleted article, from the article the event carries).
func (h *Hooks) Payload(ctx context.Context, e events.Event) ([]byte, error) {
	m := Message{Type: e.Kind, Timestamp: e.At.UTC().Format(time.RFC3339)}
	switch e.Kind {
	case events.ArticlePublished, events.ArticleUpdated, events.ArticleUnpublished, events.ArticleDeleted:
		a, err := h.o.Store.Article(ctx, e.ArticleID)
		switch {
		case err == nil:
			m.Data = h.articleData(a)
		case errors.Is(err, store.ErrNotFound) && e.Article != nil && e.Article.ID == e.ArticleID:
			m.Data = h.articleData(*e.Article)
		case errors.Is(err, store.ErrNotFound):
			m.Data = ArticleData{ID: e.ArticleID}
		default:
			return nil, fmt.Errorf("webhooks: %s payload: %w", e.Kind, err)
		}
	case events.BreakingRaised, events.BreakingCleared:
		b, err := h.o.Store.Breaking(ctx, e.BreakingID)
		if err != nil {
			return nil, fmt.Errorf("webhooks: %s payload: %w", e.Kind, err)
		}
		d := BreakingData{ID: b.ID, Text: b.Text, RaisedAt: stamp(b.RaisedAt), ExpiresAt: stamp(b.ExpiresAt), EndedAt: stamp(b.EndedAt)}
		if b.Article != nil {
			u := h.o.BaseURL + b.Article.Path()
			d.URL = &u
		}
		m.Data = d
	default:
		return nil, fmt.Errorf("webhooks: unknown event kind %q", e.Kind)
	}
	return json.Marshal(m)
}

func (h *Hooks) articleData(a content.Article) ArticleData {
	d := ArticleData{ID: a.ID, Headline: a.Headline, Language: a.Language,
		PublishedAt: stamp(a.PublishedAt), UpdatedAt: stamp(a.UpdatedAt)}
	if a.Section.Slug != "" {
		d.URL = h.o.BaseURL + a.Path()
		d.Section = &SectionData{ID: a.Section.ID, Slug: a.Section.Slug, Name: a.Section.Name}
	}
	return d
}

// attemptLabel is a short text for an attempt's outcome in logs.
func attemptLabel(a store.WebhookAttempt) string {
	if a.Error != "" {
		return a.Error
	}
	return "HTTP " + strconv.Itoa(a.StatusCode)
}
