package site

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"time"

	"akhbar/internal/changes"
	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// page is what every public page shows: the masthead with today's date,
// the sections, and the most-read list. Handlers embed it and add their own.
type page struct {
	Site           Settings
	Title          string
	Description    string
	Canonical      string
	NoIndex        bool
	Today          dateBar
	Year           int
	Sections       []content.Section
	CurrentSection int64
	MostRead       []content.Article
	MostReadHTML   template.HTML // MostRead rendered, shared by every page
	JSONLD         []template.JS
	Feeds          []feedLink // autodiscovery
	Share          share      // Open Graph and Twitter card
	Alternates     []alternate
	Breaking       *content.Breaking // the strip across the top, or nil
	Embeds         bool              // the body has embeds: load embed.js

	site *Site // for SectionNav
}

// SectionNav is the navigation of Sections with CurrentSection marked,
// rendered once per section list and section (Site.sectionNav).
func (p *page) SectionNav() template.HTML {
	if p.site == nil {
		return ""
	}
	return p.site.sectionNav(p.Sections, p.CurrentSection)
}

// share is what link previews (Open Graph, Twitter cards) show of a page.
type share struct {
	Title                   string
	Type                    string // website or article
	Image                   string // absolute URL
	ImageWidth, ImageHeight int
	ImageAlt                string
	Published, Modified     string // RFC 3339, articles only
	Section                 string
	Tags                    []string
	Authors                 []string // absolute URLs of the bylines' pages
}

// alternate is a version of the page in another language (hreflang).
type alternate struct {
	Lang, Href string
}

// Default sharing image, drawn by scripts/brand for sites without their own.
const (
	shareImage                        = "share.png"
	shareImageWidth, shareImageHeight = 1200, 675
	logoImage                         = "logo.png"
	logoSize                          = 512
)

type dateBar struct {
	ISO   string
	Text  string
	Hijri string
}

// newPage fills the common page data. On a store error it still returns a
// usable page (for error pages) along with the error.
func (s *Site) newPage(r *http.Request, title string) (*page, error) {
	p := s.basePage(r, title)
	var err error
	if p.Sections, err = s.sections(r.Context()); err != nil {
		return p, err
	}
	if p.MostRead, p.MostReadHTML, err = s.mostReadList(r.Context()); err != nil {
		return p, err
	}
	return p, nil
}

// basePage is the common page data that needs no database: the page
// shown while the database cannot be reached has no more than this.
func (s *Site) basePage(r *http.Request, title string) *page {
	st := s.Settings()
	now := s.now()
	local := now.In(st.Location)
	p := &page{
		site:      s,
		Site:      st,
		Title:     pageTitle(title, st.SiteName),
		Canonical: s.absolute(r.URL.Path),
		Year:      local.Year(),
		Breaking:  s.currentBreaking(now),
		Today: dateBar{
			ISO:  local.Format("2006-01-02"),
			Text: urdu.FormatDate(now, st.Location, st.DateStyle, st.Digits),
		},
	}
	if title == "" {
		title = st.SiteName
	}
	p.Feeds = feedLinks("/", st.SiteName)
	p.Share = share{Title: title, Type: "website", Image: s.absolute(s.assetURL(shareImage)),
		ImageWidth: shareImageWidth, ImageHeight: shareImageHeight, ImageAlt: st.SiteName}
	if st.ShowHijri {
		p.Today.Hijri = urdu.ToHijri(now, st.Location, st.HijriOffset).Format(st.Digits)
	}
	return p
}

// mostReadList ranks articles by views over the configured window,
// reusing the ranking, and its rendered HTML, for a minute.
func (s *Site) mostReadList(ctx context.Context) ([]content.Article, template.HTML, error) {
	now := s.now()
	s.mostReadMu.Lock()
	defer s.mostReadMu.Unlock()
	stale := s.mostReadStale.Swap(false)
	if !stale && s.mostRead != nil && now.Sub(s.mostReadAt) < mostReadTTL && now.After(s.mostReadAt) {
		return s.mostRead, s.mostReadHTML, nil
	}
	hour := store.Hour(now)
	list, err := s.store.MostRead(ctx, hour-int64(s.Settings().MostReadHours)+1, hour, 10)
	if err != nil {
		return nil, "", err
	}
	if list == nil {
		list = []content.Article{}
	}
	html, err := s.render.Part("home", "most-read", list)
	if err != nil {
		return nil, "", err
	}
	if s.mostRead != nil && !sameArticles(s.mostRead, list) {
		// Every page shows the list, on every node.
		if err := s.changes.Publish(ctx, changes.Change{Deps: []string{DepMostRead}}); err != nil {
			s.log.Error("tell other nodes: most read", "err", err)
		}
	}
	s.mostRead, s.mostReadHTML, s.mostReadAt = list, html, now
	listed := make(map[string]bool, len(list))
	for _, a := range list {
		listed[DepArticle(a.ID)] = true
	}
	s.mostReadDeps.Store(&listed)
	return list, html, nil
}

// jsonLD marshals structured data for a <script type="application/ld+json">;
// encoding/json escapes <, > and & so the script cannot be broken out of.
func jsonLD(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

// breadcrumbLD is schema.org BreadcrumbList for ہوم › … trails.
func (s *Site) breadcrumbLD(names, paths []string) template.JS {
	items := make([]map[string]any, len(names))
	for i := range names {
		items[i] = map[string]any{"@type": "ListItem", "position": i + 1, "name": names[i], "item": s.absolute(paths[i])}
	}
	return jsonLD(map[string]any{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
}

func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// sameArticles reports whether two lists hold the same articles in order.
func sameArticles(a, b []content.Article) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Headline != b[i].Headline {
			return false
		}
	}
	return true
}
