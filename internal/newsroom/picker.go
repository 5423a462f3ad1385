package newsroom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/embed"
	"akhbar/internal/search"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// The pickers let writers choose a lead image and the article a
// translation belongs to by looking at them, never by typing a number:
// JSON for web/static/js/picker.js, and for the editor without script,
// radio choices that a search re-renders (actionFindMedia, actionFindOriginal).

const (
	mediaPickPerPage   = 24 // the dialog's grid: 4, 3 or 2 across
	articlePickPerPage = 10 // type-ahead suggestions
	editorMediaChoices = 12 // radio choices in the editor without script
	editorArticleHits  = 12
	maxPickQueryBytes  = 200
)

// The editor's search buttons without script: they show the form again
// with matches to choose from, saving nothing.
const (
	actionFindMedia    = "find_media"
	actionFindOriginal = "find_original"
)

// canPick: choosing images and originals is part of writing articles.
func canPick(u content.User) bool {
	return auth.Can(u, auth.CreateArticle, nil) && auth.CanMedia(u, auth.UploadMedia, nil)
}

// pickQuery is a picker's search text, trimmed and cut to a sane length
// at a character boundary.
func pickQuery(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > maxPickQueryBytes {
		cut := maxPickQueryBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}

func pageParam(r *http.Request) int {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	return min(max(p, 1), 10000)
}

// pickedMedia is one image as the picker shows it.
type pickedMedia struct {
	ID            int64  `json:"id"`
	Thumb         string `json:"thumb"`
	ThumbWidth    int    `json:"thumb_width"`
	ThumbHeight   int    `json:"thumb_height"`
	Width         int    `json:"width"`
	Height        int    `json:"height"`
	Caption       string `json:"caption"`
	Credit        string `json:"credit"`
	Alt           string `json:"alt"`
	Filename      string `json:"filename"`
	Uploaded      string `json:"uploaded"`       // RFC 3339
	UploadedLabel string `json:"uploaded_label"` // in Urdu, in the site's time zone
	Ready         bool   `json:"ready"`          // caption, credit and alt text are written
	EditURL       string `json:"edit_url"`
}

func (n *Newsroom) pickedMedia(m *content.Media) pickedMedia {
	st := n.site.Settings()
	t := thumb(m)
	return pickedMedia{ID: m.ID, Thumb: t.URL(), ThumbWidth: t.Width, ThumbHeight: t.Height, Width: m.Width, Height: m.Height,
		Caption: m.Caption, Credit: m.Credit, Alt: m.Alt, Filename: m.Filename,
		Uploaded:      m.CreatedAt.UTC().Format(time.RFC3339),
		UploadedLabel: urdu.FormatDate(m.CreatedAt, st.Location, urdu.DayMonthYearTime, st.Digits),
		Ready:         m.ReadyToPublish(), EditURL: fmt.Sprintf("/newsroom/media/%d", m.ID)}
}

// mediaPick answers the image picker: newest uploads first, or those
// whose caption, credit, alt text or file name hold every word of q,
// folded as the site search folds; one page of mediaPickPerPage.
func (n *Newsroom) mediaPick(w http.ResponseWriter, r *http.Request, req *request) {
	if !canPick(req.User) {
		n.forbidden(w, r, req)
		return
	}
	q := pickQuery(r.URL.Query().Get("q"))
	page := pageParam(r)
	items, total, err := n.store.MediaList(r.Context(), q, mediaPickPerPage, (page-1)*mediaPickPerPage)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	out := struct {
		Items     []pickedMedia `json:"items"`
		Query     string        `json:"query"`
		Page      int           `json:"page"`
		Pages     int           `json:"pages"`
		Total     int           `json:"total"`
		Summary   string        `json:"summary"`    // for the dialog's status line
		PageLabel string        `json:"page_label"` // for its pager
	}{Items: []pickedMedia{}, Query: q, Page: page, Pages: max(1, (total+mediaPickPerPage-1)/mediaPickPerPage), Total: total}
	for i := range items {
		out.Items = append(out.Items, n.pickedMedia(&items[i]))
	}
	d := n.site.Settings().Digits
	out.Summary = n.mediaSummary(q, total, page, out.Pages)
	out.PageLabel = "صفحہ " + urdu.FormatInt(int64(page), d) + " از " + urdu.FormatInt(int64(out.Pages), d)
	writeJSON(w, http.StatusOK, out)
}

// mediaSummary says in Urdu what a page of the picker shows.
func (n *Newsroom) mediaSummary(q string, total, page, pages int) string {
	d := n.site.Settings().Digits
	num := func(k int) string { return urdu.FormatInt(int64(k), d) }
	var s string
	switch {
	case total == 0 && q != "":
		return "«" + q + "» سے کوئی تصویر نہیں ملی۔"
	case total == 0:
		return "لائبریری میں ابھی کوئی تصویر نہیں۔"
	case q != "" && total == 1:
		s = "«" + q + "» سے ایک تصویر ملی"
	case q != "":
		s = "«" + q + "» سے " + num(total) + " تصاویر ملیں"
	case total == 1:
		s = "لائبریری میں ایک تصویر ہے"
	default:
		s = "لائبریری میں " + num(total) + " تصاویر ہیں، تازہ ترین پہلے"
	}
	if pages > 1 {
		s += "؛ صفحہ " + num(page) + " از " + num(pages)
	}
	return s + "۔"
}

// pickedArticle is one article as the headline search shows it.
type pickedArticle struct {
	ID           int64  `json:"id"`
	Headline     string `json:"headline"`
	Section      string `json:"section"`
	Status       string `json:"status"`
	StatusLabel  string `json:"status_label"`
	Language     string `json:"language"`
	LanguageName string `json:"language_name"`
}

func pickArticle(a content.Article) pickedArticle {
	return pickedArticle{ID: a.ID, Headline: a.Headline, Section: a.Section.Name, Status: string(a.Status),
		StatusLabel: a.Status.Label(), Language: a.Language, LanguageName: languageName(a.Language)}
}

// languageName is a language's name in Urdu, or its code if unknown.
func languageName(code string) string {
	for _, l := range content.Languages {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// headlinePick is what the user may see: everything for editors, and for
// reporters and contributors published articles and their own.
func headlinePick(u content.User, q string, except int64, originals bool) store.HeadlinePick {
	p := store.HeadlinePick{Query: search.Parse(q), Except: except, Originals: originals}
	if !auth.Can(u, auth.ListAllArticles, nil) {
		p.VisibleTo = u.ID
	}
	return p
}

// articlePick answers the headline search: articles whose headline holds
// the words of q (the last one as typed so far), newest first, leaving
// out the article being edited (not=ID) and, with originals=1, the
// translations, which cannot be translated in turn.
func (n *Newsroom) articlePick(w http.ResponseWriter, r *http.Request, req *request) {
	if !canPick(req.User) {
		n.forbidden(w, r, req)
		return
	}
	v := r.URL.Query()
	q := pickQuery(v.Get("q"))
	page := pageParam(r)
	not, _ := strconv.ParseInt(v.Get("not"), 10, 64)
	p := headlinePick(req.User, q, not, v.Get("originals") == "1")
	p.Limit, p.Offset = articlePickPerPage, (page-1)*articlePickPerPage
	list, more, err := n.store.PickArticles(r.Context(), p)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	out := struct {
		Items []pickedArticle `json:"items"`
		Query string          `json:"query"`
		Page  int             `json:"page"`
		More  bool            `json:"more"`
	}{Items: []pickedArticle{}, Query: q, Page: page, More: more}
	for _, a := range list {
		out.Items = append(out.Items, pickArticle(a))
	}
	writeJSON(w, http.StatusOK, out)
}

// pickers is what the editor shows to choose the lead image and the
// original, with script (picker.js) and without.
type pickers struct {
	Action   string // the form's address, which the search buttons post to
	Lead     leadPicker
	Original originalPicker
}

type leadPicker struct {
	ID       int64          // the chosen image, 0 for none
	Chosen   *content.Media // nil for none, or if it no longer exists
	Thumb    content.MediaVariant
	Choices  []leadChoice // without script: recent images or the matches
	Query    string
	Searched bool
	Total    int // matches of Query (all images when it is empty)
	Shown    int // how many of them are choices
}

type leadChoice struct {
	Media   content.Media
	Thumb   content.MediaVariant
	Ready   bool
	Checked bool
}

type originalPicker struct {
	ID             int64            // the chosen original, 0 for none
	Chosen         *content.Article // nil for none, or if it no longer exists
	ChosenLanguage string           // its language's name
	Hits           int              // matches of Query shown
	Choices        []articleChoice  // without script: the matches of Query
	Query          string
	Searched       bool
	More           bool
	PickURL        string // the JSON search for picker.js
}

type articleChoice struct {
	Article  content.Article
	Language string
	Checked  bool
}

// fillPickers loads the chosen image and original of form f and, for the
// editor without script, the images and articles to choose from: the
// newest images, or the matches of the search the writer asked for.
func (n *Newsroom) fillPickers(ctx context.Context, ep *editPage, u content.User, f articleForm) error {
	p := &ep.Pick
	p.Action = "/newsroom/articles/new"
	if !ep.New {
		p.Action = fmt.Sprintf("/newsroom/articles/%d", ep.Article.ID)
	}

	lead := &p.Lead
	lead.ID, lead.Query = f.LeadMediaID, pickQuery(f.LeadQuery)
	if lead.ID != 0 {
		m, err := n.store.Media(ctx, lead.ID)
		if err == nil {
			lead.Chosen, lead.Thumb = &m, thumb(&m)
		} else if !errors.Is(err, content.ErrNotFound) {
			return err
		}
	}
	lead.Searched = f.Action == actionFindMedia || lead.Query != ""
	items, total, err := n.store.MediaList(ctx, lead.Query, editorMediaChoices, 0)
	if err != nil {
		return err
	}
	lead.Total = total
	if lead.Chosen != nil {
		lead.Choices = append(lead.Choices, leadChoice{Media: *lead.Chosen, Thumb: lead.Thumb, Ready: lead.Chosen.ReadyToPublish(), Checked: true})
	}
	lead.Shown = len(items)
	for _, m := range items {
		if m.ID != lead.ID {
			lead.Choices = append(lead.Choices, leadChoice{Media: m, Thumb: thumb(&m), Ready: m.ReadyToPublish()})
		}
	}

	orig := &p.Original
	orig.ID, orig.Query = f.TranslationOf, pickQuery(f.OriginalQuery)
	orig.PickURL = "/newsroom/articles/pick?originals=1"
	if !ep.New {
		orig.PickURL += fmt.Sprintf("&not=%d", ep.Article.ID)
	}
	if orig.ID != 0 {
		a, err := n.store.Article(ctx, orig.ID)
		if err == nil {
			orig.Chosen, orig.ChosenLanguage = &a, languageName(a.Language)
			orig.Choices = append(orig.Choices, articleChoice{Article: a, Language: languageName(a.Language), Checked: true})
		} else if !errors.Is(err, content.ErrNotFound) {
			return err
		}
	}
	orig.Searched = f.Action == actionFindOriginal || orig.Query != ""
	if orig.Searched {
		hp := headlinePick(u, orig.Query, ep.Article.ID, true)
		hp.Limit = editorArticleHits
		list, more, err := n.store.PickArticles(ctx, hp)
		if err != nil {
			return err
		}
		orig.More, orig.Hits = more, len(list)
		for _, a := range list {
			if a.ID != orig.ID {
				orig.Choices = append(orig.Choices, articleChoice{Article: a, Language: languageName(a.Language)})
			}
		}
	}
	return nil
}

// isFind reports whether the editor's form was sent by a picker's search
// button rather than to save.
func isFind(action string) bool {
	return action == actionFindMedia || action == actionFindOriginal
}

// pickedEmbed is what the editor shows of an address it may embed.
type pickedEmbed struct {
	embed.Embed
	Name  string `json:"name"`  // the provider, in Urdu
	Label string `json:"label"` // what the readers' button will say
}

// embedPick tells the editor whether an address it was given (pasted,
// typed in the embed dialog) is a post or video that can be embedded,
// with its canonical address; the reporter sees the provider before
// inserting it. The save does the same through content.PrepareBody, so
// this answer is only advice: nothing is stored here.
func (n *Newsroom) embedPick(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.CreateArticle, nil) {
		n.forbidden(w, r, req)
		return
	}
	raw := strings.TrimSpace(r.URL.Query().Get("url"))
	if raw == "" {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": "ویڈیو یا پوسٹ کا ربط (URL) لکھیں۔"})
		return
	}
	e, ok := embed.Parse(raw)
	if !ok {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": embedRefused})
		return
	}
	writeJSON(w, http.StatusOK, pickedEmbed{Embed: e, Name: e.Provider.Name(), Label: e.Label()})
}

// embedRefused explains which addresses become embeds.
const embedRefused = "یہ ربط یوٹیوب، فیس بک، ایکس (ٹوئٹر)، انسٹاگرام، ٹک ٹاک یا ڈیلی موشن کی کسی ویڈیو یا پوسٹ کا نہیں، اس لیے ایمبیڈ نہیں بن سکتا؛ عام ربط کے طور پر لگایا جا سکتا ہے۔"
