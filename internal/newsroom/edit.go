package newsroom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/editing"
	"akhbar/internal/events"
	"akhbar/internal/urdu"
)

// articleForm is the editor's form as submitted.
type articleForm struct {
	Headline, Strapline, Source, Place, Body, Tags, Slug string
	Language                                             string
	SectionID, LeadMediaID, TranslationOf                int64
	LeadQuery, OriginalQuery                             string // the pickers' searches without script
	AuthorIDs                                            []int64
	Version                                              int
	Action                                               string
	// The publication time for «اشاعت کا وقت طے کریں», in the site's zone,
	// as typed: day, month (1–12), year, hour (0–23) and minute, in Latin
	// or Urdu digits.
	PublishDay, PublishMonth, PublishYear, PublishHour, PublishMinute string
	// Proof is the value of the proofing button pressed: "all" or one
	// finding's key. Such a press fixes the text and saves nothing.
	Proof string
}

func parseArticleForm(r *http.Request) articleForm {
	f := articleForm{
		Headline:  strings.TrimSpace(r.PostFormValue("headline")),
		Strapline: strings.TrimSpace(r.PostFormValue("strapline")),
		Source:    strings.TrimSpace(r.PostFormValue("dateline_source")),
		Place:     strings.TrimSpace(r.PostFormValue("dateline_place")),
		Body:      r.PostFormValue("body"),
		Tags:      r.PostFormValue("tags"),
		Slug:      strings.TrimSpace(r.PostFormValue("slug")),
		Action:    r.PostFormValue("action"),
		Language:  r.PostFormValue("language"),
		Proof:     r.PostFormValue("proof"),

		PublishDay:    strings.TrimSpace(r.PostFormValue("publish_day")),
		PublishMonth:  strings.TrimSpace(r.PostFormValue("publish_month")),
		PublishYear:   strings.TrimSpace(r.PostFormValue("publish_year")),
		PublishHour:   strings.TrimSpace(r.PostFormValue("publish_hour")),
		PublishMinute: strings.TrimSpace(r.PostFormValue("publish_minute")),
	}
	f.TranslationOf, _ = strconv.ParseInt(strings.TrimSpace(r.PostFormValue("translation_of")), 10, 64)
	f.OriginalQuery = r.PostFormValue("original_q")
	f.SectionID, _ = strconv.ParseInt(r.PostFormValue("section"), 10, 64)
	f.LeadMediaID, _ = strconv.ParseInt(strings.TrimSpace(r.PostFormValue("lead_media")), 10, 64)
	f.LeadQuery = r.PostFormValue("lead_q")
	f.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	for _, v := range r.PostForm["authors"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			f.AuthorIDs = append(f.AuthorIDs, id)
		}
	}
	return f
}

// actions: what each button does to the article's state, and the
// permission it needs.
var actions = map[string]struct {
	to   content.Status // "" keeps the state
	need auth.Action
	done string
}{
	"save":      {"", auth.EditArticle, "saved"},
	"submit":    {content.StatusSubmitted, auth.SubmitArticle, "submitted"},
	"publish":   {content.StatusPublished, auth.PublishArticle, "published"},
	"schedule":  {content.StatusScheduled, auth.PublishArticle, "scheduled"},
	"unpublish": {content.StatusUnpublished, auth.UnpublishArticle, "unpublished"},
	"draft":     {content.StatusDraft, auth.EditArticle, "draft"},
}

type editPage struct {
	*page
	Article  content.Article
	New      bool
	Form     articleForm
	Sections []content.Section
	// CanManageSections: the user may make the first section (the hint
	// shown while there is none links to the sections screen).
	CanManageSections bool
	Languages         []content.Language
	Users             []content.User
	Problems          []string
	Conflict          bool
	Buttons           []button
	AutosaveURL       string
	CanPreview        bool
	CanDelete         bool
	CanLive           bool // may run the article's live coverage
	Pick              pickers
	// Proof is the proofing advice on the form's text; nil when the user
	// may not edit the article.
	Proof *proofView
	// Unsaved: the form shows text the server has not stored (a refused
	// save, a proofing fix), so leaving the page must warn.
	Unsaved bool
	// The publish-time picker: month names, hours and the site's zone in Urdu.
	Months, Hours []option
	Zone          string
}

type button struct {
	Action, Label, Class string
}

// formFromArticle fills the form from a stored article.
func (n *Newsroom) formFromArticle(a content.Article) articleForm {
	f := articleForm{Headline: a.Headline, Strapline: a.Strapline, Source: a.DatelineSource, Place: a.DatelinePlace,
		Body: a.BodyHTML, Slug: a.Slug, SectionID: a.SectionID, Version: a.Version, LeadMediaID: a.LeadMediaID,
		Language: a.Language, TranslationOf: a.TranslationOf}
	var tags []string
	for _, t := range a.Tags {
		tags = append(tags, t.Name)
	}
	f.Tags = strings.Join(tags, "، ")
	for _, u := range a.Authors {
		f.AuthorIDs = append(f.AuthorIDs, u.ID)
	}
	if a.Status == content.StatusScheduled && !a.PublishedAt.IsZero() {
		st := n.site.Settings()
		t := a.PublishedAt.In(st.Location)
		f.PublishDay = urdu.FormatInt(int64(t.Day()), st.Digits)
		f.PublishMonth = strconv.Itoa(int(t.Month()))
		f.PublishYear = urdu.FormatInt(int64(t.Year()), st.Digits)
		f.PublishHour = strconv.Itoa(t.Hour())
		f.PublishMinute = urdu.ApplyDigits(fmt.Sprintf("%02d", t.Minute()), st.Digits)
	}
	return f
}

// showEditor renders the editor for a (new when a.ID is 0) with form f.
func (n *Newsroom) showEditor(w http.ResponseWriter, r *http.Request, req *request, code int, a content.Article, f articleForm, problems []string, conflict bool) {
	n.renderEditor(w, r, req, code, a, f, problems, conflict, "")
}

// renderEditor is showEditor with a note on the proofing advice, said
// after a proofing fix.
func (n *Newsroom) renderEditor(w http.ResponseWriter, r *http.Request, req *request, code int, a content.Article, f articleForm, problems []string, conflict bool, proofNote string) {
	ctx := r.Context()
	title := "نیا مضمون"
	if a.ID != 0 {
		title = "ترمیم: " + a.Headline
	}
	ep := editPage{page: n.newPage(r, req, title), Article: a, New: a.ID == 0, Form: f, Problems: problems, Conflict: conflict,
		Unsaved: r.Method == http.MethodPost}
	if (a.ID == 0 && auth.Can(req.User, auth.CreateArticle, nil)) || (a.ID != 0 && auth.Can(req.User, auth.EditArticle, &a)) {
		ep.Proof = proofAdvice(f)
		ep.Proof.Note = proofNote
	}
	st := n.site.Settings()
	for i, m := range urdu.MonthNames {
		ep.Months = append(ep.Months, option{strconv.Itoa(i + 1), m})
	}
	for h := range 24 {
		ep.Hours = append(ep.Hours, option{strconv.Itoa(h), urdu.HourName(h, st.Digits)})
	}
	ep.Zone = urdu.ZoneName(st.Location, n.now(), st.Digits)
	var err error
	ep.Languages = content.Languages
	if ep.Sections, err = n.store.Sections(ctx); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	// Nested sections show under their parents, indented.
	tree := editing.Tree(ep.Sections)
	ep.Sections = ep.Sections[:0]
	for _, s := range tree {
		s.Name = strings.Repeat("— ", s.Depth) + s.Name
		ep.Sections = append(ep.Sections, s.Section)
	}
	ep.CanManageSections = auth.Can(req.User, auth.ManageSections, nil)
	if ep.Users, err = n.store.Users(ctx); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if err := n.fillPickers(ctx, &ep, req.User, f); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	ep.Buttons = n.buttons(req.User, &a)
	if a.ID != 0 {
		ep.CanPreview = auth.Can(req.User, auth.ViewArticle, &a)
		ep.CanDelete = auth.Can(req.User, auth.DeleteArticle, &a)
		ep.CanLive = auth.Can(req.User, auth.RunLiveCoverage, &a)
		if !a.Status.Live() && a.Status != content.StatusScheduled && auth.Can(req.User, auth.EditArticle, &a) {
			ep.AutosaveURL = fmt.Sprintf("/newsroom/articles/%d/autosave", a.ID)
		}
	}
	n.show(w, code, "edit", ep)
}

// buttons lists the actions this user may take on a in its current state.
func (n *Newsroom) buttons(u content.User, a *content.Article) []button {
	labels := []button{
		{"save", "محفوظ کریں", "btn"},
		{"submit", "نظرِ ثانی کے لیے پیش کریں", "btn"},
		{"schedule", "اشاعت کا وقت طے کریں", "btn"},
		{"publish", "شائع کریں", "btn btn-primary"},
		{"draft", "مسودے میں واپس", "btn"},
		{"unpublish", "اشاعت واپس لیں", "btn btn-danger"},
	}
	var out []button
	for _, b := range labels {
		act := actions[b.Action]
		from := a.Status
		if a.ID == 0 {
			from = content.StatusDraft
		}
		if act.to != "" && !content.CanTransition(from, act.to) {
			continue
		}
		// every button but unpublish also saves the form, so it needs EditArticle too
		if auth.Can(u, act.need, a) && (b.Action == "unpublish" || auth.Can(u, auth.EditArticle, a)) {
			if b.Action == "save" && a.Status == content.StatusPublished {
				b.Label = "تبدیلیاں شائع کریں"
			}
			out = append(out, b)
		}
	}
	return out
}

// applyForm validates f and copies it onto a, returning the bylines and
// tags to store and the problems to show (in Urdu).
func (n *Newsroom) applyForm(ctx context.Context, a *content.Article, f articleForm, creator int64) (authors, tags []int64, problems []string, err error) {
	a.Headline = content.NormalizeLabel(f.Headline)
	a.Strapline = content.NormalizeLabel(f.Strapline)
	a.DatelineSource = content.NormalizeLabel(f.Source)
	a.DatelinePlace = content.NormalizeLabel(f.Place)
	a.BodyHTML = content.PrepareBody(f.Body)
	a.BodyText = content.PlainText(a.BodyHTML)
	a.SectionID = f.SectionID
	a.LeadMediaID = f.LeadMediaID
	if p, err := editing.Lead(ctx, n.store, a); err != nil {
		return nil, nil, nil, err
	} else if p != "" {
		problems = append(problems, p)
	}
	if a.Headline == "" {
		problems = append(problems, editing.NoHeadline)
	}
	if len(a.Headline) > editing.MaxHeadlineBytes || len(a.Strapline) > editing.MaxStraplineBytes {
		problems = append(problems, editing.TooLong)
	}
	sections, err := n.store.Sections(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	known := false
	for _, s := range sections {
		known = known || s.ID == a.SectionID
	}
	if !known {
		problems = append(problems, editing.NoSection)
	}
	if f.Slug != "" {
		a.Slug = urdu.Slug(f.Slug)
	} else if a.Slug == "" || !a.Status.Live() {
		a.Slug = urdu.Slug(a.Headline)
	}
	switch {
	case f.Language == "" && a.Language == "":
		a.Language = "ur"
	case f.Language != "" && !content.KnownLanguage(f.Language):
		problems = append(problems, editing.NoLanguage)
	case f.Language != "":
		a.Language = f.Language
	}
	a.TranslationOf = f.TranslationOf
	if p := editing.Translation(ctx, n.store, a); p != "" {
		problems = append(problems, p)
	}
	authors = f.AuthorIDs
	if len(authors) == 0 && creator != 0 {
		authors = []int64{creator}
	}
	if len(authors) > editing.MaxAuthors {
		problems = append(problems, editing.TooManyAuthors)
	} else {
		// A byline names accounts; one that does not exist (a stale form,
		// a crafted post) is the writer's problem to fix, not a 500.
		for _, id := range f.AuthorIDs {
			if _, err := n.store.UserByID(ctx, id); errors.Is(err, content.ErrNotFound) {
				problems = append(problems, "منتخب مصنفین میں سے ایک اب موجود نہیں؛ بائی لائن دوبارہ منتخب کریں۔")
				break
			} else if err != nil {
				return nil, nil, nil, err
			}
		}
	}
	names := editing.SplitTags(f.Tags)
	if len(names) > editing.MaxTags {
		problems = append(problems, editing.TooManyTags)
		names = names[:editing.MaxTags]
	}
	if len(problems) > 0 {
		return authors, nil, problems, nil
	}
	tags, err = editing.Tags(ctx, n.store, names)
	return authors, tags, nil, err
}

// transition moves a to the action's state, checking permission and the
// workflow, and sets the publication time (from f when scheduling). It
// returns a problem to show.
func (n *Newsroom) transition(u content.User, a *content.Article, action string, f articleForm) (code int, problem string) {
	act, ok := actions[action]
	if !ok {
		return http.StatusBadRequest, "نامعلوم کارروائی۔"
	}
	if !auth.Can(u, act.need, a) {
		return http.StatusForbidden, "آپ کو یہ کام کرنے کی اجازت نہیں۔"
	}
	if act.to == "" || act.to == a.Status && a.ID != 0 {
		return 0, ""
	}
	now := n.now()
	var at time.Time
	if act.to == content.StatusScheduled {
		var problem string
		if at, problem = n.publishTime(f); problem != "" {
			return http.StatusUnprocessableEntity, problem
		}
		if !at.After(now) {
			st := n.site.Settings()
			return http.StatusUnprocessableEntity, "اشاعت کا وقت مستقبل میں ہونا چاہیے؛ اس وقت " +
				urdu.FormatDate(now, st.Location, urdu.DayMonthYearTime, st.Digits) + " ہے۔"
		}
	}
	if problem := editing.Move(a, act.to, at, now); problem != "" {
		return http.StatusConflict, problem
	}
	return 0, ""
}

func (n *Newsroom) newArticle(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.CreateArticle, nil) {
		n.forbidden(w, r, req)
		return
	}
	a := content.Article{Status: content.StatusDraft}
	n.showEditor(w, r, req, http.StatusOK, a, articleForm{AuthorIDs: []int64{req.User.ID}}, nil, false)
}

func (n *Newsroom) createArticle(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.CreateArticle, nil) {
		n.forbidden(w, r, req)
		return
	}
	a := content.Article{Status: content.StatusDraft, CreatedBy: req.User.ID}
	n.save(w, r, req, a, parseArticleForm(r))
}

func (n *Newsroom) loadArticle(w http.ResponseWriter, r *http.Request, req *request, need auth.Action) (content.Article, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		n.notFound(w, r, req)
		return content.Article{}, false
	}
	a, err := n.store.Article(r.Context(), id)
	if errors.Is(err, content.ErrNotFound) {
		n.notFound(w, r, req)
		return a, false
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return a, false
	}
	if !auth.Can(req.User, need, &a) {
		n.forbidden(w, r, req)
		return a, false
	}
	return a, true
}

func (n *Newsroom) editArticle(w http.ResponseWriter, r *http.Request, req *request) {
	a, ok := n.loadArticle(w, r, req, auth.ViewArticle)
	if !ok {
		return
	}
	n.showEditor(w, r, req, http.StatusOK, a, n.formFromArticle(a), nil, false)
}

func (n *Newsroom) saveArticle(w http.ResponseWriter, r *http.Request, req *request) {
	a, ok := n.loadArticle(w, r, req, auth.ViewArticle)
	if !ok {
		return
	}
	n.save(w, r, req, a, parseArticleForm(r))
}

// save applies the form and the chosen action to a and stores it. A form
// read at an older version is refused (the article changed meanwhile);
// the writer's text stays on screen and is kept as a revision.
func (n *Newsroom) save(w http.ResponseWriter, r *http.Request, req *request, a content.Article, f articleForm) {
	ctx := r.Context()
	if f.Proof != "" {
		n.proofFix(w, r, req, a, f)
		return
	}
	if f.Action == "" {
		f.Action = "save"
	}
	if isFind(f.Action) {
		// A picker's search without script: the same form again, as typed,
		// with the matches to choose from; nothing is saved.
		n.showEditor(w, r, req, http.StatusOK, a, f, nil, false)
		return
	}
	before := a.Status
	wasLive := before.Live()
	edit := f.Action != "unpublish" // unpublishing changes nothing but the state
	if edit && a.ID != 0 && !auth.Can(req.User, auth.EditArticle, &a) {
		n.forbidden(w, r, req)
		return
	}
	var authors, tags []int64
	if edit {
		var problems []string
		var err error
		authors, tags, problems, err = n.applyForm(ctx, &a, f, req.User.ID)
		if err != nil {
			n.serverError(w, r, req, err)
			return
		}
		if len(problems) > 0 {
			n.showEditor(w, r, req, http.StatusUnprocessableEntity, a, f, problems, false)
			return
		}
	} else {
		for _, u := range a.Authors {
			authors = append(authors, u.ID)
		}
		for _, t := range a.Tags {
			tags = append(tags, t.ID)
		}
	}
	if code, problem := n.transition(req.User, &a, f.Action, f); problem != "" {
		if code == http.StatusForbidden {
			n.forbidden(w, r, req)
			return
		}
		n.showEditor(w, r, req, code, a, f, []string{problem}, false)
		return
	}
	if problem := editing.LeadUnready(&a); problem != "" {
		n.showEditor(w, r, req, http.StatusUnprocessableEntity, a, f, []string{problem}, false)
		return
	}
	if a.ID != 0 {
		a.Version = f.Version
	}
	a.UpdatedAt = n.now()
	err := n.store.SaveArticle(ctx, &a, authors, tags, req.User.ID)
	if errors.Is(err, content.ErrConflict) {
		n.showEditor(w, r, req, http.StatusConflict, a, f, []string{
			"اس مضمون میں آپ کے کھولنے کے بعد کسی اور نے تبدیلیاں محفوظ کر دی ہیں، اس لیے آپ کی تبدیلیاں محفوظ نہیں کی گئیں۔ " +
				"آپ کا متن نیچے موجود ہے اور نسخوں کی فہرست میں بھی محفوظ کر لیا گیا ہے؛ تازہ نسخہ دیکھ کر اپنی تبدیلیاں دوبارہ شامل کریں۔"}, true)
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	act := actions[f.Action]
	if act.to != "" {
		n.record(ctx, r, req.User.ID, f.Action, "article", a.ID, a.Headline)
	} else if wasLive {
		n.record(ctx, r, req.User.ID, "edit_live", "article", a.ID, a.Headline)
	}
	if wasLive || a.Status.Live() {
		n.changed(ctx, a.ID)
		n.articleEvent(ctx, req, before, a)
	}
	http.Redirect(w, r, fmt.Sprintf("/newsroom/articles/%d?done=%s", a.ID, act.done), http.StatusSeeOther)
}

// proofFix applies the proofing fix a button asked for to the submitted
// text and shows the form again, saving nothing: everything typed stays
// on screen, fixed, for the writer to look over and save.
func (n *Newsroom) proofFix(w http.ResponseWriter, r *http.Request, req *request, a content.Article, f articleForm) {
	if a.ID != 0 && !auth.Can(req.User, auth.EditArticle, &a) {
		n.forbidden(w, r, req)
		return
	}
	var note string
	switch changed := applyProof(&f, f.Proof); {
	case changed < 0:
		note = "یہ تجویز اب متن میں نہیں ملی، شاید متن بدل چکا ہے۔ تازہ تجاویز نیچے ہیں۔"
	case changed == 0:
		note = "درست کرنے کو کچھ نہیں تھا۔"
	case f.Proof == proofAll:
		note = "تمام تجاویز کے مطابق متن درست کر دیا گیا۔ " + proofUnsaved
	default:
		note = "یہ تجویز درست کر دی گئی۔ " + proofUnsaved
	}
	f.Proof = ""
	n.renderEditor(w, r, req, http.StatusOK, a, f, nil, false, note)
}

// proofUnsaved reminds the writer that a fix is not a save.
const proofUnsaved = "مضمون ابھی محفوظ نہیں ہوا: دیکھ کر «محفوظ کریں» یا کوئی اور بٹن دبائیں۔"

// publishTime reads the publish-time fields as a time in the site's zone,
// or says in Urdu what is wrong with them.
func (n *Newsroom) publishTime(f articleForm) (time.Time, string) {
	st := n.site.Settings()
	num := func(s string) (int, bool) {
		v, err := urdu.ParseInt(s)
		return int(v), err == nil && v >= -1<<31 && v < 1<<31
	}
	if f.PublishDay == "" && f.PublishMonth == "" && f.PublishYear == "" && f.PublishHour == "" {
		return time.Time{}, "اشاعت کا وقت طے کرنے کے لیے تاریخ، مہینہ، سال اور وقت لکھیں۔"
	}
	day, ok := num(f.PublishDay)
	if !ok || day < 1 || day > 31 {
		return time.Time{}, "تاریخ " + urdu.FormatInt(1, st.Digits) + " سے " + urdu.FormatInt(31, st.Digits) + " تک کا عدد لکھیں۔"
	}
	month, ok := num(f.PublishMonth)
	if !ok || month < 1 || month > 12 {
		return time.Time{}, "اشاعت کا مہینہ منتخب کریں۔"
	}
	year, ok := num(f.PublishYear)
	if !ok || year < 2000 || year > 9999 {
		return time.Time{}, "سال چار ہندسوں میں لکھیں، جیسے " + urdu.FormatInt(int64(n.now().In(st.Location).Year()), st.Digits) + "۔"
	}
	hour, ok := num(f.PublishHour)
	if !ok || hour < 0 || hour > 23 {
		return time.Time{}, "اشاعت کا گھنٹہ منتخب کریں۔"
	}
	minute := 0
	if f.PublishMinute != "" {
		if minute, ok = num(f.PublishMinute); !ok || minute < 0 || minute > 59 {
			return time.Time{}, "منٹ " + urdu.FormatInt(0, st.Digits) + " سے " + urdu.FormatInt(59, st.Digits) + " تک لکھیں۔"
		}
	}
	if days := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day(); day > days {
		name := urdu.MonthNames[month-1]
		return time.Time{}, fmt.Sprintf("%s %s میں %s دن ہوتے ہیں، اس لیے %s %s کی کوئی تاریخ نہیں۔", name,
			urdu.FormatInt(int64(year), st.Digits), urdu.FormatInt(int64(days), st.Digits), urdu.FormatInt(int64(day), st.Digits), name)
	}
	at := time.Date(year, time.Month(month), day, hour, minute, 0, 0, st.Location)
	if at.Hour() != hour || at.Minute() != minute || at.Day() != day {
		return time.Time{}, "اس دن گھڑیاں آگے ہونے کی وجہ سے یہ وقت آتا ہی نہیں؛ کوئی اور وقت لکھیں۔"
	}
	return at, ""
}

// autosave stores a draft's text without changing its state and answers
// JSON for the editor's script.
func (n *Newsroom) autosave(w http.ResponseWriter, r *http.Request, req *request) {
	a, ok := n.loadArticle(w, r, req, auth.EditArticle)
	if !ok {
		return
	}
	if a.Status.Live() || a.Status == content.StatusScheduled {
		writeJSON(w, http.StatusConflict, map[string]string{"error": "شائع شدہ یا طے شدہ مضمون خودکار طور پر محفوظ نہیں ہوتا؛ «محفوظ کریں» دبائیں۔"})
		return
	}
	f := parseArticleForm(r)
	before := a
	authors, tags, problems, err := n.applyForm(r.Context(), &a, f, req.User.ID)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if len(problems) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": strings.Join(problems, " ")})
		return
	}
	st := n.site.Settings()
	if f.Version == before.Version && unchanged(before, a, authors, tags) {
		// Nothing new since the last save: no revision for it.
		writeJSON(w, http.StatusOK, map[string]any{"version": a.Version,
			"saved_at": "خودکار طور پر محفوظ: " + urdu.FormatTime(before.UpdatedAt, st.Location, st.Digits)})
		return
	}
	a.Version = f.Version
	a.UpdatedAt = n.now()
	err = n.store.SaveArticle(r.Context(), &a, authors, tags, req.User.ID)
	if errors.Is(err, content.ErrConflict) {
		writeJSON(w, http.StatusConflict, map[string]string{"error": "کسی اور نے اس مضمون میں تبدیلیاں محفوظ کی ہیں؛ خودکار محفوظ کاری روک دی گئی۔ آپ کا متن نسخوں میں محفوظ ہے۔"})
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"version":  a.Version,
		"saved_at": "خودکار طور پر محفوظ: " + urdu.FormatTime(a.UpdatedAt, st.Location, st.Digits),
	})
}

// unchanged reports whether after, with its byline and tags, says what
// before said: the form changed nothing.
func unchanged(before, after content.Article, authors, tags []int64) bool {
	ids := func(n int, id func(int) int64) []int64 {
		out := make([]int64, n)
		for i := range n {
			out[i] = id(i)
		}
		return out
	}
	if !slices.Equal(ids(len(before.Authors), func(i int) int64 { return before.Authors[i].ID }), authors) ||
		!slices.Equal(ids(len(before.Tags), func(i int) int64 { return before.Tags[i].ID }), tags) {
		return false
	}
	before.Authors, after.Authors, before.Tags, after.Tags = nil, nil, nil, nil
	return reflect.DeepEqual(before, after)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// preview shows the article exactly as the public page will, unpublished or not.
func (n *Newsroom) preview(w http.ResponseWriter, r *http.Request, req *request) {
	a, ok := n.loadArticle(w, r, req, auth.ViewArticle)
	if !ok {
		return
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = n.now()
	}
	n.site.Preview(w, r, a)
}

func (n *Newsroom) deleteArticle(w http.ResponseWriter, r *http.Request, req *request) {
	a, ok := n.loadArticle(w, r, req, auth.DeleteArticle)
	if !ok {
		return
	}
	if err := n.store.DeleteArticle(r.Context(), a.ID); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "delete", "article", a.ID, a.Headline)
	if a.Status.Live() {
		n.changed(r.Context(), a.ID)
	}
	if a.Status == content.StatusPublished || a.Status == content.StatusUnpublished {
		n.events.Send(r.Context(), events.Event{Kind: events.ArticleDeleted, At: n.now(), ArticleID: a.ID, By: req.User.Name, Article: &a})
	}
	http.Redirect(w, r, "/newsroom/?done=deleted", http.StatusSeeOther)
}
