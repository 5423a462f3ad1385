package site

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"akhbar/internal/sitemap"
	"akhbar/internal/store"
)

// newsWindow is how far back the news sitemap reaches (Google News reads
// articles of the last two days from it).
const newsWindow = 48 * time.Hour

func (s *Site) registerSitemaps(mux *http.ServeMux) {
	mux.HandleFunc("GET /robots.txt", s.robots)
	mux.HandleFunc("GET /sitemap.xml", s.sitemapDoc(s.sitemapIndex))
	mux.HandleFunc("GET /sitemaps/news.xml", s.sitemapDoc(s.newsSitemap))
	mux.HandleFunc("GET /sitemaps/pages.xml", s.sitemapDoc(s.pagesSitemap))
	mux.HandleFunc("GET /sitemaps/{file}", s.sitemapDoc(s.monthSitemap))
}

// robots lets crawlers in everywhere but the newsroom and search results,
// and names both sitemaps.
func (s *Site) robots(w http.ResponseWriter, r *http.Request) {
	body := "User-agent: *\nDisallow: /newsroom/\nDisallow: /search\n\n" +
		"Sitemap: " + s.absolute("/sitemap.xml") + "\n" +
		"Sitemap: " + s.absolute("/sitemaps/news.xml") + "\n"
	s.keep(r)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write([]byte(body))
}

// errNoSitemap marks a sitemap path that names nothing.
var errNoSitemap = fmt.Errorf("no such sitemap")

// sitemapDoc serves a sitemap that make renders; conditional requests
// get 304. The page cache keeps it until an article changes (dependency
// "sitemaps") and for at most a minute, so the news window moves on.
func (s *Site) sitemapDoc(make func(r *http.Request) ([]byte, time.Time, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, modified, err := make(r)
		if err == errNoSitemap {
			s.notFound(w, r)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.keep(r, "sitemaps")
		serveConditional(w, r, body, modified, "application/xml; charset=utf-8", "public, max-age=300")
	}
}

// monthFile names the sitemap of one month, or its part n (from 2) when
// the month holds more than sitemap.MaxURLs articles.
func monthFile(year int, month time.Month, part int) string {
	name := fmt.Sprintf("articles-%04d-%02d", year, int(month))
	if part > 1 {
		name += "-" + strconv.Itoa(part)
	}
	return name + ".xml"
}

// sitemapIndex lists the pages sitemap, the news sitemap and one sitemap
// per month of articles (split in parts of sitemap.MaxURLs).
func (s *Site) sitemapIndex(r *http.Request) ([]byte, time.Time, error) {
	months, err := s.store.PublishedMonths(r.Context())
	if err != nil {
		return nil, time.Time{}, err
	}
	var newest time.Time
	for _, m := range months {
		if m.LastMod.After(newest) {
			newest = m.LastMod
		}
	}
	list := []sitemap.URL{
		{Loc: s.absolute("/sitemaps/pages.xml"), LastMod: newest},
		{Loc: s.absolute("/sitemaps/news.xml"), LastMod: newest},
	}
	for _, m := range months {
		for part := 1; (part-1)*sitemap.MaxURLs < m.Count; part++ {
			list = append(list, sitemap.URL{Loc: s.absolute("/sitemaps/" + monthFile(m.Year, m.Month, part)), LastMod: m.LastMod})
		}
	}
	var b bytes.Buffer
	err = sitemap.WriteIndex(&b, list)
	return b.Bytes(), newest, err
}

// pagesSitemap lists the home page and the section fronts.
func (s *Site) pagesSitemap(r *http.Request) ([]byte, time.Time, error) {
	sections, err := s.sections(r.Context())
	if err != nil {
		return nil, time.Time{}, err
	}
	ids := make([]int64, len(sections))
	for i, sec := range sections {
		ids[i] = sec.ID
	}
	latest, err := s.store.LatestPerSection(r.Context(), ids, 1)
	if err != nil {
		return nil, time.Time{}, err
	}
	var newest time.Time
	var urls []sitemap.URL
	for _, sec := range sections {
		u := sitemap.URL{Loc: s.absolute(sec.Path())}
		if l := latest[sec.ID]; len(l) > 0 {
			u.LastMod = l[0].PublishedAt
			if u.LastMod.After(newest) {
				newest = u.LastMod
			}
		}
		urls = append(urls, u)
	}
	urls = append([]sitemap.URL{{Loc: s.absolute("/"), LastMod: newest}}, urls...)
	var b bytes.Buffer
	err = sitemap.WriteURLSet(&b, urls)
	return b.Bytes(), newest, err
}

// monthSitemap lists one month's articles (or one part of a month).
func (s *Site) monthSitemap(r *http.Request) ([]byte, time.Time, error) {
	year, month, part, ok := parseMonthFile(r.PathValue("file"))
	if !ok {
		return nil, time.Time{}, errNoSitemap
	}
	from := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	list, err := s.store.PublishedURLs(r.Context(), from, from.AddDate(0, 1, 0), (part-1)*sitemap.MaxURLs, sitemap.MaxURLs)
	if err != nil {
		return nil, time.Time{}, err
	}
	if len(list) == 0 {
		return nil, time.Time{}, errNoSitemap
	}
	return s.urlSet(list)
}

func (s *Site) urlSet(list []store.ArticleURL) ([]byte, time.Time, error) {
	var newest time.Time
	urls := make([]sitemap.URL, len(list))
	for i, a := range list {
		urls[i] = sitemap.URL{Loc: s.absolute(a.Path()), LastMod: a.Updated}
		if a.Updated.After(newest) {
			newest = a.Updated
		}
	}
	var b bytes.Buffer
	err := sitemap.WriteURLSet(&b, urls)
	return b.Bytes(), newest, err
}

// parseMonthFile reads articles-2026-02.xml or articles-2026-02-3.xml.
func parseMonthFile(name string) (year int, month time.Month, part int, ok bool) {
	rest, found := strings.CutPrefix(name, "articles-")
	if !found {
		return 0, 0, 0, false
	}
	rest, found = strings.CutSuffix(rest, ".xml")
	if !found {
		return 0, 0, 0, false
	}
	fields := strings.Split(rest, "-")
	if len(fields) < 2 || len(fields) > 3 || len(fields[0]) != 4 || len(fields[1]) != 2 {
		return 0, 0, 0, false
	}
	y, err1 := strconv.Atoi(fields[0])
	m, err2 := strconv.Atoi(fields[1])
	part = 1
	var err3 error
	if len(fields) == 3 {
		part, err3 = strconv.Atoi(fields[2])
	}
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 || part < 2 && len(fields) == 3 || part > 1000 {
		return 0, 0, 0, false
	}
	// Only the canonical spelling answers, so each sitemap has one URL.
	if monthFile(y, time.Month(m), part) != name {
		return 0, 0, 0, false
	}
	return y, time.Month(m), part, true
}

// newsSitemap lists the articles of the last newsWindow for Google News.
func (s *Site) newsSitemap(r *http.Request) ([]byte, time.Time, error) {
	since := s.now().Add(-newsWindow)
	list, err := s.store.ListArticles(r.Context(), store.PublishedArticles().PublishedSince(since).Limit(sitemap.MaxNewsURLs))
	if err != nil {
		return nil, time.Time{}, err
	}
	name := s.Settings().SiteName
	var newest time.Time
	urls := make([]sitemap.NewsURL, len(list))
	for i, a := range list {
		urls[i] = sitemap.NewsURL{Loc: s.absolute(a.Path()), Title: a.Headline, PublicationName: name,
			Language: "ur", Published: a.PublishedAt}
		if a.UpdatedAt.After(newest) {
			newest = a.UpdatedAt
		}
	}
	var b bytes.Buffer
	err = sitemap.WriteNews(&b, urls)
	return b.Bytes(), newest, err
}
