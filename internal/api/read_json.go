package api

import (
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"

	"akhbar/internal/blocks"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

// The JSON the read routes answer with; openapi/read.json describes each
// shape. Members are snake_case; an optional object a client looks for
// (a lead image, a dateline) is null rather than missing; times are RFC
// 3339 in UTC; text is Urdu as stored.

type sectionRef struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type sectionJSON struct {
	ID          int64  `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	ParentID    *int64 `json:"parent_id"`
	Position    int    `json:"position"`
	URL         string `json:"url"`
}

type tagJSON struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type authorJSON struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
	Bio  string `json:"bio"`
	URL  string `json:"url"`
}

type datelineJSON struct {
	Source string `json:"source"` // desk, agency or correspondent
	Place  string `json:"place"`
}

type renditionJSON struct {
	URL    string `json:"url"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Type   string `json:"type"`
	Bytes  int64  `json:"bytes"`
}

type imageJSON struct {
	ID         int64           `json:"id"`
	URL        string          `json:"url"` // the rendition for clients that take one: the widest up to 1280 px in the original format
	Width      int             `json:"width"`
	Height     int             `json:"height"`
	Type       string          `json:"type"`
	Alt        string          `json:"alt"`
	Caption    string          `json:"caption"`
	Credit     string          `json:"credit"`
	Renditions []renditionJSON `json:"renditions"`
}

// articleJSON is an article in a list: everything but the body.
type articleJSON struct {
	ID          int64         `json:"id"`
	URL         string        `json:"url"`
	Slug        string        `json:"slug"`
	Language    string        `json:"language"`
	Headline    string        `json:"headline"`
	Strapline   string        `json:"strapline"`
	Dateline    *datelineJSON `json:"dateline"`
	Section     sectionRef    `json:"section"`
	Tags        []tagJSON     `json:"tags"`
	Authors     []authorRef   `json:"authors"`
	PublishedAt string        `json:"published_at"`
	UpdatedAt   string        `json:"updated_at"`
	LeadImage   *imageJSON    `json:"lead_image"`
}

type authorRef struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

// fullArticleJSON is one article with its body.
type fullArticleJSON struct {
	articleJSON
	BodyHTML string      `json:"body_html"`
	Blocks   []blockJSON `json:"blocks"`
}

// blockJSON is one block of a body; which members it carries depends on
// its type (see the Block schema).
type blockJSON struct {
	Type       blocks.Type    `json:"type"`
	HTML       string         `json:"html,omitempty"`
	Level      int            `json:"level,omitempty"`
	Ordered    bool           `json:"ordered,omitempty"`
	Caption    string         `json:"caption,omitempty"`
	Image      *imageJSON     `json:"image,omitempty"`
	Images     []blockJSON    `json:"images,omitempty"`
	Embed      *embedJSON     `json:"embed,omitempty"`
	Paragraphs []string       `json:"paragraphs,omitempty"`
	Head       [][]cellJSON   `json:"head,omitempty"`
	Rows       [][]cellJSON   `json:"rows,omitempty"`
	Article    *articleRefRel `json:"article,omitempty"`
}

type embedJSON struct {
	Provider string     `json:"provider"`
	ID       string     `json:"id"`
	URL      string     `json:"url"`
	Kind     string     `json:"kind"`
	Title    string     `json:"title"` // plain text; empty when the editor gave none
	Poster   *imageJSON `json:"poster"`
}

type cellJSON struct {
	Header  bool   `json:"header"`
	HTML    string `json:"html"`
	ColSpan int    `json:"colspan"`
	RowSpan int    `json:"rowspan"`
}

// articleRefRel is the story a related box names.
type articleRefRel struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	Headline string `json:"headline"`
}

type breakingJSON struct {
	ID        int64   `json:"id"`
	Text      string  `json:"text"`
	ArticleID *int64  `json:"article_id"`
	URL       *string `json:"url"`
	RaisedAt  string  `json:"raised_at"`
	ExpiresAt string  `json:"expires_at"`
}

// list is a page of a list; NextCursor is null on the last page.
type list[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

type searchItemJSON struct {
	articleJSON
	Snippet string `json:"snippet"` // plain text around the first match
}

type searchJSON struct {
	Items []searchItemJSON `json:"items"`
	// Total counts the matches up to a limit; TotalIsLowerBound says there
	// are more than Total.
	Total             int     `json:"total"`
	TotalIsLowerBound bool    `json:"total_is_lower_bound"`
	NextCursor        *string `json:"next_cursor"`
}

// rfc3339 is t in UTC, to the second.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (a *API) sectionRef(s content.Section) sectionRef {
	return sectionRef{ID: s.ID, Slug: s.Slug, Name: s.Name, URL: a.link(s.Path())}
}

func (a *API) tagJSON(t content.Tag) tagJSON {
	return tagJSON{ID: t.ID, Slug: t.Slug, Name: t.Name, URL: a.link(t.Path())}
}

func (a *API) articleJSON(x content.Article) articleJSON {
	out := articleJSON{
		ID: x.ID, URL: a.link(x.Path()), Slug: x.Slug, Language: x.Language,
		Headline: x.Headline, Strapline: x.Strapline, Section: a.sectionRef(x.Section),
		Tags: []tagJSON{}, Authors: []authorRef{},
		PublishedAt: rfc3339(x.PublishedAt), UpdatedAt: rfc3339(store.ChangedAt(x)),
		LeadImage: a.imageJSON(x.Lead),
	}
	if out.Language == "" {
		out.Language = "ur"
	}
	if x.DatelineSource != "" || x.DatelinePlace != "" {
		out.Dateline = &datelineJSON{Source: x.DatelineSource, Place: x.DatelinePlace}
	}
	for _, t := range x.Tags {
		out.Tags = append(out.Tags, a.tagJSON(t))
	}
	for _, u := range x.Authors {
		out.Authors = append(out.Authors, authorRef{ID: u.ID, Slug: u.Slug, Name: u.Name, URL: a.link(u.Path())})
	}
	return out
}

// imageJSON is a library image with every rendition, or nil.
func (a *API) imageJSON(m *content.Media) *imageJSON {
	if m == nil {
		return nil
	}
	fallback := m.Fallback()
	if fallback.Key == "" {
		return nil // nothing to show yet
	}
	out := &imageJSON{ID: m.ID, URL: a.link(fallback.URL()), Width: m.Width, Height: m.Height,
		Type: mimeOf(m.Format), Alt: m.Alt, Caption: m.Caption, Credit: m.Credit, Renditions: []renditionJSON{}}
	vs := append([]content.MediaVariant(nil), m.Variants...)
	sort.SliceStable(vs, func(i, j int) bool {
		if vs[i].Format != vs[j].Format {
			return vs[i].Format == m.Format // the original format first
		}
		return vs[i].Width < vs[j].Width
	})
	for _, v := range vs {
		if v.Key == "" {
			continue
		}
		out.Renditions = append(out.Renditions, renditionJSON{URL: a.link(v.URL()), Width: v.Width,
			Height: v.Height, Type: mimeOf(v.Format), Bytes: v.Bytes})
	}
	return out
}

func mimeOf(format string) string {
	if format == "" {
		return "application/octet-stream"
	}
	return "image/" + format
}

// blocksJSON is a parsed body as structured blocks, with URLs absolute:
// images with their renditions, embeds with provider, id and address,
// related boxes with the story they name. An image whose library entry is
// gone, and a related box naming a story not published, are left out, as
// the page leaves them out.
func (a *API) blocksJSON(list []blocks.Block, env blocks.Env) []blockJSON {
	out := []blockJSON{}
	for _, b := range list {
		if j, ok := a.blockJSON(b, env); ok {
			out = append(out, j)
		}
	}
	return out
}

func (a *API) blockJSON(b blocks.Block, env blocks.Env) (blockJSON, bool) {
	j := blockJSON{Type: b.Type, Caption: a.absoluteHTML(b.Caption)}
	switch b.Type {
	case blocks.Image:
		m := env.Media[b.MediaID]
		if m == nil {
			return j, false
		}
		if j.Image = a.imageJSON(m); j.Image == nil {
			return j, false
		}
	case blocks.Gallery:
		for _, img := range b.Images {
			if x, ok := a.blockJSON(img, env); ok {
				j.Images = append(j.Images, x)
			}
		}
		if len(j.Images) == 0 {
			return j, false
		}
	case blocks.Embed:
		if b.Embed == nil {
			return j, false
		}
		e := b.Embed
		j.Embed = &embedJSON{Provider: string(e.Provider), ID: e.ID, URL: e.URL, Kind: string(e.Kind),
			Title: plainText(b.Caption), Poster: a.imageJSON(env.Media[b.PosterID])}
	case blocks.PullQuote:
		for _, p := range b.Paragraphs {
			j.Paragraphs = append(j.Paragraphs, a.absoluteHTML(p))
		}
	case blocks.Table:
		j.Head, j.Rows = a.cells(b.Head), a.cells(b.Rows)
	case blocks.Related:
		r := env.Articles[b.ArticleID]
		if r == nil {
			return j, false
		}
		j.Article = &articleRefRel{ID: r.ID, URL: a.link(r.Path()), Headline: r.Headline}
	default: // paragraph, heading, list, quote, html: their stored HTML
		j.HTML, j.Level, j.Ordered = a.absoluteHTML(b.HTML), b.Level, b.Ordered
	}
	return j, true
}

func (a *API) cells(rows [][]blocks.Cell) [][]cellJSON {
	var out [][]cellJSON
	for _, row := range rows {
		r := make([]cellJSON, len(row))
		for i, c := range row {
			r[i] = cellJSON{Header: c.Header, HTML: a.absoluteHTML(c.HTML), ColSpan: max(c.ColSpan, 1), RowSpan: max(c.RowSpan, 1)}
		}
		out = append(out, r)
	}
	return out
}

// plainText is inline HTML as one line of text.
func plainText(inline string) string {
	if inline == "" {
		return ""
	}
	return strings.Join(strings.Fields(content.PlainText(inline)), " ")
}

// absoluteHTML rewrites the site-relative addresses in sanitized HTML
// (href, src, srcset, poster) to absolute ones on the site's public URL,
// so a client showing the HTML outside the site finds images and links.
// Everything else is written back as parsed: the HTML is the sanitizer's
// output, and tokenizing it again changes no meaning.
func (a *API) absoluteHTML(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		tok := z.Token()
		changed := false
		for i, at := range tok.Attr {
			var v string
			switch at.Key {
			case "href", "src", "poster":
				v = a.absoluteURL(at.Val)
			case "srcset":
				parts := strings.Split(at.Val, ",")
				for k, p := range parts {
					t := strings.TrimSpace(p)
					parts[k] = a.absoluteURL(t)
				}
				v = strings.Join(parts, ", ")
			default:
				continue
			}
			if v != at.Val {
				tok.Attr[i].Val, changed = v, true
			}
		}
		if changed {
			b.WriteString(tok.String())
		} else {
			b.Write(z.Raw())
		}
	}
	return b.String()
}

// absoluteURL makes a site-relative address ("/media/…") absolute; any
// other address is returned as it is.
func (a *API) absoluteURL(u string) string {
	switch {
	case strings.HasPrefix(u, "//"):
		return u
	case strings.HasPrefix(u, "/"):
		return a.site.Absolute(u)
	}
	return u
}

// link is a site path as an absolute URL, escaped (a tag's Urdu slug as
// %D8…) as the pages write it, for clients that take URLs, not IRIs.
func (a *API) link(path string) string { return a.site.Absolute(path) }
