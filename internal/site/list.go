package site

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

// perPage is the number of stories on a section, tag or author page.
const perPage = 20

type pager struct {
	Page, Pages      int
	PrevURL, NextURL string
}

// listing is the data of a section, tag or author page.
type listing struct {
	*page
	Heading  string
	Intro    string
	Total    int
	Articles []content.Article
	Pager    pager
}

// pageNumber reads ?page=N; ok is false for anything but a positive number.
func pageNumber(r *http.Request) (int, bool) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 1 && n <= maxPage
}

// renderListing runs q for the requested page and renders it. Pages past
// the end are 404s, so crawlers do not index empty pages forever.
func (s *Site) renderListing(w http.ResponseWriter, r *http.Request, p *page, heading, intro, dep string, q func() *store.ArticleQuery) {
	n, ok := pageNumber(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	total, err := s.store.CountArticles(r.Context(), q())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pages := max(1, (total+perPage-1)/perPage)
	if n > pages {
		s.notFound(w, r)
		return
	}
	list, err := s.store.ListArticles(r.Context(), q().Page(n, perPage).WithoutBylines())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// The page shows these articles, and changes when one comes into its scope.
	s.keep(r, dep)
	dependOnArticles(r, list)
	path := EscapePath(r.URL.Path)
	pageURL := func(k int) string {
		if k <= 1 {
			return path
		}
		return path + "?" + url.Values{"page": {strconv.Itoa(k)}}.Encode()
	}
	if n > 1 {
		p.Canonical = s.absolute(pageURL(n))
		p.Title = pageTitle(heading, fmt.Sprintf("صفحہ %d", n), p.Site.SiteName)
	}
	p.Description = intro
	if intro == "" {
		p.Description = heading + " کی تازہ ترین خبریں، " + p.Site.SiteName + " پر۔"
	}
	p.Feeds = append(p.Feeds, feedLinks(feedDir(path), heading)...)
	p.JSONLD = append(p.JSONLD, s.breadcrumbLD([]string{"ہوم", heading}, []string{"/", path}))
	data := listing{page: p, Heading: heading, Intro: intro, Total: total, Articles: list,
		Pager: pager{Page: n, Pages: pages, PrevURL: pageURL(n - 1), NextURL: pageURL(n + 1)}}
	body, err := s.render.Render("list", data)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	writeHTML(w, http.StatusOK, body, publicCache)
}

// feedDir is where a listing's feeds live: /sports/feed.xml, /tag/x/feed.xml.
func feedDir(path string) string {
	if strings.HasSuffix(path, "/") {
		return path
	}
	return path + "/"
}

// section lists a section's stories, newest first.
func (s *Site) section(w http.ResponseWriter, r *http.Request) {
	p, err := s.newPage(r, "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sec := findSection(p.Sections, r.PathValue("section"))
	if sec == nil {
		s.fallback(w, r) // perhaps an old URL: /%postname%/, /category/…
		return
	}
	p.Title = pageTitle(sec.Name, p.Site.SiteName)
	p.CurrentSection = sec.ID
	s.renderListing(w, r, p, sec.Name, sec.Description, DepSection(sec.ID), func() *store.ArticleQuery {
		return store.PublishedArticles().InSection(sec.ID)
	})
}

// tag lists the stories carrying a tag.
func (s *Site) tag(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.TagBySlug(r.Context(), r.PathValue("slug"))
	if errors.Is(err, content.ErrNotFound) {
		// A renamed or merged tag, or one imported from WordPress: its old
		// address is kept in the redirects table.
		s.fallback(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p, err := s.newPage(r, t.Name)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p.CurrentSection = -1
	s.renderListing(w, r, p, t.Name, "", DepTag(t.ID), func() *store.ArticleQuery {
		return store.PublishedArticles().WithTag(t.ID)
	})
}

// author lists a writer's stories.
func (s *Site) author(w http.ResponseWriter, r *http.Request) {
	u, err := s.store.UserBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.handle(w, r, err)
		return
	}
	p, err := s.newPage(r, u.Name)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p.CurrentSection = -1
	// The writer's profile page, as Google's profile-page markup has it.
	person := map[string]any{"@type": "Person", "name": u.Name, "url": s.absolute(u.Path())}
	if u.Bio != "" {
		person["description"] = u.Bio
	}
	p.JSONLD = append(p.JSONLD, jsonLD(map[string]any{
		"@context": "https://schema.org", "@type": "ProfilePage", "url": s.absolute(u.Path()),
		"inLanguage": "ur", "mainEntity": person,
	}))
	s.renderListing(w, r, p, u.Name, u.Bio, DepAuthor(u.ID), func() *store.ArticleQuery {
		return store.PublishedArticles().ByAuthor(u.ID)
	})
}
