package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/editing"
	"akhbar/internal/events"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// ProblemTransition: the article cannot move to the state asked for
// from the one it is in (content.CanTransition).
var ProblemTransition = ProblemType{problemBase + "invalid-transition", "مضمون کو اس حالت میں منتقل نہیں کیا جا سکتا"}

// registerWrite adds the token-authenticated routes: the newsroom's
// article writes, its workflow and its image upload, for a personal
// access token (token.go) within its scopes and its owner's role.
func (a *API) registerWrite(mux *http.ServeMux) {
	a.handle(mux, "GET /api/v1/drafts", a.withToken(auth.ScopeReadDrafts, a.listDrafts))
	a.handle(mux, "GET /api/v1/drafts/{id}", a.withToken(auth.ScopeReadDrafts, a.getDraft))
	a.handle(mux, "POST /api/v1/articles", a.withToken(auth.ScopeWrite, a.createArticle))
	a.handle(mux, "PATCH /api/v1/articles/{id}", a.withToken(auth.ScopeWrite, a.updateArticle))
	a.handle(mux, "POST /api/v1/articles/{id}/submit", a.withToken(auth.ScopeWrite, a.stateChange("submit")))
	a.handle(mux, "POST /api/v1/articles/{id}/publish", a.withToken(auth.ScopePublish, a.stateChange("publish")))
	a.handle(mux, "POST /api/v1/articles/{id}/schedule", a.withToken(auth.ScopePublish, a.stateChange("schedule")))
	a.handle(mux, "POST /api/v1/articles/{id}/unpublish", a.withToken(auth.ScopePublish, a.stateChange("unpublish")))
	a.handle(mux, "POST /api/v1/media", a.withToken(auth.ScopeUploadMedia, a.uploadMedia))
}

// transitions: where each state change moves an article and the
// permission it needs, as the newsroom's buttons do. Every one but
// unpublish also needs EditArticle (in the newsroom, those buttons save
// the form too).
var transitions = map[string]struct {
	to   content.Status
	need auth.Action
}{
	"submit":    {content.StatusSubmitted, auth.SubmitArticle},
	"publish":   {content.StatusPublished, auth.PublishArticle},
	"schedule":  {content.StatusScheduled, auth.PublishArticle},
	"unpublish": {content.StatusUnpublished, auth.UnpublishArticle},
}

const (
	draftsPerPage    = 20
	maxDraftsPerPage = 50
)

// listDrafts lists the articles the token's owner may see, in any state,
// last changed first: all of them for editors and admins, their own for
// reporters and contributors.
func (a *API) listDrafts(w http.ResponseWriter, r *http.Request, c *caller) {
	v := r.URL.Query()
	page, per := 1, draftsPerPage
	var problems []FieldError
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			problems = append(problems, FieldError{"page", "صفحہ ۱ یا اس سے بڑا عدد ہونا چاہیے۔"})
		}
		page = n
	}
	if s := v.Get("per_page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxDraftsPerPage {
			problems = append(problems, FieldError{"per_page", fmt.Sprintf("ایک صفحے پر ۱ سے %d تک مضامین۔", maxDraftsPerPage)})
		}
		per = n
	}
	status := content.Status(v.Get("status"))
	if status != "" && !status.Valid() {
		problems = append(problems, FieldError{"status", "نامعلوم حالت؛ draft، submitted، scheduled، published یا unpublished لکھیں۔"})
	}
	var sectionID int64
	if s := v.Get("section"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			problems = append(problems, FieldError{"section", "حصے کا نمبر لکھیں۔"})
		}
		sectionID = n
	}
	if len(problems) > 0 {
		writeProblem(w, r, http.StatusBadRequest, ProblemBadRequest, "تلاش کی شرائط درست نہیں۔", problems...)
		return
	}
	q := store.AllArticles().ByLastChange().InState(status).InSection(sectionID)
	if !auth.Can(c.user, auth.ListAllArticles, nil) {
		q = q.OwnedBy(c.user.ID)
	}
	ctx := r.Context()
	total, err := a.store.CountArticles(ctx, q)
	if err != nil {
		a.failWrite(w, r, err)
		return
	}
	list, err := a.store.ListArticles(ctx, q.Page(page, per))
	if err == nil {
		err = a.store.FillTags(ctx, list) // the list's only need beyond its columns: no bodies
	}
	if err != nil {
		a.failWrite(w, r, err)
		return
	}
	out := draftList{Articles: []draftArticle{}, Page: page, PerPage: per, Total: total}
	for _, art := range list {
		out.Articles = append(out.Articles, draftOf(art, false))
	}
	writeJSON(w, http.StatusOK, out)
}

// loadArticle reads the article named in the path and checks that the
// token's owner may do need to it; otherwise it answers and returns false.
func (a *API) loadArticle(w http.ResponseWriter, r *http.Request, c *caller, need auth.Action) (content.Article, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		writeProblem(w, r, http.StatusNotFound, ProblemNotFound, "مضمون کا نمبر درست نہیں۔")
		return content.Article{}, false
	}
	art, err := a.store.Article(r.Context(), id)
	if errors.Is(err, content.ErrNotFound) {
		writeProblem(w, r, http.StatusNotFound, ProblemNotFound, fmt.Sprintf("مضمون %d موجود نہیں۔", id))
		return art, false
	}
	if err != nil {
		a.failWrite(w, r, err)
		return art, false
	}
	if !auth.Can(c.user, need, &art) {
		roleForbids(w, r, c)
		return art, false
	}
	return art, true
}

// getDraft shows one article in any state, with its body and version.
func (a *API) getDraft(w http.ResponseWriter, r *http.Request, c *caller) {
	art, ok := a.loadArticle(w, r, c, auth.ViewArticle)
	if !ok {
		return
	}
	tag := versionTag(art.Version)
	w.Header().Set("ETag", tag)
	if matchesTag(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, draftOf(art, true))
}

// matchesTag reports whether an If-Match or If-None-Match list names tag
// (weak tags compare equal for If-None-Match only, which is how we use it).
func matchesTag(list, tag string) bool {
	for t := range strings.SplitSeq(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag {
			return true
		}
	}
	return false
}

// ifMatchVersion reads the version a write was based on from If-Match,
// or answers 428 (missing) or 412 (not the stored version) and returns
// false. Nothing is stored when it returns false.
func ifMatchVersion(w http.ResponseWriter, r *http.Request, art content.Article) (int, bool) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		writeProblem(w, r, http.StatusPreconditionRequired, ProblemPrecondition, fmt.Sprintf(
			"مضمون کا وہ نسخہ If-Match میں بھیجیں جس پر یہ تبدیلی کی گئی ہے، جیسے If-Match: \"%d\"۔", art.Version))
		return 0, false
	}
	for t := range strings.SplitSeq(h, ",") {
		t = strings.TrimSpace(t)
		if strings.HasPrefix(t, "W/") {
			continue // If-Match compares strongly
		}
		v, err := strconv.Atoi(strings.Trim(t, `"`))
		if err == nil && v == art.Version {
			return v, true
		}
	}
	staleVersion(w, r, art.Version)
	return 0, false
}

// staleVersion answers 412: the article moved on since the caller read it.
func staleVersion(w http.ResponseWriter, r *http.Request, current int) {
	w.Header().Set("ETag", versionTag(current))
	writeProblem(w, r, http.StatusPreconditionFailed, ProblemConflict, fmt.Sprintf(
		"مضمون اب نسخہ %d پر ہے؛ کسی اور نے اسے بدل دیا ہے۔ تازہ نسخہ پڑھ کر اپنی تبدیلی دوبارہ بھیجیں۔ کچھ محفوظ نہیں کیا گیا۔", current))
}

// createArticle stores a new draft.
func (a *API) createArticle(w http.ResponseWriter, r *http.Request, c *caller) {
	if !auth.Can(c.user, auth.CreateArticle, nil) {
		roleForbids(w, r, c)
		return
	}
	var in articleInput
	if !decodeBody(w, r, &in) {
		return
	}
	ctx := r.Context()
	art := content.Article{Status: content.StatusDraft, CreatedBy: c.user.ID}
	authors, tags, problems, err := a.applyInput(ctx, &art, in, c.user.ID)
	if err != nil {
		a.failWrite(w, r, err)
		return
	}
	if len(problems) > 0 {
		invalidInput(w, r, problems)
		return
	}
	now := a.now()
	art.CreatedAt, art.UpdatedAt = now, now
	if err := a.store.SaveArticle(ctx, &art, authors, tags, c.user.ID); err != nil {
		a.failWrite(w, r, err)
		return
	}
	a.audit(ctx, r, c, "article_create", "article", art.ID, art.Headline)
	a.answerArticle(w, r, art.ID, http.StatusCreated)
}

// updateArticle changes the members given, at the version named in If-Match.
func (a *API) updateArticle(w http.ResponseWriter, r *http.Request, c *caller) {
	art, ok := a.loadArticle(w, r, c, auth.EditArticle)
	if !ok {
		return
	}
	var in articleInput
	if !decodeBody(w, r, &in) {
		return
	}
	version, ok := ifMatchVersion(w, r, art)
	if !ok {
		return
	}
	ctx := r.Context()
	wasLive := art.Status.Live()
	authors, tags, problems, err := a.applyInput(ctx, &art, in, c.user.ID)
	if err != nil {
		a.failWrite(w, r, err)
		return
	}
	if len(problems) > 0 {
		invalidInput(w, r, problems)
		return
	}
	if problem := editing.LeadUnready(&art); problem != "" {
		invalidInput(w, r, []FieldError{{"lead_media", problem}})
		return
	}
	art.Version, art.UpdatedAt = version, a.now()
	if !a.save(w, r, &art, authors, tags, c) {
		return
	}
	action := "article_edit"
	if wasLive {
		action = "edit_live"
	}
	a.audit(ctx, r, c, action, "article", art.ID, art.Headline)
	if wasLive || art.Status.Live() {
		a.changed(ctx, art.ID)
	}
	a.tell(ctx, c, art.Status, art) // a PATCH moves no state: updated, if live
	a.answerArticle(w, r, art.ID, http.StatusOK)
}

// stateChange moves an article through the workflow as the newsroom's
// button of the same name does.
func (a *API) stateChange(action string) func(http.ResponseWriter, *http.Request, *caller) {
	tr := transitions[action]
	return func(w http.ResponseWriter, r *http.Request, c *caller) {
		art, ok := a.loadArticle(w, r, c, auth.ViewArticle)
		if !ok {
			return
		}
		var sched scheduleInput
		if action == "schedule" {
			if !decodeBody(w, r, &sched) {
				return
			}
		} else if !decodeOptionalBody(w, r, &struct{}{}) {
			return
		}
		if !auth.Can(c.user, tr.need, &art) || (action != "unpublish" && !auth.Can(c.user, auth.EditArticle, &art)) {
			roleForbids(w, r, c)
			return
		}
		version, ok := ifMatchVersion(w, r, art)
		if !ok {
			return
		}
		from := art.Status
		if from == tr.to {
			writeProblem(w, r, http.StatusConflict, ProblemTransition, fmt.Sprintf("مضمون پہلے ہی «%s» ہے۔", from.Label()))
			return
		}
		now := a.now()
		var at time.Time
		if tr.to == content.StatusScheduled {
			var problem string
			if at, problem = a.publishTime(sched.PublishAt, now); problem != "" {
				invalidInput(w, r, []FieldError{{"publish_at", problem}})
				return
			}
		}
		if problem := editing.Move(&art, tr.to, at, now); problem != "" {
			writeProblem(w, r, http.StatusConflict, ProblemTransition, problem)
			return
		}
		if problem := editing.LeadUnready(&art); problem != "" {
			invalidInput(w, r, []FieldError{{"lead_media", problem}})
			return
		}
		var authors, tags []int64
		for _, u := range art.Authors {
			authors = append(authors, u.ID)
		}
		for _, t := range art.Tags {
			tags = append(tags, t.ID)
		}
		wasLive := from.Live()
		art.Version, art.UpdatedAt = version, now
		if !a.save(w, r, &art, authors, tags, c) {
			return
		}
		ctx := r.Context()
		a.audit(ctx, r, c, action, "article", art.ID, art.Headline)
		if wasLive || art.Status.Live() {
			a.changed(ctx, art.ID)
		}
		a.tell(ctx, c, from, art)
		a.answerArticle(w, r, art.ID, http.StatusOK)
	}
}

// publishTime reads a schedule's publish_at: RFC 3339, in the future.
func (a *API) publishTime(s string, now time.Time) (time.Time, string) {
	if s == "" {
		return time.Time{}, "اشاعت کا وقت publish_at میں RFC 3339 میں لکھیں، جیسے 2026-02-18T09:00:00+05:00۔"
	}
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, "اشاعت کا وقت RFC 3339 میں لکھیں، جیسے 2026-02-18T09:00:00+05:00۔"
	}
	if !at.After(now) {
		return time.Time{}, "اشاعت کا وقت مستقبل میں ہونا چاہیے؛ اس وقت " + draftTime(now) + " ہے۔"
	}
	return at.UTC().Truncate(time.Second), ""
}

// save stores art at art.Version; a save that lost a race answers 412.
func (a *API) save(w http.ResponseWriter, r *http.Request, art *content.Article, authors, tags []int64, c *caller) bool {
	err := a.store.SaveArticle(r.Context(), art, authors, tags, c.user.ID)
	if errors.Is(err, content.ErrConflict) {
		current := art.Version
		if now, err := a.store.Article(r.Context(), art.ID); err == nil {
			current = now.Version
		}
		staleVersion(w, r, current)
		return false
	}
	if errors.Is(err, content.ErrInvalid) {
		writeProblem(w, r, http.StatusUnprocessableEntity, ProblemInvalid, "مضمون محفوظ نہیں ہو سکا: معلومات نامکمل ہیں۔")
		return false
	}
	if err != nil {
		a.failWrite(w, r, err)
		return false
	}
	return true
}

// answerArticle reads the article back as stored and answers it with its
// version as the ETag (and, for a new one, where it is).
func (a *API) answerArticle(w http.ResponseWriter, r *http.Request, id int64, status int) {
	art, err := a.store.Article(r.Context(), id)
	if err != nil {
		a.failWrite(w, r, err)
		return
	}
	w.Header().Set("ETag", versionTag(art.Version))
	if status == http.StatusCreated {
		w.Header().Set("Location", fmt.Sprintf("/api/v1/drafts/%d", art.ID))
	}
	writeJSON(w, status, draftOf(art, true))
}

func invalidInput(w http.ResponseWriter, r *http.Request, problems []FieldError) {
	msgs := make([]string, len(problems))
	for i, p := range problems {
		msgs[i] = p.Message
	}
	writeProblem(w, r, http.StatusUnprocessableEntity, ProblemInvalid, strings.Join(msgs, " "), problems...)
}

// audit records a write as the token's owner, naming the token.
func (a *API) audit(ctx context.Context, r *http.Request, c *caller, action, target string, targetID int64, detail string) {
	err := a.store.Audit(context.WithoutCancel(ctx), store.AuditEntry{At: a.now(), UserID: c.user.ID, Action: action, Target: target,
		TargetID: targetID, Detail: detail + " · " + c.by(), IP: auth.ClientIP(r)})
	if err != nil {
		a.log.Error("audit", "action", action, "err", err)
	}
}

// tell passes an event on (webhooks).
func (a *API) tell(ctx context.Context, c *caller, before content.Status, art content.Article) {
	if kind, ok := events.ArticleKind(before, art.Status); ok {
		a.events.Send(context.WithoutCancel(ctx), events.Event{Kind: kind, At: a.now(), ArticleID: art.ID, By: c.by()})
	}
}

// applyInput validates in and copies it onto art, with the newsroom
// editor's rules and messages (newsroom applyForm), returning the bylines
// and tags to store and the problems, by member.
func (a *API) applyInput(ctx context.Context, art *content.Article, in articleInput, caller int64) (authors, tags []int64, problems []FieldError, err error) {
	isNew := art.ID == 0
	if in.Headline != nil {
		art.Headline = content.NormalizeLabel(*in.Headline)
	}
	if in.Strapline != nil {
		art.Strapline = content.NormalizeLabel(*in.Strapline)
	}
	if in.DatelineSource != nil {
		art.DatelineSource = content.NormalizeLabel(*in.DatelineSource)
	}
	if in.DatelinePlace != nil {
		art.DatelinePlace = content.NormalizeLabel(*in.DatelinePlace)
	}
	if in.BodyHTML != nil || isNew {
		var raw string
		if in.BodyHTML != nil {
			raw = *in.BodyHTML
		}
		art.BodyHTML = content.PrepareBody(raw)
		art.BodyText = content.PlainText(art.BodyHTML)
	}
	if in.LeadMedia != nil {
		art.LeadMediaID = *in.LeadMedia
		if p, err := editing.Lead(ctx, a.store, art); err != nil {
			return nil, nil, nil, err
		} else if p != "" {
			problems = append(problems, FieldError{"lead_media", p})
		}
	}
	if art.Headline == "" {
		problems = append(problems, FieldError{"headline", editing.NoHeadline})
	}
	if len(art.Headline) > editing.MaxHeadlineBytes {
		problems = append(problems, FieldError{"headline", editing.TooLong})
	}
	if len(art.Strapline) > editing.MaxStraplineBytes {
		problems = append(problems, FieldError{"strapline", editing.TooLong})
	}
	if in.Section != nil || isNew {
		sections, err := a.store.Sections(ctx)
		if err != nil {
			return nil, nil, nil, err
		}
		known := false
		if in.Section != nil {
			for _, s := range sections {
				if (in.Section.ID != 0 && s.ID == in.Section.ID) || (in.Section.Slug != "" && s.Slug == in.Section.Slug) {
					art.SectionID, art.Section, known = s.ID, s, true
				}
			}
		}
		if !known {
			problems = append(problems, FieldError{"section", editing.NoSection})
		}
	}
	switch {
	case in.Slug != nil && strings.TrimSpace(*in.Slug) != "":
		art.Slug = urdu.Slug(*in.Slug)
	case isNew || (in.Slug != nil && !art.Status.Live()) || art.Slug == "":
		art.Slug = urdu.Slug(art.Headline)
	}
	if art.Slug == "" && art.Headline != "" {
		problems = append(problems, FieldError{"slug", "سلگ نہیں بن سکا؛ لاطینی حروف میں سلگ لکھیں۔"})
	}
	switch {
	case in.Language != nil && *in.Language != "" && !content.KnownLanguage(*in.Language):
		problems = append(problems, FieldError{"language", editing.NoLanguage})
	case in.Language != nil && *in.Language != "":
		art.Language = *in.Language
	case art.Language == "":
		art.Language = "ur"
	}
	if in.TranslationOf != nil {
		art.TranslationOf = *in.TranslationOf
	}
	if p := editing.Translation(ctx, a.store, art); p != "" {
		problems = append(problems, FieldError{"translation_of", p})
	}
	switch {
	case in.Authors == nil && !isNew:
		for _, u := range art.Authors {
			authors = append(authors, u.ID)
		}
	case in.Authors == nil || len(*in.Authors) == 0:
		authors = []int64{caller}
	default:
		authors = *in.Authors
	}
	if len(authors) > editing.MaxAuthors {
		problems = append(problems, FieldError{"authors", editing.TooManyAuthors})
	} else if in.Authors != nil {
		for _, id := range authors {
			if _, err := a.store.UserByID(ctx, id); errors.Is(err, content.ErrNotFound) {
				problems = append(problems, FieldError{"authors", fmt.Sprintf("مصنف %d موجود نہیں۔", id)})
			} else if err != nil {
				return nil, nil, nil, err
			}
		}
	}
	var names []string
	if in.Tags != nil {
		names = *in.Tags
		if len(names) > editing.MaxTags {
			problems = append(problems, FieldError{"tags", editing.TooManyTags})
		}
	}
	if len(problems) > 0 {
		return authors, nil, problems, nil
	}
	if in.Tags == nil {
		for _, t := range art.Tags {
			tags = append(tags, t.ID)
		}
		return authors, tags, nil, nil
	}
	tags, err = editing.Tags(ctx, a.store, names)
	return authors, tags, nil, err
}
