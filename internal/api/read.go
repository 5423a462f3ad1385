package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"akhbar/internal/blocks"
	"akhbar/internal/content"
	"akhbar/internal/pagecache"
	"akhbar/internal/search"
	"akhbar/internal/site"
	"akhbar/internal/store"
)

// The public read routes: published stories and what lists them, for
// anyone, without a token. Answers are kept in the page cache exactly as
// pages are (the same dependency names, so the change that drops a page
// drops the answers showing the same story), which also gives them their
// ETag and 304s; see docs/api.md.

// registerRead adds the public read routes.
func (a *API) registerRead(mux *http.ServeMux) {
	a.handle(mux, "GET /api/v1/articles", a.listArticles)
	a.handle(mux, "GET /api/v1/articles/{id}", a.getArticle)
	a.handle(mux, "GET /api/v1/sections", a.listSections)
	a.handle(mux, "GET /api/v1/tags", a.listTags)
	a.handle(mux, "GET /api/v1/authors", a.listAuthors)
	a.handle(mux, "GET /api/v1/search", a.search)
	a.handle(mux, "GET /api/v1/most-read", a.mostRead)
	a.handle(mux, "GET /api/v1/breaking", a.breaking)
}

// cacheTTL bounds how long an answer is kept even if nothing it shows
// changes, as a page is kept (a change made where no event reaches this
// node, such as a command beside a SQLite server, shows within it).
const cacheTTL = time.Minute

// publicCache lets clients keep an answer for a minute and a CDN for a
// minute more, as pages do; the page cache behind them is exact.
const publicCache = "public, max-age=60, s-maxage=60, stale-while-revalidate=300"

// keep marks the answer being rendered as cacheable, depending on deps.
func (a *API) keep(r *http.Request, deps ...string) {
	pagecache.Keep(r, a.now().Add(cacheTTL), deps...)
}

// answer writes v as a 200 JSON answer that clients and CDNs may keep.
func answer(w http.ResponseWriter, cacheControl string, v any) {
	w.Header().Set("Cache-Control", cacheControl)
	writeJSON(w, http.StatusOK, v)
}

// refuse answers with a problem that nobody keeps.
func refuse(w http.ResponseWriter, r *http.Request, status int, t ProblemType, detail string) {
	w.Header().Set("Cache-Control", "no-store")
	writeProblem(w, r, status, t, detail)
}

// failed logs err and answers 500.
func (a *API) failed(w http.ResponseWriter, r *http.Request, err error) {
	a.log.Error("api read failed", "path", r.URL.Path, "err", err)
	refuse(w, r, http.StatusInternalServerError, ProblemInternal, "جواب تیار نہیں ہو سکا؛ کچھ دیر بعد دوبارہ کوشش کریں۔")
}

// readParams parses the request's query, answering 400 when it is bad.
func readParams(w http.ResponseWriter, r *http.Request) (params, bool) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		refuse(w, r, http.StatusBadRequest, ProblemBadRequest, "کوئری سٹرنگ درست طرح انکوڈ نہیں۔")
		return params{}, false
	}
	p, bad := parseParams(r.URL.Path, v)
	if bad != nil {
		refuse(w, r, http.StatusBadRequest, ProblemBadRequest, bad.detail)
		return p, false
	}
	return p, true
}

// badFilter answers 400 for a filter naming nothing that exists.
func badFilter(w http.ResponseWriter, r *http.Request, name, slug string) {
	refuse(w, r, http.StatusBadRequest, ProblemBadRequest,
		"«"+name+"»: اس سلگ («"+shown(slug)+"») کا کوئی "+filterNoun[name]+" نہیں۔")
}

// findSection is the id of the section with this slug, from the list the
// pages use; store.ErrNotFound when there is none.
func (a *API) findSection(ctx context.Context, slug string) (int64, error) {
	secs, err := a.site.Sections(ctx)
	if err != nil {
		return 0, err
	}
	for _, sec := range secs {
		if sec.Slug == slug {
			return sec.ID, nil
		}
	}
	return 0, store.ErrNotFound
}

// listArticles answers GET /api/v1/articles: published stories, newest
// publication first; with updated_since, those changed since, oldest
// change first (the order a client syncs in).
func (a *API) listArticles(w http.ResponseWriter, r *http.Request) {
	p, ok := readParams(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	q := store.APIArticleQuery{UpdatedSince: p.updatedSince, Limit: p.limit + 1}
	var deps []string
	// Each filter names one section, tag or author by slug: an unknown
	// slug is refused; a known one narrows the query and the page's
	// dependencies.
	for _, f := range []struct {
		name, slug string
		find       func() (int64, error) // store.ErrNotFound when none
		id         *int64
		dep        func(int64) string
	}{
		{"section", p.section, func() (int64, error) { return a.findSection(ctx, p.section) }, &q.SectionID, site.DepSection},
		{"tag", p.tag, func() (int64, error) { t, err := a.store.TagBySlug(ctx, p.tag); return t.ID, err }, &q.TagID, site.DepTag},
		{"author", p.author, func() (int64, error) { u, err := a.store.UserBySlug(ctx, p.author); return u.ID, err }, &q.AuthorID, site.DepAuthor},
	} {
		if f.slug == "" {
			continue
		}
		id, err := f.find()
		if errors.Is(err, store.ErrNotFound) {
			badFilter(w, r, f.name, f.slug)
			return
		}
		if err != nil {
			a.failed(w, r, err)
			return
		}
		*f.id = id
		deps = append(deps, f.dep(id))
	}
	if len(deps) == 0 {
		deps = append(deps, site.DepFeeds) // every change to any article names it
	}
	if c := p.cursor; c.kind != 0 {
		q.After = store.Position{Time: time.Unix(c.unix, 0), ID: c.id}
	}
	found, err := a.store.APIArticles(ctx, q)
	if err != nil {
		a.failed(w, r, err)
		return
	}
	out := list[articleJSON]{Items: []articleJSON{}}
	if len(found) > p.limit {
		found = found[:p.limit]
		last := found[len(found)-1]
		next := cursor{kind: 'p', unix: last.PublishedAt.Unix(), id: last.ID}
		if !p.updatedSince.IsZero() {
			next = cursor{kind: 'u', unix: store.ChangedAt(last).Unix(), id: last.ID}
		}
		s := next.String()
		out.NextCursor = &s
	}
	// The answer changes when a story comes into its scope (deps) or one
	// it lists changes or leaves.
	a.keep(r, deps...)
	for _, x := range found {
		pagecache.DependOn(r, site.DepArticle(x.ID))
		out.Items = append(out.Items, a.articleJSON(x))
	}
	answer(w, publicCache, out)
}

// getArticle answers GET /api/v1/articles/{id}: one published story with
// its body as HTML and as blocks. Any other state answers exactly as a
// missing id does.
func (a *API) getArticle(w http.ResponseWriter, r *http.Request) {
	if _, ok := readParams(w, r); !ok {
		return
	}
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	notFound := func() {
		refuse(w, r, http.StatusNotFound, ProblemNotFound, "اس شناخت کا کوئی شائع شدہ مضمون نہیں۔")
	}
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		notFound()
		return
	}
	ctx := r.Context()
	x, err := a.store.Article(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && x.Status != content.StatusPublished {
		notFound()
		return
	}
	if err != nil {
		a.failed(w, r, err)
		return
	}
	out := fullArticleJSON{articleJSON: a.articleJSON(x)}
	list := blocks.Parse(x.BodyHTML)
	var env blocks.Env
	bodyHTML := x.BodyHTML // a body without story blocks is drawn as stored
	if blocks.HasStoryBlocks(x.BodyHTML) {
		if env, err = a.bodyEnv(ctx, list); err != nil {
			a.failed(w, r, err)
			return
		}
		bodyHTML = blocks.Feed(list, env)
	}
	out.BodyHTML = a.absoluteHTML(bodyHTML)
	out.Blocks = a.blocksJSON(list, env)
	a.keep(r, site.DepArticle(x.ID))
	// The body shows the headlines of the stories its related boxes name:
	// it changes when one does, or is published or withdrawn.
	for _, rid := range blocks.ArticleIDs(list) {
		pagecache.DependOn(r, site.DepArticle(rid))
	}
	answer(w, publicCache, out)
}

// bodyEnv loads what a body's blocks name: library images (with embed
// posters) and the published stories of related boxes.
func (a *API) bodyEnv(ctx context.Context, list []blocks.Block) (blocks.Env, error) {
	var env blocks.Env
	if ids := blocks.MediaIDs(list); len(ids) > 0 {
		m, err := a.store.MediaByIDs(ctx, ids)
		if err != nil {
			return env, err
		}
		env.Media = m
	}
	if ids := blocks.ArticleIDs(list); len(ids) > 0 {
		found, err := a.store.ListArticles(ctx, store.PublishedArticles().WithIDs(ids...).WithoutBylines())
		if err != nil {
			return env, err
		}
		env.Articles = make(map[int64]*content.Article, len(found))
		for i := range found {
			env.Articles[found[i].ID] = &found[i]
		}
	}
	return env, nil
}

// items is a whole list, not paged.
type items[T any] struct {
	Items []T `json:"items"`
}

// listSections answers GET /api/v1/sections: every section in navigation
// order (a change to sections drops every kept answer).
func (a *API) listSections(w http.ResponseWriter, r *http.Request) {
	if _, ok := readParams(w, r); !ok {
		return
	}
	secs, err := a.site.Sections(r.Context())
	if err != nil {
		a.failed(w, r, err)
		return
	}
	out := items[sectionJSON]{Items: []sectionJSON{}}
	for _, s := range secs {
		j := sectionJSON{ID: s.ID, Slug: s.Slug, Name: s.Name, Description: s.Description, Position: s.Position,
			URL: a.link(s.Path())}
		if s.ParentID != 0 {
			parent := s.ParentID
			j.ParentID = &parent
		}
		out.Items = append(out.Items, j)
	}
	a.keep(r)
	answer(w, publicCache, out)
}

// listTags answers GET /api/v1/tags: the tags published stories carry,
// by id, a page at a time.
func (a *API) listTags(w http.ResponseWriter, r *http.Request) {
	p, ok := readParams(w, r)
	if !ok {
		return
	}
	found, err := a.store.PublicTags(r.Context(), p.cursor.id, p.limit+1)
	if err != nil {
		a.failed(w, r, err)
		return
	}
	out := pageByID(found, p.limit, func(t content.Tag) int64 { return t.ID }, a.tagJSON)
	// A story published or withdrawn may bring a tag in or take it out.
	a.keep(r, site.DepFeeds)
	answer(w, publicCache, out)
}

// listAuthors answers GET /api/v1/authors: the people with a byline on a
// published story, by id, a page at a time.
func (a *API) listAuthors(w http.ResponseWriter, r *http.Request) {
	p, ok := readParams(w, r)
	if !ok {
		return
	}
	found, err := a.store.PublicAuthors(r.Context(), p.cursor.id, p.limit+1)
	if err != nil {
		a.failed(w, r, err)
		return
	}
	out := pageByID(found, p.limit, func(u content.User) int64 { return u.ID }, func(u content.User) authorJSON {
		return authorJSON{ID: u.ID, Slug: u.Slug, Name: u.Name, Bio: u.Bio, URL: a.link(u.Path())}
	})
	a.keep(r, site.DepFeeds)
	answer(w, publicCache, out)
}

// pageByID cuts found (a page's limit plus one, to know whether more
// follow) to a page of JSON items, with the cursor of the next page, for
// the lists walked by id.
func pageByID[T, J any](found []T, limit int, id func(T) int64, toJSON func(T) J) list[J] {
	out := list[J]{Items: make([]J, 0, min(len(found), limit))}
	if len(found) > limit {
		found = found[:limit]
		next := cursor{kind: 'i', id: id(found[len(found)-1])}.String()
		out.NextCursor = &next
	}
	for _, x := range found {
		out.Items = append(out.Items, toJSON(x))
	}
	return out
}

// snippetWords is the length of a search result's snippet, as the site's.
const snippetWords = 30

// search answers GET /api/v1/search?q=: the site's search (the same
// parsing and folding), best first. Results are made per query and not
// kept, as the site's search pages are not.
func (a *API) search(w http.ResponseWriter, r *http.Request) {
	p, ok := readParams(w, r)
	if !ok {
		return
	}
	q := search.Parse(p.q)
	if q.Empty() {
		refuse(w, r, http.StatusBadRequest, ProblemBadRequest, "«q» میں تلاش کے الفاظ دیں۔")
		return
	}
	ctx := r.Context()
	find := store.SearchQuery{Query: q, Status: content.StatusPublished, Page: 1, Per: p.limit}
	if p.cursor.kind == 's' {
		find.Page = p.cursor.page
	}
	if p.section != "" {
		id, err := a.findSection(ctx, p.section)
		if errors.Is(err, store.ErrNotFound) {
			badFilter(w, r, "section", p.section)
			return
		}
		if err != nil {
			a.failed(w, r, err)
			return
		}
		find.SectionID = id
	}
	found, total, err := a.store.Search(ctx, find)
	if err == nil {
		err = a.store.FillTags(ctx, found)
	}
	if err != nil {
		a.failed(w, r, err)
		return
	}
	out := searchJSON{Items: []searchItemJSON{}, Total: total}
	if limit := find.CountLimit(); total > limit {
		out.Total, out.TotalIsLowerBound = limit, true
	}
	if total > find.Page*find.Per {
		s := cursor{kind: 's', page: find.Page + 1}.String()
		out.NextCursor = &s
	}
	m := q.Matcher()
	for _, x := range found {
		var snippet strings.Builder
		for _, f := range m.Snippet(x.BodyText, snippetWords) {
			snippet.WriteString(f.Text)
		}
		out.Items = append(out.Items, searchItemJSON{articleJSON: a.articleJSON(x), Snippet: snippet.String()})
	}
	answer(w, "public, max-age=60", out)
}

// mostRead answers GET /api/v1/most-read: the site's most-read list, the
// one every page shows, most read first.
func (a *API) mostRead(w http.ResponseWriter, r *http.Request) {
	if _, ok := readParams(w, r); !ok {
		return
	}
	ranked, err := a.site.MostRead(r.Context())
	if err != nil {
		a.failed(w, r, err)
		return
	}
	ids := make([]int64, len(ranked))
	for i, x := range ranked {
		ids[i] = x.ID
	}
	found, err := a.store.PublishedByIDs(r.Context(), ids)
	if err != nil {
		a.failed(w, r, err)
		return
	}
	out := items[articleJSON]{Items: []articleJSON{}}
	a.keep(r, site.DepMostRead)
	for _, x := range found {
		pagecache.DependOn(r, site.DepArticle(x.ID))
		out.Items = append(out.Items, a.articleJSON(x))
	}
	answer(w, publicCache, out)
}

// breakingAnswer is GET /api/v1/breaking's answer.
type breakingAnswer struct {
	Breaking *breakingJSON `json:"breaking"`
}

// breaking answers GET /api/v1/breaking: the strip the pages show now, or
// null. Raising or ending a strip drops every kept answer; a kept answer
// showing one goes when it expires.
func (a *API) breaking(w http.ResponseWriter, r *http.Request) {
	if _, ok := readParams(w, r); !ok {
		return
	}
	now := a.now()
	expires := now.Add(cacheTTL)
	var out breakingAnswer
	if b := a.site.Breaking(); b != nil {
		if b.ExpiresAt.Before(expires) {
			expires = b.ExpiresAt
		}
		out.Breaking = &breakingJSON{ID: b.ID, Text: b.Text, RaisedAt: rfc3339(b.RaisedAt), ExpiresAt: rfc3339(b.ExpiresAt)}
		if b.Article != nil {
			id, u := b.Article.ID, a.link(b.Article.Path())
			out.Breaking.ArticleID, out.Breaking.URL = &id, &u
			pagecache.DependOn(r, site.DepArticle(id))
		}
	}
	pagecache.Keep(r, expires)
	answer(w, publicCache, out)
}
