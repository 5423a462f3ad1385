package site

import (
	"context"
	"net/http"
	"net/url"

	"akhbar/internal/changes"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

type sectionBlock struct {
	Section  content.Section
	Articles []content.Article
}

// homeBlockSize is how many stories each section block shows.
const homeBlockSize = 4

// FrontPageChanged tells every node, this one first, that editors changed
// the home page's arrangement: each drops its cached home page, and the
// edge cache is purged of it.
func (s *Site) FrontPageChanged(ctx context.Context) error {
	return s.changes.Publish(ctx, changes.Change{Deps: []string{"home"}})
}

// home shows the lead story, the top stories and a block per section:
// the stories editors placed where they placed them, every other slot
// filled by the newest stories, none twice.
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
	fp, err := s.store.FrontPage(ctx, s.now())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// The page goes when the first pin passes, and when a placed story
	// changes even if it leaves the lists the page would otherwise show.
	s.keepUntil(r, fp.Expires(), "home")
	// The first pin's passing drops the page from this node's cache and
	// from the edge cache (which would otherwise keep it for its s-maxage).
	s.pinExpiry.earliest(fp.Expires(), s.now(), func() {
		s.changes.Deliver(changes.Change{Origin: s.changes.Node(), Deps: []string{"home"}})
	})
	placed := make([]content.Article, len(fp.Placements))
	for i, pl := range fp.Placements {
		placed[i] = *pl.Article
	}
	dependOnArticles(r, placed)
	// Enough of the newest to fill every slot the placed stories leave.
	latest, err := s.store.ListArticles(ctx, store.PublishedArticles().Limit(1+content.TopSlots+fp.LeadAndTopCount()).WithoutBylines())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ids := make([]int64, len(p.Sections))
	for i, sec := range p.Sections {
		ids[i] = sec.ID
	}
	perSection := homeBlockSize
	if fp.HasPicks() {
		perSection++ // a pick among a section's newest is left out of the rest
	}
	newest, err := s.store.LatestPerSection(ctx, ids, perSection)
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
	data.Lead, data.Latest = fp.Layout(latest).Stories()
	for _, sec := range p.Sections {
		if list := fp.Block(sec.ID, newest[sec.ID], homeBlockSize); len(list) > 0 {
			data.Blocks = append(data.Blocks, sectionBlock{Section: sec, Articles: list})
		}
	}
	// The site's name for search results, and the newsroom behind it
	// with its logo. (No SearchAction: Google retired the sitelinks
	// search box it fed in November 2024.)
	org := s.publisherLD()
	org["@context"] = "https://schema.org"
	p.JSONLD = append(p.JSONLD, jsonLD(map[string]any{
		"@context": "https://schema.org", "@type": "WebSite", "name": p.Site.SiteName,
		"url": s.absolute("/"), "inLanguage": "ur",
	}), jsonLD(org))
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
