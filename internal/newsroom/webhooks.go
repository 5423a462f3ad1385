package newsroom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/events"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
	"akhbar/internal/webhooks"
)

// The webhooks screens, for admins: the subscriptions and a form for a
// new one; per subscription its settings, its signing secret, and its
// delivery log with every attempt and a redeliver button.

const (
	webhooksTitle       = "ویب ہکس"
	webhookDescMax      = 200 // characters
	webhookDeliveriesOn = 50  // deliveries listed on a subscription's page
)

// eventLabels name the event kinds in Urdu, in events.Kinds order.
var eventLabels = map[events.Kind]string{
	events.ArticlePublished:   "خبر شائع ہوئی",
	events.ArticleUpdated:     "شائع شدہ خبر میں تبدیلی",
	events.ArticleUnpublished: "خبر کی اشاعت واپس",
	events.ArticleDeleted:     "خبر حذف",
	events.BreakingRaised:     "بریکنگ نیوز جاری",
	events.BreakingCleared:    "بریکنگ نیوز ہٹائی گئی",
}

var deliveryStates = map[string]string{
	store.DeliveryPending:   "بھیجی جا رہی ہے",
	store.DeliveryDelivered: "پہنچ گئی",
	store.DeliveryFailed:    "ناکام (کوششیں ختم)",
}

func init() {
	// The audit log's names for what is done here.
	for action, label := range map[string]string{
		"webhook_create": "نیا ویب ہک", "webhook_update": "ویب ہک میں تبدیلی", "webhook_delete": "ویب ہک حذف",
		"webhook_secret": "ویب ہک کا نیا سیکرٹ", "webhook_redeliver": "ویب ہک دوبارہ بھیجا گیا",
	} {
		actionLabels[action] = label
	}
}

// articleEvent tells the event sink what a save did to a's public state:
// published (it was not before), updated (it was and still is) or
// withdrawn (it was and is no longer).
func (n *Newsroom) articleEvent(ctx context.Context, req *request, before content.Status, a content.Article) {
	kind, ok := events.ArticleKind(before, a.Status)
	if !ok {
		return
	}
	n.events.Send(ctx, events.Event{Kind: kind, At: n.now(), ArticleID: a.ID, By: req.User.Name})
}

// kindChoice is one event kind's checkbox.
type kindChoice struct {
	Value, Label string
	Checked      bool
}

// webhookForm is a subscription's form as filled.
type webhookForm struct {
	URL, Description string
	Kinds            []kindChoice
	Active           bool
}

func newWebhookForm(w store.WebhookSubscription) webhookForm {
	f := webhookForm{URL: w.URL, Description: w.Description, Active: w.Active}
	for _, k := range events.Kinds {
		f.Kinds = append(f.Kinds, kindChoice{Value: string(k), Label: eventLabels[k], Checked: w.Wants(string(k))})
	}
	return f
}

type webhookRow struct {
	store.WebhookSubscription
	KindLabels []string
}

type webhooksPage struct {
	*page
	Subscriptions []webhookRow
	Form          webhookForm
	Problems      []string
	AllowPrivate  bool
}

type attemptRow struct {
	At       time.Time
	OK       bool
	Outcome  string
	Duration string
	Node     string
	Response string
}

type deliveryRow struct {
	store.WebhookDelivery
	KindLabel, StateLabel string
	Pretty                string // the payload, indented
	Log                   []attemptRow
}

type webhookPage struct {
	*page
	Subscription store.WebhookSubscription
	Form         webhookForm
	Problems     []string
	Deliveries   []deliveryRow
	Shown        int
}

// Urdu messages for a subscription form that cannot be accepted.
var (
	webhookURLProblems = map[error]string{
		webhooks.ErrURLInvalid: "ویب ہک کا پتا درست نہیں۔ پورا پتا لکھیں، جیسے https://example.com/akhbar-webhooks",
		webhooks.ErrURLScheme:  "صرف http یا https سے شروع ہونے والے پتے قبول ہیں۔",
		webhooks.ErrURLPrivate: "یہ پتا اسی سرور یا کسی نجی نیٹ ورک کی طرف جاتا ہے؛ حفاظت کے لیے ایسا پتا قبول نہیں۔ انٹرنیٹ پر موجود پتا لکھیں۔",
		webhooks.ErrURLTooLong: "ویب ہک کا پتا بہت طویل ہے۔",
		webhooks.ErrURLUser:    "پتے میں صارف نام یا پاس ورڈ نہ لکھیں؛ پیغامات کی تصدیق سیکرٹ کے دستخط سے ہوتی ہے۔",
	}
	webhookNoKinds  = "کم از کم ایک واقعہ منتخب کریں جس کی اطلاع بھیجی جائے۔"
	webhookLongDesc = fmt.Sprintf("تفصیل %d حروف سے زیادہ نہیں ہو سکتی۔", webhookDescMax)
)

// readWebhookForm reads and checks the form; w gets the accepted values.
func (n *Newsroom) readWebhookForm(r *http.Request, w *store.WebhookSubscription) (webhookForm, []string) {
	w.Description = content.NormalizeLabel(strings.Join(strings.Fields(r.PostFormValue("description")), " "))
	w.Active = r.PostFormValue("active") != ""
	w.Kinds = nil
	for _, k := range events.Kinds {
		if slices.Contains(r.PostForm["kinds"], string(k)) {
			w.Kinds = append(w.Kinds, string(k))
		}
	}
	raw := strings.TrimSpace(r.PostFormValue("url"))
	var problems []string
	clean, err := n.hooks.CheckURL(raw)
	if err != nil {
		msg, ok := webhookURLProblems[err]
		if !ok {
			msg = webhookURLProblems[webhooks.ErrURLInvalid]
		}
		problems = append(problems, msg)
		w.URL = raw
	} else {
		w.URL = clean
	}
	if len(w.Kinds) == 0 {
		problems = append(problems, webhookNoKinds)
	}
	if utf8.RuneCountInString(w.Description) > webhookDescMax {
		problems = append(problems, webhookLongDesc)
	}
	return newWebhookForm(*w), problems
}

// mayWebhooks checks that the screen exists here and the user is an admin.
func (n *Newsroom) mayWebhooks(w http.ResponseWriter, r *http.Request, req *request) bool {
	if n.hooks == nil {
		n.notFound(w, r, req)
		return false
	}
	if !auth.Can(req.User, auth.ManageWebhooks, nil) {
		n.forbidden(w, r, req)
		return false
	}
	return true
}

func (n *Newsroom) showWebhooks(w http.ResponseWriter, r *http.Request, req *request, code int, f webhookForm, problems []string) {
	subs, err := n.store.WebhookSubscriptions(r.Context())
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	wp := webhooksPage{page: n.newPage(r, req, webhooksTitle), Form: f, Problems: problems, AllowPrivate: n.hooks.AllowPrivate()}
	for _, s := range subs {
		row := webhookRow{WebhookSubscription: s}
		for _, k := range s.Kinds {
			row.KindLabels = append(row.KindLabels, eventLabels[events.Kind(k)])
		}
		wp.Subscriptions = append(wp.Subscriptions, row)
	}
	if r.URL.Query().Get("done") == "deleted" {
		wp.Flash = "ویب ہک حذف کر دیا گیا۔"
	}
	n.show(w, code, "webhooks", wp)
}

// webhooks lists the subscriptions, with the form for a new one.
func (n *Newsroom) webhooks(w http.ResponseWriter, r *http.Request, req *request) {
	if !n.mayWebhooks(w, r, req) {
		return
	}
	f := newWebhookForm(store.WebhookSubscription{Active: true})
	for i := range f.Kinds {
		f.Kinds[i].Checked = true
	}
	n.showWebhooks(w, r, req, http.StatusOK, f, nil)
}

// createWebhook subscribes a URL, with a new secret.
func (n *Newsroom) createWebhook(w http.ResponseWriter, r *http.Request, req *request) {
	if !n.mayWebhooks(w, r, req) {
		return
	}
	sub := store.WebhookSubscription{CreatedBy: req.User.ID, Secret: webhooks.NewSecret()}
	f, problems := n.readWebhookForm(r, &sub)
	if len(problems) > 0 {
		n.showWebhooks(w, r, req, http.StatusUnprocessableEntity, f, problems)
		return
	}
	if err := n.store.CreateWebhook(r.Context(), &sub, n.now()); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "webhook_create", "webhook", sub.ID, sub.URL)
	http.Redirect(w, r, fmt.Sprintf("/newsroom/webhooks/%d?done=created", sub.ID), http.StatusSeeOther)
}

// loadWebhook finds the subscription in the path.
func (n *Newsroom) loadWebhook(w http.ResponseWriter, r *http.Request, req *request) (store.WebhookSubscription, bool) {
	if !n.mayWebhooks(w, r, req) {
		return store.WebhookSubscription{}, false
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		n.notFound(w, r, req)
		return store.WebhookSubscription{}, false
	}
	sub, err := n.store.Webhook(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		n.notFound(w, r, req)
		return sub, false
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return sub, false
	}
	return sub, true
}

func (n *Newsroom) showWebhook(w http.ResponseWriter, r *http.Request, req *request, code int, sub store.WebhookSubscription, f webhookForm, problems []string) {
	log, err := n.store.WebhookDeliveries(r.Context(), sub.ID, webhookDeliveriesOn)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	title := webhooksTitle + ": " + sub.URL
	if sub.Description != "" {
		title = webhooksTitle + ": " + sub.Description
	}
	wp := webhookPage{page: n.newPage(r, req, title), Subscription: sub, Form: f, Problems: problems, Shown: webhookDeliveriesOn}
	digits := n.site.Settings().Digits
	for _, d := range log {
		row := deliveryRow{WebhookDelivery: d, KindLabel: eventLabels[events.Kind(d.Kind)], StateLabel: deliveryStates[d.State]}
		var pretty bytes.Buffer
		if json.Indent(&pretty, d.Payload, "", "  ") == nil {
			row.Pretty = pretty.String()
		} else {
			row.Pretty = string(d.Payload)
		}
		for _, a := range d.AttemptLog {
			ar := attemptRow{At: a.At, Node: a.Node, Response: a.Response,
				Duration: urdu.FormatInt(a.Duration.Milliseconds(), digits) + " ملی سیکنڈ",
				OK:       a.Error == "" && a.StatusCode >= 200 && a.StatusCode < 300}
			switch {
			case a.StatusCode != 0:
				ar.Outcome = "HTTP " + strconv.Itoa(a.StatusCode)
				if a.Error != "" {
					ar.Outcome += " · " + a.Error
				}
			default:
				ar.Outcome = a.Error
			}
			row.Log = append(row.Log, ar)
		}
		wp.Deliveries = append(wp.Deliveries, row)
	}
	switch r.URL.Query().Get("done") {
	case "created":
		wp.Flash = "ویب ہک بن گیا۔ نیچے دیا گیا سیکرٹ وصول کرنے والے کو دیں تاکہ وہ ہر پیغام کے دستخط کی تصدیق کر سکے۔"
	case "secret":
		wp.Flash = "نیا سیکرٹ بن گیا؛ اب سے ہر پیغام پر اسی کے دستخط ہوں گے۔ وصول کرنے والے کو نیا سیکرٹ دیں۔"
	case "redelivered":
		wp.Flash = "پیغام دوبارہ بھیجنے کے لیے قطار میں شامل کر دیا گیا۔"
	}
	n.show(w, code, "webhook", wp)
}

// webhook shows one subscription: its form, secret and delivery log.
func (n *Newsroom) webhook(w http.ResponseWriter, r *http.Request, req *request) {
	sub, ok := n.loadWebhook(w, r, req)
	if !ok {
		return
	}
	n.showWebhook(w, r, req, http.StatusOK, sub, newWebhookForm(sub), nil)
}

// updateWebhook saves a subscription's URL, description, kinds and state.
func (n *Newsroom) updateWebhook(w http.ResponseWriter, r *http.Request, req *request) {
	sub, ok := n.loadWebhook(w, r, req)
	if !ok {
		return
	}
	stored := sub
	f, problems := n.readWebhookForm(r, &sub)
	if len(problems) > 0 {
		n.showWebhook(w, r, req, http.StatusUnprocessableEntity, stored, f, problems)
		return
	}
	err := n.store.UpdateWebhook(r.Context(), sub, n.now())
	if errors.Is(err, store.ErrNotFound) {
		n.notFound(w, r, req)
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	detail := sub.URL
	if !sub.Active {
		detail += " (paused)"
	}
	n.record(r.Context(), r, req.User.ID, "webhook_update", "webhook", sub.ID, detail)
	if sub.Active {
		n.hooks.Wake() // resumed: what waited may go now
	}
	http.Redirect(w, r, fmt.Sprintf("/newsroom/webhooks/%d?done=saved", sub.ID), http.StatusSeeOther)
}

// newWebhookSecret replaces a subscription's secret, for when the old
// one leaked or its receiver changed hands.
func (n *Newsroom) newWebhookSecret(w http.ResponseWriter, r *http.Request, req *request) {
	sub, ok := n.loadWebhook(w, r, req)
	if !ok {
		return
	}
	if err := n.store.SetWebhookSecret(r.Context(), sub.ID, webhooks.NewSecret(), n.now()); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "webhook_secret", "webhook", sub.ID, sub.URL)
	http.Redirect(w, r, fmt.Sprintf("/newsroom/webhooks/%d?done=secret", sub.ID), http.StatusSeeOther)
}

// deleteWebhook removes a subscription and its delivery log.
func (n *Newsroom) deleteWebhook(w http.ResponseWriter, r *http.Request, req *request) {
	sub, ok := n.loadWebhook(w, r, req)
	if !ok {
		return
	}
	err := n.store.DeleteWebhook(r.Context(), sub.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "webhook_delete", "webhook", sub.ID, sub.URL)
	http.Redirect(w, r, "/newsroom/webhooks?done=deleted", http.StatusSeeOther)
}

// redeliverWebhook queues one of the subscription's deliveries again:
// the same message (same webhook-id and payload), signed afresh.
func (n *Newsroom) redeliverWebhook(w http.ResponseWriter, r *http.Request, req *request) {
	sub, ok := n.loadWebhook(w, r, req)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("delivery"), 10, 64)
	if err != nil || id <= 0 {
		n.notFound(w, r, req)
		return
	}
	d, err := n.store.WebhookDelivery(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && d.SubscriptionID != sub.ID) {
		n.notFound(w, r, req)
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	newID, err := n.hooks.Redeliver(r.Context(), d.ID)
	if errors.Is(err, store.ErrNotFound) {
		n.notFound(w, r, req)
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "webhook_redeliver", "webhook", sub.ID,
		fmt.Sprintf("%s %s (delivery %d → %d)", d.Kind, d.MessageID, d.ID, newID))
	http.Redirect(w, r, fmt.Sprintf("/newsroom/webhooks/%d?done=redelivered", sub.ID), http.StatusSeeOther)
}
