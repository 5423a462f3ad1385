package newsroom

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

// The live-coverage desk of one article: start and end the coverage, post
// short updates (text, a picture, a quote), and edit, pin or delete each.
// Its script posts without a reload and puts the server's fragment of the
// updates list in place; without it the same forms post and redirect.

const (
	liveTitle      = "لائیو کوریج"
	liveMediaShown = 30 // recent pictures offered in the form
)

// liveKind is one kind of update an editor may pick.
type liveKind struct {
	Value content.LiveKind
	Label string
}

var liveKinds = []liveKind{{content.LiveText, "متن"}, {content.LiveImage, "تصویر"}, {content.LiveQuote, "اقتباس"}}

// liveForm is an update form as the editor filled it, shown again
// untouched when something in it is wrong.
type liveForm struct {
	UpdateID            int64 // 0 for a new update
	Kind                content.LiveKind
	Text, Quote, Source string
	MediaID             int64
}

func parseLiveForm(r *http.Request) liveForm {
	f := liveForm{Kind: content.LiveKind(r.PostFormValue("kind")), Text: strings.TrimSpace(r.PostFormValue("text")),
		Quote: strings.TrimSpace(r.PostFormValue("quote")), Source: strings.TrimSpace(r.PostFormValue("source"))}
	f.MediaID, _ = strconv.ParseInt(strings.TrimSpace(r.PostFormValue("media")), 10, 64)
	return f
}

// mediaChoice is one picture in a form's list.
type mediaChoice struct {
	ID       int64
	Label    string
	Selected bool
}

// liveFields are the fields of an update form, new or editing.
type liveFields struct {
	ID                        string // prefix of the fields' element ids
	Kind                      content.LiveKind
	Text, Quote, Source       string
	Choices                   []mediaChoice
	Kinds                     []liveKind
	TextMax, QuoteMax, SrcMax int
}

// liveRow is one update on the desk with its own edit form.
type liveRow struct {
	content.LiveUpdate
	Thumb  content.MediaVariant
	Fields liveFields
	Open   bool // its edit form holds a refused edit
}

// Body is the update's stored paragraphs (escaped when they were stored).
func (r liveRow) Body() template.HTML { return template.HTML(r.TextHTML) }

// Edited reports whether the words or picture changed after posting.
func (r liveRow) Edited() bool { return r.UpdatedAt.After(r.CreatedAt) }

// KindLabel names the update's kind in Urdu.
func (r liveRow) KindLabel() string {
	for _, k := range liveKinds {
		if k.Value == r.Kind {
			return k.Label
		}
	}
	return string(r.Kind)
}

type livePage struct {
	*page
	Article  content.Article
	Coverage *content.LiveCoverage // nil: never live
	Rows     []liveRow
	New      liveFields // the new update's form
	Problems []string
}

// loadLive reads the article named in the path, if the user may run its
// coverage, and the update named there, if any.
func (n *Newsroom) loadLive(w http.ResponseWriter, r *http.Request, req *request) (content.Article, int64, bool) {
	a, ok := n.loadArticle(w, r, req, auth.RunLiveCoverage)
	if !ok {
		return a, 0, false
	}
	if v := r.PathValue("update"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			n.notFound(w, r, req)
			return a, 0, false
		}
		return a, id, true
	}
	return a, 0, true
}

// livePageData reads everything the desk shows.
func (n *Newsroom) livePageData(r *http.Request, req *request, a content.Article, f liveForm, problems []string) (*livePage, error) {
	ctx := r.Context()
	lp := &livePage{page: n.newPage(r, req, liveTitle+": "+a.Headline), Article: a, Problems: problems}
	c, err := n.store.LiveCoverage(ctx, a.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return nil, err
	default:
		lp.Coverage = &c
	}
	recent, _, err := n.store.MediaList(ctx, "", liveMediaShown, 0)
	if err != nil {
		return nil, err
	}
	choices := func(selected int64, current *content.Media) []mediaChoice {
		out := make([]mediaChoice, 0, len(recent)+1)
		found := selected == 0
		for _, m := range recent {
			out = append(out, mediaChoice{ID: m.ID, Label: mediaLabel(m), Selected: m.ID == selected})
			found = found || m.ID == selected
		}
		if !found {
			label := fmt.Sprintf("نمبر %d", selected)
			if current != nil {
				label = mediaLabel(*current)
			}
			out = append([]mediaChoice{{ID: selected, Label: label, Selected: true}}, out...)
		}
		return out
	}
	fields := func(id string, f liveForm, current *content.Media) liveFields {
		if f.Kind == "" {
			f.Kind = content.LiveText
		}
		return liveFields{ID: id, Kind: f.Kind, Text: f.Text, Quote: f.Quote, Source: f.Source,
			Choices: choices(f.MediaID, current), Kinds: liveKinds,
			TextMax: content.LiveTextMax, QuoteMax: content.LiveQuoteMax, SrcMax: content.LiveSourceMax}
	}
	if f.UpdateID == 0 {
		lp.New = fields("new", f, nil)
	} else {
		lp.New = fields("new", liveForm{}, nil)
	}
	if lp.Coverage != nil {
		list, err := n.store.LiveUpdates(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		pinned := 0
		for _, u := range list {
			row := liveRow{LiveUpdate: u}
			if f.UpdateID == u.ID {
				row.Fields, row.Open = fields(fmt.Sprintf("u%d", u.ID), f, u.Media), true
			} else {
				row.Fields = fields(fmt.Sprintf("u%d", u.ID), liveForm{Kind: u.Kind, Text: u.Text(), Quote: u.Quote,
					Source: u.QuoteSource, MediaID: u.MediaID}, u.Media)
			}
			if u.Media != nil {
				row.Thumb = thumb(u.Media)
			}
			// The pinned updates first, as readers see them.
			if u.Pinned {
				lp.Rows = slices.Insert(lp.Rows, pinned, row)
				pinned++
			} else {
				lp.Rows = append(lp.Rows, row)
			}
		}
	}
	switch r.URL.Query().Get("done") {
	case "started":
		lp.Flash = "لائیو کوریج شروع ہو گئی۔ اپ ڈیٹس شائع کرتے ہی قارئین کے کھلے صفحات پر پہنچ جائیں گی۔"
	case "ended":
		lp.Flash = "لائیو کوریج ختم ہو گئی۔ اپ ڈیٹس صفحے پر موجود رہیں گی۔"
	case "posted":
		lp.Flash = "اپ ڈیٹ شائع ہو گئی۔"
	case "edited":
		lp.Flash = "اپ ڈیٹ میں ترمیم محفوظ ہو گئی۔"
	case "pinned":
		lp.Flash = "اپ ڈیٹ سب سے اوپر لگا دی گئی۔"
	case "unpinned":
		lp.Flash = "اپ ڈیٹ اوپر سے ہٹا دی گئی۔"
	case "deleted":
		lp.Flash = "اپ ڈیٹ حذف کر دی گئی۔"
	}
	return lp, nil
}

// mediaLabel names a picture in a list: its number and caption.
func mediaLabel(m content.Media) string {
	label := m.Caption
	if label == "" {
		label = m.Filename
	}
	if !m.ReadyToPublish() {
		label += " (کیپشن، حوالہ یا متبادل متن باقی)"
	}
	return fmt.Sprintf("نمبر %d — %s", m.ID, label)
}

func (n *Newsroom) showLive(w http.ResponseWriter, r *http.Request, req *request, code int, a content.Article, f liveForm, problems []string) {
	lp, err := n.livePageData(r, req, a, f, problems)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.show(w, code, "live", lp)
}

// liveDesk shows the desk to those who may run live coverage.
func (n *Newsroom) liveDesk(w http.ResponseWriter, r *http.Request, req *request) {
	a, _, ok := n.loadLive(w, r, req)
	if !ok {
		return
	}
	n.showLive(w, r, req, http.StatusOK, a, liveForm{}, nil)
}

// fromScript reports whether the desk's script sent the request: it
// wants the updates list back rather than a redirect.
func fromScript(r *http.Request) bool { return r.Header.Get("X-Requested-With") == "fetch" }

// liveDone answers a change that went through: the script gets the
// updates list to put in place, a browser without it a redirect.
func (n *Newsroom) liveDone(w http.ResponseWriter, r *http.Request, req *request, a content.Article, done string) {
	if !fromScript(r) {
		http.Redirect(w, r, fmt.Sprintf("/newsroom/articles/%d/live?done=%s", a.ID, done), http.StatusSeeOther)
		return
	}
	lp, err := n.livePageData(r, req, a, liveForm{}, nil)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	html, err := n.render.Part("live", "live-desk-updates", lp)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(html))
}

// liveRefused answers a form that cannot be accepted: the script gets the
// problems, a browser the desk again with what the editor typed.
func (n *Newsroom) liveRefused(w http.ResponseWriter, r *http.Request, req *request, code int, a content.Article, f liveForm, problems []string) {
	if fromScript(r) {
		writeJSON(w, code, map[string]any{"error": strings.Join(problems, " "), "problems": problems})
		return
	}
	n.showLive(w, r, req, code, a, f, problems)
}

// liveChanged tells the site, and through it every node and every reader
// with the page open. The change is saved either way; a failure to tell
// is logged.
func (n *Newsroom) liveChanged(r *http.Request, a content.Article) {
	if err := n.site.LiveChanged(r.Context(), a.ID); err != nil {
		n.log.Error("live coverage changed: tell the site", "article", a.ID, "err", err)
	}
}

func (n *Newsroom) startLive(w http.ResponseWriter, r *http.Request, req *request) {
	a, _, ok := n.loadLive(w, r, req)
	if !ok {
		return
	}
	changed, err := n.store.StartLive(r.Context(), a.ID, req.User.ID, n.now())
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if changed {
		n.record(r.Context(), r, req.User.ID, "live_start", "article", a.ID, a.Headline)
		n.liveChanged(r, a)
	}
	http.Redirect(w, r, fmt.Sprintf("/newsroom/articles/%d/live?done=started", a.ID), http.StatusSeeOther)
}

func (n *Newsroom) endLive(w http.ResponseWriter, r *http.Request, req *request) {
	a, _, ok := n.loadLive(w, r, req)
	if !ok {
		return
	}
	changed, err := n.store.EndLive(r.Context(), a.ID, n.now())
	if errors.Is(err, store.ErrNotFound) {
		n.notFound(w, r, req)
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if changed {
		n.record(r.Context(), r, req.User.ID, "live_end", "article", a.ID, a.Headline)
		n.liveChanged(r, a)
	}
	http.Redirect(w, r, fmt.Sprintf("/newsroom/articles/%d/live?done=ended", a.ID), http.StatusSeeOther)
}

// checkLiveForm turns a form into an update, or says in Urdu what is wrong.
func (n *Newsroom) checkLiveForm(r *http.Request, f *liveForm) (content.LiveUpdate, []string, error) {
	var problems []string
	u := content.LiveUpdate{Kind: f.Kind, TextHTML: content.LiveTextHTML(f.Text), MediaID: f.MediaID,
		Quote: f.Quote, QuoteSource: f.Source}
	known := false
	for _, k := range liveKinds {
		known = known || k.Value == f.Kind
	}
	if !known {
		problems = append(problems, "اپ ڈیٹ کی قسم منتخب کریں: متن، تصویر یا اقتباس۔")
		f.Kind = content.LiveText
	}
	text := utf8.RuneCountInString(u.Text())
	switch {
	case f.Kind == content.LiveText && text == 0:
		problems = append(problems, "اپ ڈیٹ کا متن خالی ہے۔ متن لکھیں۔")
	case text > content.LiveTextMax:
		problems = append(problems, fmt.Sprintf("اپ ڈیٹ کا متن %d حروف سے زیادہ نہیں ہو سکتا؛ یہ متن %d حروف کا ہے۔ اسے مختصر کریں۔", content.LiveTextMax, text))
	}
	if f.Kind == content.LiveImage && f.MediaID == 0 {
		problems = append(problems, "تصویر والی اپ ڈیٹ کے لیے فہرست میں سے تصویر منتخب کریں۔")
	}
	if f.MediaID < 0 {
		problems = append(problems, "تصویر فہرست میں سے منتخب کریں۔")
		f.MediaID, u.MediaID = 0, 0
	}
	if f.MediaID > 0 {
		m, err := n.store.Media(r.Context(), f.MediaID)
		switch {
		case errors.Is(err, content.ErrNotFound):
			problems = append(problems, fmt.Sprintf("تصویر نمبر %d موجود نہیں۔", f.MediaID))
		case err != nil:
			return u, nil, err
		case !m.ReadyToPublish():
			problems = append(problems, fmt.Sprintf("تصویر نمبر %d کا کیپشن، حوالہ (فوٹوگرافر یا ایجنسی) یا متبادل متن باقی ہے؛ تصاویر کی لائبریری میں لکھ کر دوبارہ کوشش کریں۔", f.MediaID))
		}
	}
	if f.Kind == content.LiveQuote {
		if f.Quote == "" {
			problems = append(problems, "اقتباس خالی ہے۔ اقتباس لکھیں۔")
		}
		if c := utf8.RuneCountInString(f.Quote); c > content.LiveQuoteMax {
			problems = append(problems, fmt.Sprintf("اقتباس %d حروف سے زیادہ نہیں ہو سکتا؛ یہ %d حروف کا ہے۔", content.LiveQuoteMax, c))
		}
		if c := utf8.RuneCountInString(f.Source); c > content.LiveSourceMax {
			problems = append(problems, fmt.Sprintf("اقتباس کا حوالہ %d حروف سے زیادہ نہیں ہو سکتا۔", content.LiveSourceMax))
		}
	}
	return u, problems, nil
}

// readLiveForm reads and checks an update's form (updateID 0 for a new
// one) for article a. When it reports false it has answered: the form
// again with its problems, or a server error.
func (n *Newsroom) readLiveForm(w http.ResponseWriter, r *http.Request, req *request, a content.Article, updateID int64) (content.LiveUpdate, liveForm, bool) {
	f := parseLiveForm(r)
	f.UpdateID = updateID
	u, problems, err := n.checkLiveForm(r, &f)
	if err != nil {
		n.serverError(w, r, req, err)
		return u, f, false
	}
	if len(problems) > 0 {
		n.liveRefused(w, r, req, http.StatusUnprocessableEntity, a, f, problems)
		return u, f, false
	}
	u.ArticleID = a.ID
	return u, f, true
}

// postLive adds an update to running coverage.
func (n *Newsroom) postLive(w http.ResponseWriter, r *http.Request, req *request) {
	a, _, ok := n.loadLive(w, r, req)
	if !ok {
		return
	}
	u, f, ok := n.readLiveForm(w, r, req, a, 0)
	if !ok {
		return
	}
	u.AuthorID = req.User.ID
	err := n.store.PostLive(r.Context(), &u, n.now())
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrLiveEnded):
		n.liveRefused(w, r, req, http.StatusConflict, a, f, []string{"لائیو کوریج جاری نہیں؛ اپ ڈیٹ شائع کرنے سے پہلے کوریج شروع کریں۔"})
		return
	case errors.Is(err, content.ErrInvalid):
		// The form was checked above: the picture went meanwhile.
		n.liveRefused(w, r, req, http.StatusUnprocessableEntity, a, f, []string{"اپ ڈیٹ شائع نہیں ہو سکی: منتخب تصویر اب موجود نہیں۔"})
		return
	case err != nil:
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "live_update", "article", a.ID, liveDetail(u))
	n.liveChanged(r, a)
	n.liveDone(w, r, req, a, "posted")
}

// liveDetail is an update as the audit log names it.
func liveDetail(u content.LiveUpdate) string {
	return fmt.Sprintf("اپ ڈیٹ %d: %s", u.ID, u.Summary(80))
}

// editLive replaces an update's words or picture.
func (n *Newsroom) editLive(w http.ResponseWriter, r *http.Request, req *request) {
	a, id, ok := n.loadLive(w, r, req)
	if !ok {
		return
	}
	u, f, ok := n.readLiveForm(w, r, req, a, id)
	if !ok {
		return
	}
	u.ID = id
	err := n.store.EditLive(r.Context(), &u, n.now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		n.notFound(w, r, req)
		return
	case errors.Is(err, content.ErrInvalid):
		n.liveRefused(w, r, req, http.StatusUnprocessableEntity, a, f, []string{"ترمیم محفوظ نہیں ہو سکی: منتخب تصویر اب موجود نہیں۔"})
		return
	case err != nil:
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "live_edit", "article", a.ID, liveDetail(u))
	n.liveChanged(r, a)
	n.liveDone(w, r, req, a, "edited")
}

// pinLive puts an update on top of the page (pin=1), with the others
// pinned up to content.LiveMaxPins, or takes it down again.
func (n *Newsroom) pinLive(w http.ResponseWriter, r *http.Request, req *request) {
	a, id, ok := n.loadLive(w, r, req)
	if !ok {
		return
	}
	pin := r.PostFormValue("pin") == "1"
	changed, err := n.store.PinLive(r.Context(), a.ID, id, pin)
	if errors.Is(err, store.ErrNotFound) {
		n.notFound(w, r, req)
		return
	}
	if errors.Is(err, store.ErrTooManyPins) {
		n.liveRefused(w, r, req, http.StatusUnprocessableEntity, a, liveForm{}, []string{fmt.Sprintf(
			"زیادہ سے زیادہ %d اپ ڈیٹس سب سے اوپر لگائی جا سکتی ہیں۔ یہ لگانے سے پہلے کسی اور کو اوپر سے ہٹائیں۔", content.LiveMaxPins)})
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	action, done := "live_pin", "pinned"
	if !pin {
		action, done = "live_unpin", "unpinned"
	}
	if changed {
		n.record(r.Context(), r, req.User.ID, action, "article", a.ID, fmt.Sprintf("اپ ڈیٹ %d", id))
		n.liveChanged(r, a)
	}
	n.liveDone(w, r, req, a, done)
}

// deleteLive takes an update off the page.
func (n *Newsroom) deleteLive(w http.ResponseWriter, r *http.Request, req *request) {
	a, id, ok := n.loadLive(w, r, req)
	if !ok {
		return
	}
	err := n.store.DeleteLive(r.Context(), a.ID, id, n.now())
	if errors.Is(err, store.ErrNotFound) {
		n.notFound(w, r, req)
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "live_delete", "article", a.ID, fmt.Sprintf("اپ ڈیٹ %d", id))
	n.liveChanged(r, a)
	n.liveDone(w, r, req, a, "deleted")
}
