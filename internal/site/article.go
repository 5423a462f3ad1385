package site

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"unicode"

	"akhbar/internal/content"
	"akhbar/internal/pagecache"
	"akhbar/internal/popular"
)

// article shows one published story at its canonical URL; any other
// section or slug answers 301 to it, so old and mistyped links keep working.
func (s *Site) article(w http.ResponseWriter, r *http.Request) {
	// /{section}/feed.xml shares this route's pattern; see registerFeeds.
	if f, ok := findFeedFormat(r.PathValue("id")); ok && r.Pattern == "GET /{section}/{id}" {
		s.sectionFeed(w, r, f)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fallback(w, r)
		return
	}
	a, err := s.store.Article(r.Context(), id)
	if errors.Is(err, content.ErrNotFound) {
		s.fallback(w, r) // perhaps an old URL: /%category%/%post_id%
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if a.Status != content.StatusPublished {
		s.notFound(w, r)
		return
	}
	if r.URL.Path != a.Path() {
		target := a.Path()
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	if s.views != nil && !popular.IsBot(r.UserAgent()) {
		s.views.Add(a.ID)
	}
	// Cached, the page counts a view on every hit (see app.countHit); its
	// related list shows the section's newest stories.
	s.keep(r, DepArticle(a.ID), DepSection(a.SectionID))
	pagecache.CountView(r, a.ID)
	s.renderArticle(w, r, a, false)
}

// Preview renders an article, in any state, exactly as its public page
// will look, for the newsroom. It is never cached or indexed.
func (s *Site) Preview(w http.ResponseWriter, r *http.Request, a content.Article) {
	s.renderArticle(w, r, a, true)
}

func (s *Site) renderArticle(w http.ResponseWriter, r *http.Request, a content.Article, preview bool) {
	p, err := s.newPage(r, a.Headline)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p.CurrentSection = a.SectionID
	p.Description = a.Strapline
	p.Feeds = append(p.Feeds, feedLinks(a.Section.Path(), a.Section.Name)...)
	if !preview && (a.TranslationOf != 0 || a.Translated) {
		versions, err := s.store.Versions(r.Context(), a)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if len(versions) > 1 {
			// Each version lists all, itself included; the original is the default.
			for _, v := range versions {
				p.Alternates = append(p.Alternates, alternate{Lang: v.Language, Href: s.absolute(v.Path())})
			}
			p.Alternates = append(p.Alternates, alternate{Lang: "x-default", Href: s.absolute(versions[0].Path())})
		}
	}
	p.Share.Title, p.Share.Type = a.Headline, "article"
	p.Share.Published, p.Share.Modified, p.Share.Section = iso(a.PublishedAt), iso(a.UpdatedAt), a.Section.Name
	for _, t := range a.Tags {
		p.Share.Tags = append(p.Share.Tags, t.Name)
	}
	for _, u := range a.Authors {
		p.Share.Authors = append(p.Share.Authors, s.absolute(u.Path()))
	}
	if m := a.Lead; m != nil {
		if v := shareVariant(m); v.Key != "" {
			alt := m.Alt
			if alt == "" {
				alt = m.Caption
			}
			if alt == "" {
				alt = a.Headline
			}
			p.Share.Image, p.Share.ImageWidth, p.Share.ImageHeight, p.Share.ImageAlt = s.absolute(v.URL()), v.Width, v.Height, alt
		}
	}
	p.Canonical = s.absolute(a.Path())
	cache := publicCache
	if preview {
		p.NoIndex, cache = true, "no-store"
		w.Header().Set("X-Robots-Tag", "noindex")
	}
	related, relatedCards, err := s.related(r.Context(), a.SectionID, a.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	dependOnArticles(r, related) // a related story that moves away changes this page
	live, err := s.liveView(r.Context(), a, preview)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	bodyHTML, frames, err := s.articleBody(r, a.BodyHTML)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p.Embeds = len(frames) > 0
	p.JSONLD = append(p.JSONLD, s.articleLD(a, live))
	p.JSONLD = append(p.JSONLD, s.breadcrumbLD(
		[]string{"ہوم", a.Section.Name, a.Headline},
		[]string{"/", a.Section.Path(), a.Path()}))

	data := struct {
		*page
		Article content.Article
		Body    template.HTML
		Initial string
		Updated bool
		Related []content.Article
		Cards   template.HTML // Related's cards
		Live    *liveView     // nil unless the article is, or was, live
	}{
		page:    p,
		Article: a,
		Body:    template.HTML(content.RunInDateline(bodyHTML, s.datelineHTML(a))),
		Initial: initial(a.Headline),
		Updated: a.UpdatedAt.Sub(a.PublishedAt) >= 60e9,
		Related: related,
		Cards:   relatedCards,
		Live:    live,
	}
	body, err := s.render.Render("article", data)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	writePage(w, http.StatusOK, body, cache, frames)
}

// newsArticleLD is schema.org NewsArticle for the article page; the lead
// image carries its caption and credit.
func (s *Site) newsArticleLD(a content.Article) template.JS { return jsonLD(s.newsArticleData(a)) }

// newsArticleData is newsArticleLD before encoding, for live coverage to extend.
func (s *Site) newsArticleData(a content.Article) map[string]any {
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "NewsArticle",
		"headline": a.Headline, "description": a.Strapline, "inLanguage": "ur",
		"mainEntityOfPage": s.absolute(a.Path()), "articleSection": a.Section.Name,
		"datePublished": iso(a.PublishedAt), "dateModified": iso(a.UpdatedAt),
		"publisher": s.publisherLD(),
	}
	var authors []map[string]any
	for _, u := range a.Authors {
		authors = append(authors, map[string]any{"@type": "Person", "name": u.Name, "url": s.absolute(u.Path())})
	}
	if len(authors) > 0 {
		ld["author"] = authors
	} else {
		ld["author"] = s.publisherLD() // a desk story is the newsroom's
	}
	// Without a lead image, the site's sharing image stands in: search
	// engines want an image for every news article.
	ld["image"] = []map[string]any{{"@type": "ImageObject", "url": s.absolute(s.assetURL(shareImage)),
		"width": pixels(shareImageWidth), "height": pixels(shareImageHeight)}}
	if m := a.Lead; m != nil {
		var images []map[string]any
		for _, v := range m.Renditions(m.Format) {
			if v.Width >= shareMinWidth || v.Key == shareVariant(m).Key {
				images = append(images, map[string]any{"@type": "ImageObject", "url": s.absolute(v.URL()),
					"width": pixels(v.Width), "height": pixels(v.Height), "caption": m.Caption, "creditText": m.Credit})
			}
		}
		if len(images) > 0 {
			ld["image"] = images
		}
	}
	return ld
}

// shareMinWidth is the width below which Google Discover and link
// previews show an image small, beside the text, not across the card.
const shareMinWidth = 1200

// shareVariant is the rendition of an image that link previews and
// structured data name: the smallest at least shareMinWidth wide, or the
// largest there is.
func shareVariant(m *content.Media) content.MediaVariant {
	var best content.MediaVariant
	for _, v := range m.Renditions(m.Format) {
		switch {
		case v.Width >= shareMinWidth && (best.Width < shareMinWidth || v.Width < best.Width):
			best = v
		case best.Width < shareMinWidth && v.Width > best.Width:
			best = v
		}
	}
	return best
}

// publisherLD is the site as a schema.org NewsMediaOrganization with its logo.
func (s *Site) publisherLD() map[string]any {
	return map[string]any{"@type": "NewsMediaOrganization", "name": s.Settings().SiteName, "url": s.absolute("/"),
		"logo": map[string]any{"@type": "ImageObject", "url": s.absolute(s.assetURL(logoImage)),
			"width": pixels(logoSize), "height": pixels(logoSize)}}
}

// pixels is a length in pixels as schema.org wants it: a QuantitativeValue
// with UN/CEFACT unit E37 (pixel), not a bare number.
func pixels(n int) map[string]any {
	return map[string]any{"@type": "QuantitativeValue", "value": n, "unitCode": "E37"}
}

// datelineHTML is «دانشگاه (نیوز ڈیسک) پیانگ یانگ:», escaped.
func (s *Site) datelineHTML(a content.Article) string {
	st := s.Settings()
	masthead := st.DatelineMasthead
	if masthead == "" {
		masthead = st.SiteName
	}
	text := masthead
	if a.DatelineSource != "" {
		text += " (" + a.DatelineSource + ")"
	}
	if a.DatelinePlace != "" {
		text += " " + a.DatelinePlace
	}
	if a.DatelineSource == "" && a.DatelinePlace == "" {
		return ""
	}
	return `<span class="dateline">` + template.HTMLEscapeString(text+":") + `</span>`
}

// initial is the headline's first letter, shown large where a story has
// no lead image.
func initial(headline string) string {
	for _, r := range headline {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return string(r)
		}
	}
	return ""
}
