package webhooks

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"akhbar/internal/store"
)

// Start runs the delivery worker until ctx ends; Wait waits for it to stop.
func (h *Hooks) Start(ctx context.Context) {
	h.wg.Go(func() { h.run(ctx) })
}

// Wait returns when the worker started by Start has stopped.
func (h *Hooks) Wait() { h.wg.Wait() }

// run claims due deliveries whenever a slot is free and there is reason
// to look: an event was queued here (Wake), an attempt ended, or the poll
// interval passed (retries falling due, events queued on other nodes).
func (h *Hooks) run(ctx context.Context) {
	poll := time.NewTicker(h.o.Poll)
	defer poll.Stop()
	done := make(chan struct{}, h.o.Concurrency)
	inflight := 0
	for {
		for inflight < h.o.Concurrency && ctx.Err() == nil {
			want := h.o.Concurrency - inflight
			claim := h.o.Node + "/" + rand.Text()
			batch, err := h.o.Store.ClaimWebhookDeliveries(ctx, time.Now(), h.o.Lease, want, claim)
			if err != nil {
				if ctx.Err() == nil {
					h.log.Error("webhooks: claim deliveries", "err", err)
				}
				break
			}
			for _, d := range batch {
				inflight++
				go func() {
					h.deliver(ctx, d)
					done <- struct{}{}
				}()
			}
			if len(batch) < want {
				break
			}
		}
		select {
		case <-ctx.Done():
			for ; inflight > 0; inflight-- {
				<-done
			}
			return
		case <-done:
			inflight--
		case <-h.wake:
		case <-poll.C:
		}
	}
}

// deliver makes one attempt at d and records it: delivered on a 2xx,
// else due again after a backoff, or failed once the retry window is over.
func (h *Hooks) deliver(ctx context.Context, d store.WebhookDelivery) {
	a, ok := h.attempt(ctx, d)
	state, retryAt := store.DeliveryDelivered, time.Time{}
	switch {
	case ok:
	case ctx.Err() != nil:
		// This node is stopping: not the receiver's fault, try again soon.
		state, retryAt = store.DeliveryPending, time.Now()
	default:
		retryAt = time.Now().Add(h.backoff(d.Attempts))
		state = store.DeliveryPending
		if retryAt.After(d.CreatedAt.Add(h.o.RetryFor)) {
			state = store.DeliveryFailed
		}
	}
	// Record even while stopping: the store closes after the worker ends.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := h.o.Store.FinishWebhookAttempt(rctx, d, a, state, retryAt)
	switch {
	case errors.Is(err, store.ErrLeaseLost):
		h.log.Warn("webhooks: attempt outlived its lease; another node owns the delivery now", "delivery", d.ID, "outcome", attemptLabel(a))
	case err != nil:
		h.log.Error("webhooks: record attempt", "delivery", d.ID, "err", err)
	case state == store.DeliveryFailed:
		h.log.Warn("webhooks: delivery given up", "delivery", d.ID, "url", d.URL, "attempts", d.Attempts+1, "last", attemptLabel(a))
	case state == store.DeliveryPending:
		h.log.Info("webhooks: delivery failed, will retry", "delivery", d.ID, "url", d.URL, "outcome", attemptLabel(a), "retry_at", retryAt)
	}
}

// attempt POSTs d once, signed, and reports whether a 2xx came.
func (h *Hooks) attempt(ctx context.Context, d store.WebhookDelivery) (store.WebhookAttempt, bool) {
	start := time.Now()
	a := store.WebhookAttempt{At: start, Node: h.o.Node}
	finish := func(ok bool) (store.WebhookAttempt, bool) {
		a.Duration = time.Since(start)
		return a, ok
	}
	ts := start.Unix()
	sig, err := Sign(d.Secret, d.MessageID, ts, d.Payload)
	if err != nil {
		a.Error = err.Error()
		return finish(false)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Payload))
	if err != nil {
		a.Error = err.Error()
		return finish(false)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Akhbar-Webhooks/1")
	req.Header.Set("webhook-id", d.MessageID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := h.client.Do(req)
	if err != nil {
		a.Error = err.Error()
		return finish(false)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponse))
	a.StatusCode = resp.StatusCode
	a.Response = keep(body)
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	if err != nil && !ok {
		a.Error = "reading the answer: " + err.Error()
	}
	return finish(ok)
}

// keep is the start of an answer's body for the log: at most ResponseKept
// bytes, cut at a character boundary, invalid UTF-8 replaced.
func keep(b []byte) string {
	if len(b) > ResponseKept {
		b = b[:ResponseKept]
		for i := 0; i < utf8.UTFMax && len(b) > 0 && !utf8.Valid(b); i++ {
			b = b[:len(b)-1]
		}
	}
	// PostgreSQL text holds no NUL.
	return strings.ReplaceAll(strings.ToValidUTF8(string(b), "\uFFFD"), "\x00", "\uFFFD")
}

// backoff is the wait after the (attempts+1)th failure: FirstRetry
// doubled per earlier attempt, capped at MaxRetry, with jitter: a random
// point in its upper half, so deliveries that failed together spread out.
func (h *Hooks) backoff(attempts int) time.Duration {
	d := h.o.FirstRetry
	for range min(attempts, 40) {
		if d >= h.o.MaxRetry {
			break
		}
		d *= 2
	}
	d = min(d, h.o.MaxRetry)
	half := d / 2
	if half <= 0 {
		return d
	}
	j, err := rand.Int(rand.Reader, big.NewInt(int64(half)+1))
	if err != nil {
		return d
	}
	return half + time.Duration(j.Int64())
}
