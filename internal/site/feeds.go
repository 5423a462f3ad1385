package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"akhbar/internal/blocks"
	"akhbar/internal/content"
	"akhbar/internal/feed"
	"akhbar/internal/store"
)

// feedItems is how many stories a feed carries: enough for a reader who
// checks twice a day on a busy site.
const feedItems = 50

// feedFormat is one of the three feed formats, by its file name.
type feedFormat struct {
	file        string // the last path segment: feed.xml, atom.xml, feed.json
	contentType string
	title       string // for autodiscovery links
	write       func(*bytes.Buffer, *feed.Feed) error
}

var feedFormats = []feedFormat{
	{"feed.xml", feed.ContentTypeRSS, "RSS", func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteRSS(b, f) }},
	{"atom.xml", feed.ContentTypeAtom, "Atom", func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteAtom(b, f) }},
	{"feed.json", feed.ContentTypeJSON, "JSON Feed", func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteJSON(b, f) }},
}

func findFeedFormat(file string) (feedFormat, bool) {
	for _, f := range feedFormats {
		if f.file == file {
			return f, true
		}
	}
	return feedFormat{}, false
}

// feedLink is an autodiscovery <link rel="alternate"> in a page head.
type feedLink struct {
	Type, Title, Href string
}

// feedLinks are the autodiscovery links of a page whose feeds live under
// dir ("/" for the site, "/sports/" for a section), titled title.
func feedLinks(dir, title string) []feedLink {
	out := make([]feedLink, len(feedFormats))
	for i, f := range feedFormats {
		ct, _, _ := strings.Cut(f.contentType, ";")
		out[i] = feedLink{Type: ct, Title: title + " (" + f.title + ")", Href: dir + f.file}
	}
	return out
}

// feedScope is what one feed covers.
type feedScope struct {
	title, description string
	page               string // the HTML page the feed mirrors
	dir                string // the folder of the feed's files, ending in /
	query              *store.ArticleQuery
}

// registerFeeds adds the site-wide, tag and author feeds. Section feeds
// (/{section}/feed.xml) are reached through the article route, see article.
func (s *Site) registerFeeds(mux *http.ServeMux) {
	for _, f := range feedFormats {
		mux.HandleFunc("GET /"+f.file, func(w http.ResponseWriter, r *http.Request) {
			st := s.Settings()
			s.serveFeed(w, r, f, feedScope{title: st.SiteName, description: st.Tagline, page: "/", dir: "/",
				query: store.PublishedArticles()})
		})
		mux.HandleFunc("GET /tag/{slug}/"+f.file, func(w http.ResponseWriter, r *http.Request) {
			t, err := s.store.TagBySlug(r.Context(), r.PathValue("slug"))
			if errors.Is(err, content.ErrNotFound) {
				s.movedFeed(w, r, content.Tag{Slug: r.PathValue("slug")}.Path(), "/"+f.file)
				return
			}
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			s.serveFeed(w, r, f, feedScope{title: t.Name, page: t.Path(), dir: t.Path() + "/", query: store.PublishedArticles().WithTag(t.ID)})
		})
		mux.HandleFunc("GET /author/{slug}/"+f.file, func(w http.ResponseWriter, r *http.Request) {
			u, err := s.store.UserBySlug(r.Context(), r.PathValue("slug"))
			if err != nil {
				s.handle(w, r, err)
				return
			}
			s.serveFeed(w, r, f, feedScope{title: u.Name, description: u.Bio, page: u.Path(), dir: u.Path() + "/",
				query: store.PublishedArticles().ByAuthor(u.ID)})
		})
	}
}

// sectionFeed serves /{section}/feed.xml and its siblings.
func (s *Site) sectionFeed(w http.ResponseWriter, r *http.Request, f feedFormat) {
	sec, err := s.requestedSection(r)
	switch {
	case err != nil:
		s.serverError(w, r, err)
	case sec == nil:
		s.movedFeed(w, r, "/"+r.PathValue("section")+"/", f.file)
	default:
		s.serveFeed(w, r, f, feedScope{title: sec.Name, description: sec.Description, page: sec.Path(), dir: sec.Path(),
			query: store.PublishedArticles().InSection(sec.ID)})
	}
}

// movedFeed answers the feed of a tag or section that moved (renamed,
// merged, imported from WordPress): page's old address is in the
// redirects table, leading to the page the feed moved with, so the feed
// answers 301 to that page's file. Anything else is a 404.
func (s *Site) movedFeed(w http.ResponseWriter, r *http.Request, page, file string) {
	id, target, err := s.store.Redirect(r.Context(), page)
	switch {
	case errors.Is(err, content.ErrNotFound) || (err == nil && (id != 0 || !strings.HasPrefix(target, "/"))):
		s.notFound(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		if !strings.HasSuffix(target, "/") {
			target += "/"
		}
		http.Redirect(w, r, EscapePath(target+strings.TrimPrefix(file, "/")), http.StatusMovedPermanently)
	}
}

// serveFeed renders the newest stories of a scope in one format.
func (s *Site) serveFeed(w http.ResponseWriter, r *http.Request, f feedFormat, sc feedScope) {
	list, err := s.store.ListArticles(r.Context(), sc.query.Limit(feedItems).WithBody())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	st := s.Settings()
	title := sc.title
	if sc.dir != "/" {
		title = pageTitle(sc.title, st.SiteName)
	}
	fd := &feed.Feed{
		Title: title, Description: sc.description, HomeURL: s.absolute(sc.page), SelfURL: s.absolute(sc.dir + f.file),
		Language: "ur", Generator: "Akhbar", Icon: s.absolute(s.assetURL(logoImage)), Logo: s.absolute(s.assetURL(logoImage)),
	}
	if fd.Description == "" {
		fd.Description = st.Tagline
	}
	// A live article was last updated by its newest update.
	ids := make([]int64, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	latest, err := s.store.LatestLiveUpdates(r.Context(), ids)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// Story blocks name images and stories: loaded for all items at once.
	parsed := make([][]blocks.Block, len(list))
	for i, a := range list {
		if blocks.HasStoryBlocks(a.BodyHTML) {
			parsed[i] = blocks.Parse(a.BodyHTML)
		}
	}
	env, err := s.bodyEnv(r.Context(), parsed...)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for i, a := range list {
		if parsed[i] != nil {
			a.BodyHTML = blocks.Feed(parsed[i], env)
		}
		item := s.feedItem(a)
		if t := latest[a.ID]; t.After(item.Updated) {
			item.Updated = t
		}
		if item.Updated.After(fd.Updated) {
			fd.Updated = item.Updated
		}
		fd.Items = append(fd.Items, item)
	}
	var body bytes.Buffer
	if err := f.write(&body, fd); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.keep(r, DepFeeds)
	serveConditional(w, r, body.Bytes(), fd.Updated, f.contentType, publicCache)
}

// feedItem is one story in a feed: the full sanitized body (its story
// blocks already drawn for feeds), the section and tags as categories,
// and the lead image with its caption and credit.
func (s *Site) feedItem(a content.Article) feed.Item {
	url := s.absolute(a.Path())
	item := feed.Item{
		ID: url, URL: url, Title: a.Headline, Summary: a.Strapline,
		ContentHTML: content.RunInDateline(a.BodyHTML, s.datelineHTML(a)),
		Categories:  []string{a.Section.Name},
		Published:   a.PublishedAt, Updated: a.UpdatedAt,
	}
	if item.Updated.Before(item.Published) {
		item.Updated = item.Published
	}
	if a.Language != "" && a.Language != "ur" {
		item.Language = a.Language
	}
	for _, u := range a.Authors {
		item.Authors = append(item.Authors, feed.Person{Name: u.Name, URL: s.absolute(u.Path())})
	}
	for _, t := range a.Tags {
		item.Categories = append(item.Categories, t.Name)
	}
	if m := a.Lead; m != nil {
		if v := m.Fallback(); v.Key != "" {
			item.Image = &feed.Image{URL: s.absolute(v.URL()), Type: "image/" + v.Format, Width: v.Width, Height: v.Height,
				Length: v.Bytes, Alt: m.Alt, Caption: m.Caption, Credit: m.Credit}
		}
	}
	return item
}

// assetURL is the fingerprinted URL of a static file, or "" if missing.
func (s *Site) assetURL(name string) string {
	u, err := s.assets.URL(name)
	if err != nil {
		return ""
	}
	return u
}

// serveConditional writes body with an ETag (a hash of the bytes) and
// Last-Modified, answering 304 when the client already has it.
func serveConditional(w http.ResponseWriter, r *http.Request, body []byte, modified time.Time, contentType, cacheControl string) {
	sum := sha256.Sum256(body)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}
