package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"akhbar/internal/content"
)

// Webhook subscriptions, their delivery queue and the record of every
// attempt (migration 0017). The queue lives in the database so that it
// survives restarts and is shared by every node: a worker claims due
// deliveries with a lease (on PostgreSQL with FOR UPDATE SKIP LOCKED, so
// two nodes never claim the same one) and finishes each with its claim
// token; a delivery whose worker died is due again when the lease ends.

// WebhookSubscription is a URL an admin subscribed to some event kinds.
type WebhookSubscription struct {
	ID          int64
	URL         string
	Description string
	Kinds       []string // event kinds (events.Kind values)
	Secret      string   // whsec_…, the signing key
	Active      bool     // paused subscriptions get no new deliveries and send none
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Filled by WebhookSubscriptions: the queue's state for this URL.
	Pending, Failed int
}

// Wants reports whether the subscription asks for events of kind.
func (w WebhookSubscription) Wants(kind string) bool { return slices.Contains(w.Kinds, kind) }

// Delivery states.
const (
	DeliveryPending   = "pending"   // waiting for its first or next attempt, or in flight
	DeliveryDelivered = "delivered" // a 2xx answer came
	DeliveryFailed    = "failed"    // retried for the whole window, then given up
)

// WebhookDelivery is one event's payload queued for one subscription.
type WebhookDelivery struct {
	ID             int64
	SubscriptionID int64
	MessageID      string // the webhook-id header
	Kind           string
	Payload        []byte
	State          string
	Attempts       int
	CreatedAt      time.Time
	DueAt          time.Time // next attempt (or, while claimed, the lease's end)
	DoneAt         time.Time // when delivered or given up
	RedeliveryOf   int64     // the delivery an admin asked to send again

	// Filled by WebhookDeliveries, oldest first.
	AttemptLog []WebhookAttempt
	// Filled by ClaimWebhookDeliveries: where and how to send it.
	URL, Secret, Claim string
}

// WebhookAttempt is one try at sending a delivery.
type WebhookAttempt struct {
	At         time.Time
	StatusCode int    // 0 when no HTTP answer came
	Error      string // why it failed ("" for a 2xx)
	Response   string // the start of the answer's body
	Duration   time.Duration
	Node       string
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.UnixMilli(n.Int64).UTC()
}

// CreateWebhook stores a new subscription; w.ID and the times are set on success.
func (s *Store) CreateWebhook(ctx context.Context, w *WebhookSubscription, now time.Time) error {
	w.CreatedAt, w.UpdatedAt = now.UTC().Truncate(time.Millisecond), now.UTC().Truncate(time.Millisecond)
	err := s.write.QueryRowContext(ctx, `INSERT INTO webhook_subscriptions
		(url, description, kinds, secret, active, created_by, created_ms, updated_ms)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
		w.URL, w.Description, strings.Join(w.Kinds, " "), w.Secret, w.Active, nullID(w.CreatedBy), ms(now)).Scan(&w.ID)
	s.queries.Add(1)
	if err != nil {
		return fmt.Errorf("store: create webhook: %w", err)
	}
	return nil
}

// UpdateWebhook changes a subscription's URL, description, kinds and
// whether it is active (not its secret: SetWebhookSecret).
func (s *Store) UpdateWebhook(ctx context.Context, w WebhookSubscription, now time.Time) error {
	res, err := s.exec(ctx, `UPDATE webhook_subscriptions SET url = $2, description = $3, kinds = $4, active = $5, updated_ms = $6
		WHERE id = $1`, w.ID, w.URL, w.Description, strings.Join(w.Kinds, " "), w.Active, ms(now))
	return affectedOne(res, err, fmt.Sprintf("update webhook %d", w.ID))
}

// SetWebhookSecret replaces a subscription's signing secret.
func (s *Store) SetWebhookSecret(ctx context.Context, id int64, secret string, now time.Time) error {
	res, err := s.exec(ctx, `UPDATE webhook_subscriptions SET secret = $2, updated_ms = $3 WHERE id = $1`, id, secret, ms(now))
	return affectedOne(res, err, fmt.Sprintf("webhook %d secret", id))
}

// DeleteWebhook removes a subscription with its deliveries and their attempts.
func (s *Store) DeleteWebhook(ctx context.Context, id int64) error {
	res, err := s.exec(ctx, `DELETE FROM webhook_subscriptions WHERE id = $1`, id)
	return affectedOne(res, err, fmt.Sprintf("delete webhook %d", id))
}

func affectedOne(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return nil
}

const webhookColumns = `w.id, w.url, w.description, w.kinds, w.secret, w.active, w.created_by, w.created_ms, w.updated_ms`

func scanWebhook(sc interface{ Scan(...any) error }, extra ...any) (WebhookSubscription, error) {
	var w WebhookSubscription
	var kinds string
	var by, created, updated sql.NullInt64
	err := sc.Scan(append([]any{&w.ID, &w.URL, &w.Description, &kinds, &w.Secret, &w.Active, &by, &created, &updated}, extra...)...)
	w.Kinds = strings.Fields(kinds)
	w.CreatedBy, w.CreatedAt, w.UpdatedAt = by.Int64, fromMS(created), fromMS(updated)
	return w, err
}

// Webhook returns one subscription.
func (s *Store) Webhook(ctx context.Context, id int64) (WebhookSubscription, error) {
	w, err := scanWebhook(s.queryRow(ctx, `SELECT `+webhookColumns+` FROM webhook_subscriptions w WHERE w.id = $1`, id))
	if err != nil {
		return w, notFound(err, fmt.Sprintf("webhook %d", id))
	}
	return w, nil
}

// WebhookSubscriptions lists every subscription, oldest first, with the
// number of its deliveries pending and failed.
func (s *Store) WebhookSubscriptions(ctx context.Context) ([]WebhookSubscription, error) {
	rows, err := s.query(ctx, `SELECT `+webhookColumns+`,
			(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.subscription_id = w.id AND d.state = 'pending'),
			(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.subscription_id = w.id AND d.state = 'failed')
		FROM webhook_subscriptions w ORDER BY w.id`)
	if err != nil {
		return nil, fmt.Errorf("store: webhooks: %w", err)
	}
	defer rows.Close()
	var out []WebhookSubscription
	for rows.Next() {
		var pending, failed int
		w, err := scanWebhook(rows, &pending, &failed)
		if err != nil {
			return nil, fmt.Errorf("store: webhooks: %w", err)
		}
		w.Pending, w.Failed = pending, failed
		out = append(out, w)
	}
	return out, rows.Err()
}

// WebhookWanted reports whether an active subscription wants kind, from
// the read pool: most sites have none, and an event then costs this one
// query rather than building a payload and opening a write transaction.
func (s *Store) WebhookWanted(ctx context.Context, kind string) (bool, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT kinds FROM webhook_subscriptions WHERE active = TRUE`)
	if err != nil {
		return false, fmt.Errorf("store: webhook subscriptions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kinds string
		if err := rows.Scan(&kinds); err != nil {
			return false, fmt.Errorf("store: webhook subscriptions: %w", err)
		}
		if slices.Contains(strings.Fields(kinds), kind) {
			return true, nil
		}
	}
	return false, rows.Err()
}

// EnqueueWebhookDeliveries queues, in one transaction, one delivery of
// payload for each active subscription that wants kind, due at now, and
// returns them. A subscription paused or deleted meanwhile gets nothing.
// messageID is called once per delivery for its webhook-id.
func (s *Store) EnqueueWebhookDeliveries(ctx context.Context, kind string, payload []byte, now time.Time, messageID func() string) ([]WebhookDelivery, error) {
	var out []WebhookDelivery
	err := s.tx(ctx, func(t *txn) error {
		rows, err := t.query(ctx, `SELECT w.id, w.kinds FROM webhook_subscriptions w WHERE w.active = TRUE ORDER BY w.id`)
		if err != nil {
			return err
		}
		var subs []int64
		for rows.Next() {
			var id int64
			var kinds string
			if err := rows.Scan(&id, &kinds); err != nil {
				rows.Close()
				return err
			}
			if slices.Contains(strings.Fields(kinds), kind) {
				subs = append(subs, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, sub := range subs {
			d := WebhookDelivery{SubscriptionID: sub, MessageID: messageID(), Kind: kind, Payload: payload,
				State: DeliveryPending, CreatedAt: time.UnixMilli(ms(now)).UTC(), DueAt: time.UnixMilli(ms(now)).UTC()}
			if err := t.queryRow(ctx, `INSERT INTO webhook_deliveries (subscription_id, message_id, kind, payload, state, created_ms, due_ms)
				VALUES ($1, $2, $3, $4, 'pending', $5, $5) RETURNING id`, sub, d.MessageID, kind, string(payload), ms(now)).Scan(&d.ID); err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: enqueue %s webhooks: %w", kind, err)
	}
	return out, nil
}

// RedeliverWebhook queues delivery id's payload again, as a new delivery
// of the same message (same webhook-id, so a receiver that already has
// it can tell), due at now. It returns the new delivery's id.
func (s *Store) RedeliverWebhook(ctx context.Context, id int64, now time.Time) (int64, error) {
	var newID int64
	err := s.write.QueryRowContext(ctx, `INSERT INTO webhook_deliveries
		(subscription_id, message_id, kind, payload, state, created_ms, due_ms, redelivery_of)
		SELECT subscription_id, message_id, kind, payload, 'pending', $2, $2, id FROM webhook_deliveries WHERE id = $1
		RETURNING id`, id, ms(now)).Scan(&newID)
	s.queries.Add(1)
	if err != nil {
		return 0, notFound(err, fmt.Sprintf("redeliver webhook delivery %d", id))
	}
	return newID, nil
}

// ClaimWebhookDeliveries claims up to limit pending deliveries that are
// due at now, for subscriptions still active, oldest due first: each is
// leased until now+lease under a fresh claim token, which
// FinishWebhookAttempt needs. On PostgreSQL the rows are chosen with
// FOR UPDATE SKIP LOCKED, so nodes claiming at once never share one; on
// SQLite the single writer connection serializes claims. Claims are
// the worker's polling, not anyone's page: QueryCount leaves them out,
// so a test counting a page's queries is not disturbed by them.
func (s *Store) ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int, claim string) ([]WebhookDelivery, error) {
	lock := ""
	if s.engine == Postgres {
		lock = ` FOR UPDATE OF d SKIP LOCKED`
	}
	// Most polls find nothing: look on the read pool before taking the
	// write lock (SQLite) or opening a transaction.
	var one int
	// (A paused subscription's deliveries wait: they must not make every
	// poll open a transaction that claims nothing.)
	err := s.read.QueryRowContext(ctx, `SELECT 1 FROM webhook_deliveries d
		JOIN webhook_subscriptions w ON w.id = d.subscription_id AND w.active = TRUE
		WHERE d.state = 'pending' AND d.due_ms <= $1 LIMIT 1`, ms(now)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: claim webhook deliveries: %w", err)
	}
	var out []WebhookDelivery
	err = s.tx(ctx, func(t *txn) error {
		rows, err := t.QueryContext(ctx, `SELECT d.id FROM webhook_deliveries d
			JOIN webhook_subscriptions w ON w.id = d.subscription_id
			WHERE d.state = 'pending' AND d.due_ms <= $1 AND w.active = TRUE
			ORDER BY d.due_ms, d.id LIMIT $2`+lock, ms(now), limit)
		if err != nil {
			return err
		}
		var ids []any
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return err
		}
		args := append([]any{ms(now.Add(lease)), claim}, ids...)
		if _, err := t.ExecContext(ctx, `UPDATE webhook_deliveries SET due_ms = $1, claim = $2
			WHERE id IN (`+placeholders(3, len(ids))+`)`, args...); err != nil {
			return err
		}
		rows, err = t.QueryContext(ctx, `SELECT d.id, d.subscription_id, d.message_id, d.kind, d.payload, d.attempts, d.created_ms, d.due_ms,
				w.url, w.secret
			FROM webhook_deliveries d JOIN webhook_subscriptions w ON w.id = d.subscription_id
			WHERE d.claim = $1 ORDER BY d.id`, claim)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d WebhookDelivery
			var payload string
			var created, due sql.NullInt64
			if err := rows.Scan(&d.ID, &d.SubscriptionID, &d.MessageID, &d.Kind, &payload, &d.Attempts, &created, &due,
				&d.URL, &d.Secret); err != nil {
				return err
			}
			d.Payload, d.State, d.Claim = []byte(payload), DeliveryPending, claim
			d.CreatedAt, d.DueAt = fromMS(created), fromMS(due)
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim webhook deliveries: %w", err)
	}
	return out, nil
}

// ErrLeaseLost is returned by FinishWebhookAttempt when the delivery's
// lease ran out and another worker claimed it (or it was finished): the
// attempt is recorded, the delivery's state is left to its new owner.
var ErrLeaseLost = errors.New("store: webhook delivery lease lost")

// FinishWebhookAttempt records attempt a at claimed delivery d and moves
// d on: to state (DeliveryDelivered or DeliveryFailed), or, for
// DeliveryPending, back to the queue due at retryAt.
func (s *Store) FinishWebhookAttempt(ctx context.Context, d WebhookDelivery, a WebhookAttempt, state string, retryAt time.Time) error {
	var done any
	due := ms(retryAt)
	if state != DeliveryPending {
		done, due = ms(a.At.Add(a.Duration)), ms(a.At)
	}
	lost := false
	err := s.tx(ctx, func(t *txn) error {
		if _, err := t.exec(ctx, `INSERT INTO webhook_attempts (delivery_id, at_ms, status_code, error, response, duration_ms, node)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, d.ID, ms(a.At), a.StatusCode, a.Error, a.Response, a.Duration.Milliseconds(), a.Node); err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE webhook_deliveries SET state = $3, attempts = attempts + 1, due_ms = $4, done_ms = $5, claim = NULL
			WHERE id = $1 AND claim = $2 AND state = 'pending'`, d.ID, d.Claim, state, due, done)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		lost = err == nil && n == 0
		return err
	})
	if err != nil {
		return fmt.Errorf("store: finish webhook delivery %d: %w", d.ID, err)
	}
	if lost {
		return fmt.Errorf("store: finish webhook delivery %d: %w", d.ID, ErrLeaseLost)
	}
	return nil
}

// WebhookDelivery returns one delivery (without its attempts).
func (s *Store) WebhookDelivery(ctx context.Context, id int64) (WebhookDelivery, error) {
	list, err := s.webhookDeliveries(ctx, `WHERE d.id = $1`, id)
	if err != nil {
		return WebhookDelivery{}, err
	}
	if len(list) == 0 {
		return WebhookDelivery{}, fmt.Errorf("store: webhook delivery %d: %w", id, ErrNotFound)
	}
	return list[0], nil
}

// WebhookDeliveries lists a subscription's newest deliveries, newest
// first, each with its attempts, oldest first.
func (s *Store) WebhookDeliveries(ctx context.Context, subscriptionID int64, limit int) ([]WebhookDelivery, error) {
	list, err := s.webhookDeliveries(ctx, `WHERE d.subscription_id = $1 ORDER BY d.id DESC LIMIT $2`, subscriptionID, limit)
	if err != nil || len(list) == 0 {
		return list, err
	}
	ids := make([]any, len(list))
	at := map[int64]int{}
	for i, d := range list {
		ids[i], at[d.ID] = d.ID, i
	}
	rows, err := s.query(ctx, `SELECT delivery_id, at_ms, status_code, error, response, duration_ms, node FROM webhook_attempts
		WHERE delivery_id IN (`+placeholders(1, len(ids))+`) ORDER BY id`, ids...)
	if err != nil {
		return nil, fmt.Errorf("store: webhook attempts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a WebhookAttempt
		var when sql.NullInt64
		var dur int64
		if err := rows.Scan(&id, &when, &a.StatusCode, &a.Error, &a.Response, &dur, &a.Node); err != nil {
			return nil, fmt.Errorf("store: webhook attempts: %w", err)
		}
		a.At, a.Duration = fromMS(when), time.Duration(dur)*time.Millisecond
		list[at[id]].AttemptLog = append(list[at[id]].AttemptLog, a)
	}
	return list, rows.Err()
}

func (s *Store) webhookDeliveries(ctx context.Context, where string, args ...any) ([]WebhookDelivery, error) {
	rows, err := s.query(ctx, `SELECT d.id, d.subscription_id, d.message_id, d.kind, d.payload, d.state, d.attempts,
			d.created_ms, d.due_ms, d.done_ms, d.redelivery_of
		FROM webhook_deliveries d `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: webhook deliveries: %w", err)
	}
	defer rows.Close()
	var out []WebhookDelivery
	for rows.Next() {
		var d WebhookDelivery
		var payload string
		var created, due, done, of sql.NullInt64
		if err := rows.Scan(&d.ID, &d.SubscriptionID, &d.MessageID, &d.Kind, &payload, &d.State, &d.Attempts,
			&created, &due, &done, &of); err != nil {
			return nil, fmt.Errorf("store: webhook deliveries: %w", err)
		}
		d.Payload, d.RedeliveryOf = []byte(payload), of.Int64
		d.CreatedAt, d.DueAt, d.DoneAt = fromMS(created), fromMS(due), fromMS(done)
		out = append(out, d)
	}
	return out, rows.Err()
}

// Breaking returns one breaking-news strip by id, with its linked
// article when that is still published (for webhook payloads).
func (s *Store) Breaking(ctx context.Context, id int64) (content.Breaking, error) {
	b, err := scanBreaking(s.queryRow(ctx, `SELECT `+breakingColumns+` FROM breaking_news b WHERE b.id = $1`, id))
	if err != nil {
		return b, notFound(err, fmt.Sprintf("breaking news %d", id))
	}
	if b.ArticleID != 0 {
		a, err := s.Article(ctx, b.ArticleID)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return b, err
		case a.Status == content.StatusPublished:
			b.Article = &a
		}
	}
	return b, nil
}
