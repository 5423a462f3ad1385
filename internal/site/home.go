package site

import (
	"net/http"
	"net/url"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

type sectionBlock struct {
	Section  content.Section
	Articles []content.Article
}

// home shows the lead story, the latest stories and a block per section.
func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	if r.URL.RawQuery != "" && s.queryRedirect(w, r) {
		return
	}
	ctx := r.Context()
	p, err := s.newPage(r, "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p.Title = p.Site.SiteName
	if p.Site.Tagline != "" {
		p.Title += " | " + p.Site.Tagline
	}
	p.Description = p.Site.Tagline
	s.keep(r, "home")
	latest, err := s.store.ListArticles(ctx, store.PublishedArticles().Limit(11).WithoutBylines())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ids := make([]int64, len(p.Sections))
	for i, sec := range p.Sections {
		ids[i] = sec.ID
	}
	perSection, err := s.store.LatestPerSection(ctx, ids, 4)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	data := struct {
		*page
		Lead   *content.Article
		Latest []content.Article
		Blocks []sectionBlock
	}{page: p}
	if len(latest) > 0 {
		data.Lead, data.Latest = &latest[0], latest[1:]
	}
	for _, sec := range p.Sections {
		if list := perSection[sec.ID]; len(list) > 0 {
			data.Blocks = append(data.Blocks, sectionBlock{Section: sec, Articles: list})
		}
	}
	p.JSONLD = append(p.JSONLD, jsonLD(map[string]any{
		"@context": "https://schema.org", "@type": "WebSite", "name": p.Site.SiteName,
		"url": s.absolute("/"), "inLanguage": "ur",
		"potentialAction": map[string]any{
			"@type":       "SearchAction",
			"target":      map[string]any{"@type": "EntryPoint", "urlTemplate": s.absolute("/search") + "?q={search_term_string}"},
			"query-input": "required name=search_term_string",
		},
	}))
	body, err := s.render.Render("home", data)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	writeHTML(w, http.StatusOK, body, publicCache)
}

// oldQueryKeys are WordPress's query-string permalinks (/?p=12,
// /?page_id=3, /?cat=5 …), which every WordPress site answers whatever
// its permalink structure, and which imports keep as redirects.
var oldQueryKeys = []string{"p", "page_id", "attachment_id", "cat", "tag", "author"}

// queryRedirect answers an old query-string permalink kept in the
// redirects table with a 301, and reports whether it did.
func (s *Site) queryRedirect(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	for _, k := range oldQueryKeys {
		if v := q.Get(k); v != "" {
			found, err := s.redirectOld(w, r, "/?"+k+"="+url.QueryEscape(v))
			if err != nil {
				s.log.Error("old permalink", "query", r.URL.RawQuery, "err", err)
			}
			return found
		}
	}
	return false
}
