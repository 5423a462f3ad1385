package newsroom

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/search"
	"akhbar/internal/store"
)

const listPerPage = 30

type listPage struct {
	*page
	Articles []content.Article
	Total    int
	Sections []content.Section
	Authors  []content.User
	Statuses []content.Status
	// the filters as chosen
	Status           string
	SectionID        int64
	AuthorID         int64
	Query            string
	Page, Pages      int
	PrevURL, NextURL string
	SeesAll          bool
}

// list is the newsroom home: articles by state, section and author, newest
// change first, or the best matches of a search. Reporters and
// contributors see their own.
func (n *Newsroom) list(w http.ResponseWriter, r *http.Request, req *request) {
	ctx := r.Context()
	v := r.URL.Query()
	lp := listPage{page: n.newPage(r, req, "مضامین"), Statuses: content.Statuses, Query: strings.TrimSpace(v.Get("q"))}
	if len(lp.Query) > 200 {
		lp.Query = lp.Query[:200]
	}
	lp.SeesAll = auth.Can(req.User, auth.ListAllArticles, nil)
	// The filters, shared by the plain listing and the search.
	var status content.Status
	var sectionID, authorID, ownedBy int64
	if st := content.Status(v.Get("status")); st.Valid() {
		status, lp.Status = st, string(st)
	}
	if id, _ := strconv.ParseInt(v.Get("section"), 10, 64); id > 0 {
		sectionID, lp.SectionID = id, id
	}
	if id, _ := strconv.ParseInt(v.Get("author"), 10, 64); id > 0 && lp.SeesAll {
		authorID, lp.AuthorID = id, id
	}
	if !lp.SeesAll {
		ownedBy = req.User.ID
	}
	lp.Page, _ = strconv.Atoi(v.Get("page"))
	lp.Page = max(lp.Page, 1)
	var err error
	if sq := search.Parse(lp.Query); !sq.Empty() {
		// The newsroom searches with the readers' search, over every state.
		find := store.SearchQuery{Query: sq, Status: status, SectionID: sectionID, AuthorID: authorID,
			OwnedBy: ownedBy, Page: lp.Page, Per: listPerPage}
		if lp.Articles, lp.Total, err = n.store.Search(ctx, find); err != nil {
			n.serverError(w, r, req, err)
			return
		}
		lp.Pages = max(1, (lp.Total+listPerPage-1)/listPerPage)
	} else {
		q := store.AllArticles().ByLastChange().InState(status).InSection(sectionID).ByAuthor(authorID).OwnedBy(ownedBy)
		if lp.Total, err = n.store.CountArticles(ctx, q); err != nil {
			n.serverError(w, r, req, err)
			return
		}
		lp.Pages = max(1, (lp.Total+listPerPage-1)/listPerPage)
		lp.Page = min(lp.Page, lp.Pages)
		if lp.Articles, err = n.store.ListArticles(ctx, q.Page(lp.Page, listPerPage)); err != nil {
			n.serverError(w, r, req, err)
			return
		}
	}
	if lp.Sections, err = n.store.Sections(ctx); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if lp.SeesAll {
		if lp.Authors, err = n.store.Users(ctx); err != nil {
			n.serverError(w, r, req, err)
			return
		}
	}
	pageURL := func(k int) string {
		q := url.Values{}
		for _, key := range []string{"status", "section", "author", "q"} {
			if v.Get(key) != "" {
				q.Set(key, v.Get(key))
			}
		}
		if k > 1 {
			q.Set("page", strconv.Itoa(k))
		}
		if len(q) == 0 {
			return "/newsroom/"
		}
		return "/newsroom/?" + q.Encode()
	}
	lp.PrevURL, lp.NextURL = pageURL(lp.Page-1), pageURL(lp.Page+1)
	n.show(w, http.StatusOK, "list", lp)
}
