package newsroom

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"akhbar/internal/auth"
	"akhbar/internal/content"
)

type revisionsPage struct {
	*page
	Article   content.Article
	Revisions []content.Revision
	Editors   map[int64]string
	CanEdit   bool
}

func (n *Newsroom) editorNames(r *http.Request) (map[int64]string, error) {
	users, err := n.store.Users(r.Context())
	if err != nil {
		return nil, err
	}
	m := map[int64]string{}
	for _, u := range users {
		m[u.ID] = u.Name
	}
	return m, nil
}

// revisions lists every saved state of an article, refused edits included.
func (n *Newsroom) revisions(w http.ResponseWriter, r *http.Request, req *request) {
	a, ok := n.loadArticle(w, r, req, auth.ViewArticle)
	if !ok {
		return
	}
	revs, err := n.store.Revisions(r.Context(), a.ID)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	names, err := n.editorNames(r)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.show(w, http.StatusOK, "revisions", revisionsPage{page: n.newPage(r, req, "نسخے: "+a.Headline), Article: a,
		Revisions: revs, Editors: names, CanEdit: auth.Can(req.User, auth.EditArticle, &a)})
}

func (n *Newsroom) findRevision(w http.ResponseWriter, r *http.Request, req *request, a content.Article) (content.Revision, bool) {
	id, err := strconv.ParseInt(r.PathValue("rev"), 10, 64)
	if err != nil {
		n.notFound(w, r, req)
		return content.Revision{}, false
	}
	revs, err := n.store.Revisions(r.Context(), a.ID)
	if err != nil {
		n.serverError(w, r, req, err)
		return content.Revision{}, false
	}
	for _, rv := range revs {
		if rv.ID == id {
			return rv, true
		}
	}
	n.notFound(w, r, req)
	return content.Revision{}, false
}

type revisionPage struct {
	*page
	Article  content.Article
	Revision content.Revision
	Body     template.HTML
	Editor   string
	CanEdit  bool
}

// revision shows one saved state as it was.
func (n *Newsroom) revision(w http.ResponseWriter, r *http.Request, req *request) {
	a, ok := n.loadArticle(w, r, req, auth.ViewArticle)
	if !ok {
		return
	}
	rv, ok := n.findRevision(w, r, req, a)
	if !ok {
		return
	}
	names, err := n.editorNames(r)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	// Drawn as readers would see it: its story blocks with their pictures.
	body, err := n.site.RenderBody(r.Context(), rv.BodyHTML)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.show(w, http.StatusOK, "revision", revisionPage{page: n.newPage(r, req, "نسخہ: "+rv.Headline), Article: a, Revision: rv,
		Body: body, Editor: names[rv.EditorID], CanEdit: auth.Can(req.User, auth.EditArticle, &a)})
}

// restoreRevision makes an old state current again, as a new save.
func (n *Newsroom) restoreRevision(w http.ResponseWriter, r *http.Request, req *request) {
	a, ok := n.loadArticle(w, r, req, auth.EditArticle)
	if !ok {
		return
	}
	rv, ok := n.findRevision(w, r, req, a)
	if !ok {
		return
	}
	wasLive := a.Status.Live()
	a.Headline, a.Strapline, a.DatelineSource, a.DatelinePlace = rv.Headline, rv.Strapline, rv.DatelineSource, rv.DatelinePlace
	a.BodyHTML, a.BodyText, a.SectionID = rv.BodyHTML, content.PlainText(rv.BodyHTML), rv.SectionID
	a.UpdatedAt = n.now()
	var authors, tags []int64
	for _, u := range a.Authors {
		authors = append(authors, u.ID)
	}
	for _, t := range a.Tags {
		tags = append(tags, t.ID)
	}
	if err := n.store.SaveArticle(r.Context(), &a, authors, tags, req.User.ID); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "restore", "article", a.ID, fmt.Sprintf("revision %d", rv.ID))
	if wasLive {
		n.changed(r.Context(), a.ID)
		n.articleEvent(r.Context(), req, a.Status, a)
	}
	http.Redirect(w, r, fmt.Sprintf("/newsroom/articles/%d?done=restored", a.ID), http.StatusSeeOther)
}
