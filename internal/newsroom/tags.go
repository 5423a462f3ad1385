package newsroom

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

const (
	tagsTitle   = "ٹیگ"
	tagsPerPage = 100
	maxTagName  = 100 // bytes, as editing's limit for typed tags
)

type tagsPage struct {
	*page
	Tags             []store.TagCount
	Query            string
	Page             int
	PrevURL, NextURL string
	Problems         []string
	Editing          int64 // the row the problems are about
	Typed            url.Values
}

// tags lists the tags, a hundred a page, optionally those matching q,
// with forms to rename each and merge it into another.
func (n *Newsroom) tags(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageTags, nil) {
		n.forbidden(w, r, req)
		return
	}
	n.showTags(w, r, req, http.StatusOK, tagsPage{})
}

func (n *Newsroom) showTags(w http.ResponseWriter, r *http.Request, req *request, code int, tp tagsPage) {
	q := content.NormalizeLabel(strings.TrimSpace(r.URL.Query().Get("q")))
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageNo = max(pageNo, 1)
	list, err := n.store.TagList(r.Context(), q, tagsPerPage+1, (pageNo-1)*tagsPerPage)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	tp.page = n.newPage(r, req, tagsTitle)
	tp.Query, tp.Page = q, pageNo
	link := func(p int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return "/newsroom/tags"
		}
		return "/newsroom/tags?" + v.Encode()
	}
	if len(list) > tagsPerPage {
		list = list[:tagsPerPage]
		tp.NextURL = link(pageNo + 1)
	}
	if pageNo > 1 {
		tp.PrevURL = link(pageNo - 1)
	}
	tp.Tags = list
	n.show(w, code, "tags", tp)
}

// tagFromPath loads the tag the path names; false when it answered.
func (n *Newsroom) tagFromPath(w http.ResponseWriter, r *http.Request, req *request) (content.Tag, bool) {
	if !auth.Can(req.User, auth.ManageTags, nil) {
		n.forbidden(w, r, req)
		return content.Tag{}, false
	}
	return fromPath(n, w, r, req, n.store.TagByID)
}

// tagsBack is the tag list the form was sent from (its search and page).
func tagsBack(r *http.Request, done string) string {
	v := url.Values{"done": {done}}
	if q := r.PostFormValue("q"); q != "" {
		v.Set("q", q)
	}
	if p := r.PostFormValue("page"); p != "" && p != "1" {
		v.Set("page", p)
	}
	return "/newsroom/tags?" + v.Encode()
}

// renameTag gives a tag a new name and slug: its old address answers 301
// to the new one, and search finds its stories by the new name.
func (n *Newsroom) renameTag(w http.ResponseWriter, r *http.Request, req *request) {
	t, ok := n.tagFromPath(w, r, req)
	if !ok {
		return
	}
	ctx := r.Context()
	name := content.NormalizeLabel(strings.TrimSpace(r.PostFormValue("name")))
	// No slug typed: the address follows the name.
	slug := urdu.UrduSlug(r.PostFormValue("slug"))
	if strings.TrimSpace(r.PostFormValue("slug")) == "" {
		slug = urdu.UrduSlug(name)
	}
	var problems []string
	switch {
	case name == "":
		problems = append(problems, "ٹیگ کا نام لکھنا ضروری ہے۔")
	case len(name) > maxTagName:
		problems = append(problems, "ٹیگ کا نام بہت طویل ہے؛ مختصر نام لکھیں۔")
	case slug == "":
		problems = append(problems, "اس نام سے ٹیگ کا پتا نہیں بن سکا؛ نام میں کوئی حرف یا ہندسہ ہونا چاہیے۔")
	}
	if len(problems) == 0 && (name != t.Name || slug != t.Slug) {
		err := n.store.RenameTag(ctx, t.ID, name, slug)
		if errors.Is(err, store.ErrSlugTaken) {
			other, _ := n.store.TagByName(ctx, name, slug)
			problems = append(problems, fmt.Sprintf("یہ نام یا پتا پہلے سے ٹیگ «%s» کا ہے۔ دونوں ٹیگ ایک کرنے ہوں تو «ضم کریں» استعمال کریں۔", other.Name))
		} else if err != nil {
			n.serverError(w, r, req, err)
			return
		} else {
			ids, err := n.store.TagArticles(ctx, t.ID)
			if err != nil {
				n.log.Error("tag renamed: its articles", "tag", t.ID, "err", err)
			}
			n.site.TagsChanged(ctx, []int64{t.ID}, ids)
			n.record(ctx, r, req.User.ID, "tag_rename", "tag", t.ID, fmt.Sprintf("«%s» → «%s»; %s → %s", t.Name, name, t.Path(), content.Tag{Slug: slug}.Path()))
		}
	}
	if len(problems) > 0 {
		n.showTags(w, r, req, http.StatusUnprocessableEntity, tagsPage{Problems: problems, Editing: t.ID, Typed: r.PostForm})
		return
	}
	http.Redirect(w, r, tagsBack(r, "tag"), http.StatusSeeOther)
}

// mergeTag moves a tag's stories to another tag, named in the form, and
// deletes it; its address answers 301 to the other's.
func (n *Newsroom) mergeTag(w http.ResponseWriter, r *http.Request, req *request) {
	t, ok := n.tagFromPath(w, r, req)
	if !ok {
		return
	}
	ctx := r.Context()
	typed := content.NormalizeLabel(strings.TrimSpace(r.PostFormValue("into")))
	fail := func(msg string) {
		n.showTags(w, r, req, http.StatusUnprocessableEntity, tagsPage{Problems: []string{msg}, Editing: t.ID, Typed: r.PostForm})
	}
	if typed == "" {
		fail("جس ٹیگ میں ضم کرنا ہے اس کا نام لکھیں۔")
		return
	}
	into, err := n.store.TagByName(ctx, typed, urdu.UrduSlug(typed))
	if errors.Is(err, content.ErrNotFound) {
		fail(fmt.Sprintf("«%s» نام کا کوئی ٹیگ نہیں ملا۔ نام ویسا ہی لکھیں جیسا فہرست میں ہے۔", typed))
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if into.ID == t.ID {
		fail("کوئی ٹیگ اپنے آپ میں ضم نہیں ہو سکتا؛ کسی دوسرے ٹیگ کا نام لکھیں۔")
		return
	}
	ids, err := n.store.TagArticles(ctx, t.ID)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if err := n.store.MergeTags(ctx, t.ID, into.ID); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.site.TagsChanged(ctx, []int64{t.ID, into.ID}, ids)
	n.record(ctx, r, req.User.ID, "tag_merge", "tag", into.ID, fmt.Sprintf("«%s» (%s, %d) → «%s» (%s)", t.Name, t.Path(), len(ids), into.Name, into.Path()))
	http.Redirect(w, r, tagsBack(r, "merged"), http.StatusSeeOther)
}
