package newsroom

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/events"
	"akhbar/internal/store"
)

// The breaking-news screen: the strip showing now, the form that raises a
// new one (text, an optional story, how long), and the strips before it.
const (
	breakingTitle   = "بریکنگ نیوز"
	breakingStories = 30 // published stories offered as the strip's link
	breakingHistory = 20 // strips listed below the form
)

// breakingChoice is one expiry an editor may pick.
type breakingChoice struct {
	Value, Label string
	For          time.Duration
}

// breakingChoices are the expiries offered, shortest first; the one equal
// to content.DefaultBreakingFor is selected until the editor picks another.
var breakingChoices = []breakingChoice{
	{"15m", "15 منٹ", 15 * time.Minute},
	{"30m", "30 منٹ", 30 * time.Minute},
	{"1h", "1 گھنٹہ", time.Hour},
	{"2h", "2 گھنٹے", 2 * time.Hour},
	{"4h", "4 گھنٹے", 4 * time.Hour},
	{"12h", "12 گھنٹے", 12 * time.Hour},
	{"24h", "24 گھنٹے", 24 * time.Hour},
	{breakingUntil, "مقررہ وقت تک", 0},
}

// breakingUntil is the choice that takes the expiry from the form's
// date and time field instead.
const breakingUntil = "until"

// defaultBreakingChoice is the Value of the choice lasting content.DefaultBreakingFor.
var defaultBreakingChoice = func() string {
	for _, c := range breakingChoices {
		if c.For == content.DefaultBreakingFor {
			return c.Value
		}
	}
	panic("newsroom: no breaking-news expiry choice matches content.DefaultBreakingFor")
}()

func breakingFor(value string) (time.Duration, bool) {
	for _, c := range breakingChoices {
		if c.Value == value {
			return c.For, true
		}
	}
	return 0, false
}

// breakingForm is the raise form as the editor filled it, shown again
// untouched when something in it is wrong.
type breakingForm struct {
	Text      string
	ArticleID int64
	For       string // a breakingChoice Value
	Until     string // datetime-local in the site's zone, for breakingUntil
}

// breakingRow is one strip in the history table.
type breakingRow struct {
	content.Breaking
	Showing bool // on the site now
}

type breakingPage struct {
	*page
	Current  *content.Breaking // nil when no strip shows
	Recent   []breakingRow
	Stories  []content.Article
	Choices  []breakingChoice
	Max      int
	Form     breakingForm
	Problems []string
}

// Urdu messages for a raise form that cannot be accepted.
const (
	breakingEmpty    = "خبر کا متن خالی ہے۔ بریکنگ نیوز کا متن لکھیں۔"
	breakingNoExpiry = "دکھانے کی مدت فہرست میں سے منتخب کریں۔"
	breakingBadStory = "منتخب خبر اب موجود نہیں یا شائع شدہ نہیں۔ کوئی اور خبر منتخب کریں، یا «کوئی خبر نہیں» چنیں۔"
	breakingBadUntil = "بریکنگ نیوز ہٹنے کی تاریخ اور وقت درست لکھیں۔"
	breakingPast     = "بریکنگ نیوز ہٹنے کا وقت گزر چکا ہے۔ آنے والا کوئی وقت منتخب کریں۔"
	breakingTooFar   = "بریکنگ نیوز زیادہ سے زیادہ سات دن تک دکھائی جا سکتی ہے۔ اس سے پہلے کا وقت منتخب کریں۔"
)

func breakingTooLong(count int) string {
	return fmt.Sprintf("خبر کا متن %d حروف سے زیادہ نہیں ہو سکتا؛ یہ متن %d حروف کا ہے۔ اسے مختصر کریں۔", content.BreakingTextMax, count)
}

func (n *Newsroom) showBreaking(w http.ResponseWriter, r *http.Request, req *request, code int, f breakingForm, problems []string) {
	ctx, now := r.Context(), n.now()
	current, err := n.store.CurrentBreaking(ctx, now)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	recent, err := n.store.RecentBreaking(ctx, breakingHistory)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	stories, err := n.store.ListArticles(ctx, store.PublishedArticles().Limit(breakingStories).WithoutBylines())
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	bp := breakingPage{page: n.newPage(r, req, breakingTitle), Current: current, Stories: stories,
		Choices: breakingChoices, Max: content.BreakingTextMax, Form: f, Problems: problems}
	for _, b := range recent {
		bp.Recent = append(bp.Recent, breakingRow{Breaking: b, Showing: b.Active(now)})
	}
	switch r.URL.Query().Get("done") {
	case "raised":
		bp.Flash = "بریکنگ نیوز جاری ہو گئی اور ویب سائٹ کے ہر صفحے پر دکھائی دے رہی ہے۔"
	case "ended":
		bp.Flash = "بریکنگ نیوز ہٹا دی گئی۔"
	}
	n.show(w, code, "breaking", bp)
}

// breaking shows the screen to those who may raise the strip.
func (n *Newsroom) breaking(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageBreaking, nil) {
		n.forbidden(w, r, req)
		return
	}
	n.showBreaking(w, r, req, http.StatusOK, breakingForm{For: defaultBreakingChoice}, nil)
}

// raiseBreaking puts a new strip up at once, taking down any showing.
func (n *Newsroom) raiseBreaking(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageBreaking, nil) {
		n.forbidden(w, r, req)
		return
	}
	// The strip is one line: runs of spaces and line breaks become one space.
	f := breakingForm{Text: content.NormalizeLabel(strings.Join(strings.Fields(r.PostFormValue("text")), " ")),
		For: r.PostFormValue("for"), Until: strings.TrimSpace(r.PostFormValue("until"))}
	var problems []string
	if count := utf8.RuneCountInString(f.Text); count == 0 {
		problems = append(problems, breakingEmpty)
	} else if count > content.BreakingTextMax {
		problems = append(problems, breakingTooLong(count))
	}
	ctx, now := r.Context(), n.now()
	var expires time.Time
	if f.For == breakingUntil {
		at, err := time.ParseInLocation("2006-01-02T15:04", f.Until, n.site.Settings().Location)
		switch {
		case err != nil:
			problems = append(problems, breakingBadUntil)
		case !at.After(now):
			problems = append(problems, breakingPast)
		case at.Sub(now) > content.BreakingLongest:
			problems = append(problems, breakingTooFar)
		default:
			expires = at
		}
	} else if d, ok := breakingFor(f.For); ok {
		expires = now.Add(d)
	} else {
		problems = append(problems, breakingNoExpiry)
		f.For = defaultBreakingChoice
	}
	if v := r.PostFormValue("article"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			problems = append(problems, breakingBadStory)
		} else {
			f.ArticleID = id
		}
	}
	if len(problems) > 0 {
		n.showBreaking(w, r, req, http.StatusUnprocessableEntity, f, problems)
		return
	}
	b := &content.Breaking{Text: f.Text, ArticleID: f.ArticleID, RaisedBy: req.User.ID, ExpiresAt: expires}
	// The strip showing now, if any, is taken down by the new one.
	replaced, err := n.store.CurrentBreaking(ctx, now)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if err := n.store.RaiseBreaking(ctx, b, now); err != nil {
		if !errors.Is(err, content.ErrInvalid) {
			n.serverError(w, r, req, err)
			return
		}
		// Text and expiry were checked above, so the store refused the story
		// (unpublished or deleted since the form was opened), unless a rule
		// there changed: then say only that the strip was not raised.
		msg := "بریکنگ نیوز جاری نہیں ہو سکی: فارم کی معلومات درست نہیں۔"
		if f.ArticleID != 0 {
			msg = breakingBadStory
			f.ArticleID = 0
		}
		n.showBreaking(w, r, req, http.StatusUnprocessableEntity, f, []string{msg})
		return
	}
	n.record(ctx, r, req.User.ID, "breaking_raise", "breaking", b.ID, b.Text)
	n.breakingChanged(r)
	if replaced != nil {
		n.events.Send(ctx, events.Event{Kind: events.BreakingCleared, At: now, BreakingID: replaced.ID, By: req.User.Name})
	}
	n.events.Send(ctx, events.Event{Kind: events.BreakingRaised, At: now, BreakingID: b.ID, By: req.User.Name})
	http.Redirect(w, r, "/newsroom/breaking?done=raised", http.StatusSeeOther)
}

// endBreaking takes a strip down before its expiry.
func (n *Newsroom) endBreaking(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageBreaking, nil) {
		n.forbidden(w, r, req)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		n.notFound(w, r, req)
		return
	}
	now := n.now()
	showing, err := n.store.CurrentBreaking(r.Context(), now)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	err = n.store.EndBreaking(r.Context(), id, now)
	if errors.Is(err, content.ErrNotFound) {
		n.notFound(w, r, req)
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "breaking_end", "breaking", id, "")
	n.breakingChanged(r)
	// Only a strip that was showing is taken down; ending an old one changes nothing.
	if showing != nil && showing.ID == id {
		n.events.Send(r.Context(), events.Event{Kind: events.BreakingCleared, At: now, BreakingID: id, By: req.User.Name})
	}
	http.Redirect(w, r, "/newsroom/breaking?done=ended", http.StatusSeeOther)
}

// breakingChanged tells the site, and through it every node, that the
// strip changed. The change is saved either way; a failure to tell is logged.
func (n *Newsroom) breakingChanged(r *http.Request) {
	if err := n.site.BreakingChanged(r.Context()); err != nil {
		n.log.Error("breaking news changed: tell the site", "err", err)
	}
}
