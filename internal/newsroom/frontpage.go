package newsroom

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// The front-page screen: which story leads the home page, the top
// stories in order, and each section block's featured pick, each
// optionally until a time. Slots left empty fill by recency.
const (
	frontTitle      = "صفحۂ اول"
	frontStories    = 60 // newest published stories offered for the lead and top slots
	frontPerSection = 20 // newest stories of a section offered as its pick
	frontLeadLabel  = "مرکزی خبر"
	pinLayout       = "2006-01-02T15:04" // datetime-local, in the site's zone
)

// Urdu texts of the screen. The fill texts are also handed to the script,
// which rewrites them as stories move.
const (
	frontFill      = "خالی رہے تو یہاں یہ خبر آئے گی: «%s»"
	frontFillNone  = "خالی رہے تو یہاں کوئی خبر نہیں آئے گی: اتنی شائع شدہ خبریں نہیں۔"
	frontMoved     = "ترتیب بدل گئی ہے مگر ابھی محفوظ نہیں ہوئی۔ ویب سائٹ پر لانے کے لیے «صفحۂ اول محفوظ کریں» دبائیں۔"
	frontSaved     = "صفحۂ اول کی نئی ترتیب محفوظ ہو گئی اور ویب سائٹ پر لاگو ہو گئی۔"
	frontConflict  = "آپ کے یہ صفحہ کھولنے کے بعد کسی اور نے صفحۂ اول کی ترتیب بدل کر محفوظ کر دی، اس لیے آپ کی ترتیب محفوظ نہیں ہوئی۔ نیچے اب کی محفوظ ترتیب ہے؛ اپنی تبدیلیاں اس پر دوبارہ کریں۔"
	frontBadForm   = "صفحۂ اول محفوظ نہیں ہو سکا: فارم کی معلومات درست نہیں۔ صفحہ دوبارہ کھول کر کوشش کریں۔"
	frontBadChoice = "«%s»: منتخب خبر پہچانی نہیں جا سکی۔ فہرست میں سے کوئی خبر منتخب کریں۔"
	frontBadPin    = "«%s»: «کب تک» کی تاریخ اور وقت درست لکھیں۔"
	frontPastPin   = "«%s»: «کب تک» کا وقت گزر چکا ہے۔ آنے والا وقت منتخب کریں، یا خانہ خالی چھوڑ دیں۔"
	frontPinAlone  = "«%s»: «کب تک» کا وقت دیا گیا ہے مگر کوئی خبر منتخب نہیں۔ خبر منتخب کریں، یا وقت مٹا دیں۔"
	frontTwice     = "«%s» اور «%s» میں ایک ہی خبر منتخب ہے۔ مرکزی اور اہم خبروں میں ہر خبر ایک ہی جگہ آ سکتی ہے۔"
	frontMissing   = "«%s»: منتخب خبر (نمبر %d) موجود نہیں؛ شاید حذف ہو چکی ہے۔ کوئی اور خبر منتخب کریں۔"
	frontUnpublish = "«%s»: منتخب خبر «%s» شائع شدہ نہیں، اس لیے صفحۂ اول پر نہیں آ سکتی۔ کوئی شائع شدہ خبر منتخب کریں۔"
	frontElsewhere = "«%s»: منتخب خبر «%s» اس حصے کی نہیں۔ اسی حصے کی کوئی خبر منتخب کریں۔"
)

// frontChoice is one slot of the form as the editor left it.
type frontChoice struct {
	ArticleID int64
	Bad       bool   // the chooser's value was not a story number
	Pin       string // as typed, a datetime-local value
}

// frontForm is the whole form: what it was read at and every slot.
type frontForm struct {
	Version int64
	Lead    frontChoice
	Top     [content.TopSlots]frontChoice
	Picks   map[int64]frontChoice // by section id

	// After a move button: the row the story landed on, and which of its
	// buttons takes the keyboard focus ("up" or "down"; "" for no move).
	MovedTo int
	Focus   string
}

// slotKey names a slot: a kind, a top story's place, a block's section.
type slotKey struct {
	slot      content.Slot
	position  int
	sectionID int64
}

// frontProblems are what must be put right before a save, in Urdu, and
// the slots they concern.
type frontProblems struct {
	Text  []string
	slots map[slotKey]bool
}

func (p *frontProblems) add(k slotKey, format string, args ...any) {
	p.Text = append(p.Text, fmt.Sprintf(format, args...))
	if p.slots == nil {
		p.slots = map[slotKey]bool{}
	}
	p.slots[k] = true
}

// frontSlot is one slot as the screen shows it.
type frontSlot struct {
	frontChoice
	Label   string // names the slot in labels and messages
	Number  string // a top story's place, from 1, in the site's digits
	Field   string // the chooser's name; the pin's is Field+"_pin"
	ID      string // element id
	Index   int    // a top story's place, from 0
	Last    bool   // the last top story
	Focus   string // "up" or "down": the move button to focus after a move
	Invalid bool
	Options []content.Article
	Extra   *content.Article // the chosen story when it is not among Options
	Placed  *content.Placement
	Fill    string // what recency puts here while the slot is empty
}

type frontPage struct {
	*page
	Version  int64
	Lead     frontSlot
	Top      []frontSlot
	Picks    []frontSlot
	Latest   string // recency order of the offered stories, for the script
	Zone     string
	Fill     string // frontFill and frontFillNone, for the script
	FillNone string
	Moved    bool // a move button was pressed: the order is not saved yet
	// MovedText says so, on the page after a move and through the script.
	MovedText string
	Problems  []string
}

func topLabel(number string) string { return "اہم خبر " + number }

// readFrontForm reads the posted form. Top stories come in page order:
// each row posts its story and its pin, so the order the rows were in
// (moved by hand or by the script) is the order saved.
func readFrontForm(r *http.Request, sections []content.Section) frontForm {
	f := frontForm{Picks: map[int64]frontChoice{}}
	f.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	f.Lead = readChoice(r.PostFormValue("lead"), r.PostFormValue("lead_pin"))
	tops, pins := r.PostForm["top"], r.PostForm["top_pin"]
	for i := range f.Top {
		var v, pin string
		if i < len(tops) {
			v = tops[i]
		}
		if i < len(pins) {
			pin = pins[i]
		}
		f.Top[i] = readChoice(v, pin)
	}
	for _, sec := range sections {
		field := pickField(sec.ID)
		f.Picks[sec.ID] = readChoice(r.PostFormValue(field), r.PostFormValue(field+"_pin"))
	}
	return f
}

func readChoice(value, pin string) frontChoice {
	c := frontChoice{Pin: strings.TrimSpace(pin)}
	if value = strings.TrimSpace(value); value != "" {
		id, err := strconv.ParseInt(value, 10, 64)
		if err != nil || id <= 0 {
			c.Bad = true
		} else {
			c.ArticleID = id
		}
	}
	return c
}

func pickField(sectionID int64) string { return "pick_" + strconv.FormatInt(sectionID, 10) }

// formFromFrontPage is the form showing the stored arrangement.
func formFromFrontPage(fp content.FrontPage, loc *time.Location) frontForm {
	f := frontForm{Version: fp.Version, Picks: map[int64]frontChoice{}}
	choice := func(p content.Placement) frontChoice {
		c := frontChoice{ArticleID: p.ArticleID}
		if !p.PinnedUntil.IsZero() {
			c.Pin = p.PinnedUntil.In(loc).Format(pinLayout)
		}
		return c
	}
	for _, p := range fp.Placements {
		switch p.Slot {
		case content.SlotLead:
			f.Lead = choice(p)
		case content.SlotTop:
			f.Top[p.Position] = choice(p)
		case content.SlotSection:
			f.Picks[p.SectionID] = choice(p)
		}
	}
	return f
}

// move carries out a move button's "i:up" or "i:down", swapping a top
// story (with its pin) with its neighbour. It reports whether the value
// named a possible move.
func (f *frontForm) move(value string) bool {
	at, dir, _ := strings.Cut(value, ":")
	i, err := strconv.Atoi(at)
	if err != nil || i < 0 || i >= len(f.Top) || (dir != "up" && dir != "down") {
		return false
	}
	j := i - 1
	if dir == "down" {
		j = i + 1
	}
	if j < 0 || j >= len(f.Top) {
		return false
	}
	f.Top[i], f.Top[j] = f.Top[j], f.Top[i]
	// Keep the keyboard on the button pressed, or on the other one when
	// the story cannot go further that way.
	f.MovedTo, f.Focus = j, dir
	switch {
	case dir == "up" && j == 0:
		f.Focus = "down"
	case dir == "down" && j == len(f.Top)-1:
		f.Focus = "up"
	}
	return true
}

// frontSlotRef is a slot of the form with its label, for turning it into
// a placement and naming it in messages.
type frontSlotRef struct {
	frontChoice
	slotKey
	label string
}

func (n *Newsroom) frontSlots(f frontForm, sections []content.Section) []frontSlotRef {
	digits := n.site.Settings().Digits
	refs := []frontSlotRef{{frontChoice: f.Lead, label: frontLeadLabel, slotKey: slotKey{slot: content.SlotLead}}}
	for i, c := range f.Top {
		refs = append(refs, frontSlotRef{frontChoice: c, label: topLabel(urdu.FormatInt(int64(i+1), digits)),
			slotKey: slotKey{slot: content.SlotTop, position: i}})
	}
	for _, sec := range sections {
		refs = append(refs, frontSlotRef{frontChoice: f.Picks[sec.ID], label: sec.Name,
			slotKey: slotKey{slot: content.SlotSection, sectionID: sec.ID}})
	}
	return refs
}

// placements turns the form into the arrangement to save, or says in
// Urdu, naming each slot, what must be put right first.
func (n *Newsroom) placements(f frontForm, sections []content.Section, now time.Time) (content.FrontPage, frontProblems) {
	loc := n.site.Settings().Location
	fp := content.FrontPage{Version: f.Version}
	var problems frontProblems
	first := map[int64]string{} // story → the lead or top slot that has it
	for _, s := range n.frontSlots(f, sections) {
		p := content.Placement{Slot: s.slot, Position: s.position, SectionID: s.sectionID, ArticleID: s.ArticleID}
		before := len(problems.Text)
		if s.Bad {
			problems.add(s.slotKey, frontBadChoice, s.label)
		}
		if s.Pin != "" {
			at, err := parsePin(s.Pin, loc)
			switch {
			case err != nil:
				problems.add(s.slotKey, frontBadPin, s.label)
			case !at.After(now):
				problems.add(s.slotKey, frontPastPin, s.label)
			case s.ArticleID == 0 && !s.Bad:
				problems.add(s.slotKey, frontPinAlone, s.label)
			}
			p.PinnedUntil = at
		}
		if len(problems.Text) > before || s.ArticleID == 0 {
			continue
		}
		if s.slot != content.SlotSection {
			if other, twice := first[s.ArticleID]; twice {
				problems.add(s.slotKey, frontTwice, other, s.label)
				continue
			}
			first[s.ArticleID] = s.label
		}
		fp.Placements = append(fp.Placements, p)
	}
	return fp, problems
}

// parsePin reads a datetime-local value in the site's zone, with or
// without seconds.
func parsePin(v string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(pinLayout, v, loc)
	if err != nil {
		t, err = time.ParseInLocation(pinLayout+":05", v, loc)
	}
	return t, err
}

// placementProblems names, slot by slot, the stories the store refused.
func (n *Newsroom) placementProblems(pe *content.PlacementError, f frontForm, sections []content.Section, headlines map[int64]string) frontProblems {
	label := map[slotKey]string{}
	for _, s := range n.frontSlots(f, sections) {
		label[s.slotKey] = s.label
	}
	var problems frontProblems
	for _, b := range pe.Bad {
		k := slotKey{slot: b.Slot, position: b.Position, sectionID: b.SectionID}
		headline := headlines[b.ArticleID]
		if headline == "" {
			headline = "نمبر " + strconv.FormatInt(b.ArticleID, 10)
		}
		switch b.Problem {
		case content.ArticleMissing:
			problems.add(k, frontMissing, label[k], b.ArticleID)
		case content.ArticleNotPublished:
			problems.add(k, frontUnpublish, label[k], headline)
		default:
			problems.add(k, frontElsewhere, label[k], headline)
		}
	}
	return problems
}

// showFront shows the screen: the stored arrangement when f is nil, else
// the form as the editor left it.
func (n *Newsroom) showFront(w http.ResponseWriter, r *http.Request, req *request, code int, f *frontForm, problems frontProblems) {
	ctx, now := r.Context(), n.now()
	st := n.site.Settings()
	// The version before the placements: a save in between then makes
	// this form stale instead of going unnoticed.
	version, err := n.store.FrontPageVersion(ctx)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	stored, err := n.store.FrontPage(ctx, now)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	stored.Version = version
	if f == nil {
		form := formFromFrontPage(stored, st.Location)
		f = &form
	}
	stories, err := n.store.ListArticles(ctx, store.PublishedArticles().Limit(frontStories).WithoutBylines())
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	sections, err := n.store.Sections(ctx)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	ids := make([]int64, len(sections))
	for i, sec := range sections {
		ids[i] = sec.ID
	}
	bySection, err := n.store.LatestPerSection(ctx, ids, frontPerSection)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}

	// Stories the form may name that are not among those offered: placed
	// long ago, or unpublished since the form was opened.
	known := map[int64]*content.Article{}
	for i := range stories {
		known[stories[i].ID] = &stories[i]
	}
	for _, p := range stored.Placements {
		if known[p.ArticleID] == nil {
			known[p.ArticleID] = p.Article
		}
	}
	placedIn := func(slot content.Slot, sectionID, article int64) *content.Placement {
		for i, p := range stored.Placements {
			if p.Slot == slot && p.SectionID == sectionID && p.ArticleID == article {
				return &stored.Placements[i]
			}
		}
		return nil
	}
	slot := func(ref frontSlotRef, field, id string, options []content.Article) frontSlot {
		s := frontSlot{frontChoice: ref.frontChoice, Label: ref.label, Field: field, ID: id, Options: options,
			Invalid: problems.slots[ref.slotKey], Placed: placedIn(ref.slot, ref.sectionID, ref.ArticleID)}
		if s.ArticleID != 0 && !offered(options, s.ArticleID) {
			s.Extra = known[s.ArticleID]
			if s.Extra == nil {
				s.Extra = &content.Article{ID: s.ArticleID, Headline: "خبر نمبر " + strconv.FormatInt(s.ArticleID, 10)}
			}
		}
		return s
	}

	// What recency puts in each empty slot, as the home page will.
	var shown content.FrontPage
	refs := n.frontSlots(*f, sections)
	for _, ref := range refs {
		if ref.ArticleID != 0 {
			shown.Placements = append(shown.Placements, content.Placement{Slot: ref.slot, Position: ref.position,
				SectionID: ref.sectionID, ArticleID: ref.ArticleID})
		}
	}
	layout := shown.Layout(stories)
	fill := func(a *content.Article) string {
		if a == nil {
			return frontFillNone
		}
		return fmt.Sprintf(frontFill, a.Headline)
	}

	fpg := frontPage{page: n.newPage(r, req, frontTitle), Version: f.Version, Zone: st.Location.String(),
		Fill: frontFill, FillNone: frontFillNone, MovedText: frontMoved, Moved: f.Focus != "", Problems: problems.Text}
	fpg.Lead = slot(refs[0], "lead", "f-lead", stories)
	fpg.Lead.Fill = fill(layout.Lead.Article)
	for i := range content.TopSlots {
		s := slot(refs[1+i], "top", "f-top-"+strconv.Itoa(i), stories)
		s.Index, s.Last, s.Number = i, i == content.TopSlots-1, urdu.FormatInt(int64(i+1), st.Digits)
		s.Fill = fill(layout.Top[i].Article)
		if f.Focus != "" && i == f.MovedTo {
			s.Focus = f.Focus
		}
		fpg.Top = append(fpg.Top, s)
	}
	for i, sec := range sections {
		s := slot(refs[1+content.TopSlots+i], pickField(sec.ID), "f-pick-"+strconv.FormatInt(sec.ID, 10), bySection[sec.ID])
		var newest *content.Article
		if list := bySection[sec.ID]; len(list) > 0 {
			newest = &list[0]
		}
		s.Fill = fill(newest)
		fpg.Picks = append(fpg.Picks, s)
	}
	latest := make([]string, len(stories))
	for i, a := range stories {
		latest[i] = strconv.FormatInt(a.ID, 10)
	}
	fpg.Latest = strings.Join(latest, " ")
	if r.URL.Query().Get("done") == "front" {
		fpg.Flash = frontSaved
	}
	n.show(w, code, "frontpage", fpg)
}

func offered(list []content.Article, id int64) bool {
	for _, a := range list {
		if a.ID == id {
			return true
		}
	}
	return false
}

// frontPage shows the screen to those who may arrange the home page.
func (n *Newsroom) frontPage(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageFrontPage, nil) {
		n.forbidden(w, r, req)
		return
	}
	n.showFront(w, r, req, http.StatusOK, nil, frontProblems{})
}

// saveFrontPage moves a top story (without saving: the buttons that let
// keyboard and no-script users reorder), or saves the whole arrangement.
func (n *Newsroom) saveFrontPage(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageFrontPage, nil) {
		n.forbidden(w, r, req)
		return
	}
	ctx, now := r.Context(), n.now()
	sections, err := n.store.Sections(ctx)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	f := readFrontForm(r, sections)
	if mv := r.PostFormValue("move"); mv != "" {
		// A move that makes no sense (a stale or edited form) shows the
		// form again as it came.
		f.move(mv)
		n.showFront(w, r, req, http.StatusOK, &f, frontProblems{})
		return
	}
	fp, problems := n.placements(f, sections, now)
	if len(problems.Text) > 0 {
		n.showFront(w, r, req, http.StatusUnprocessableEntity, &f, problems)
		return
	}
	version, err := n.store.SetFrontPage(ctx, fp, req.User.ID, now)
	var pe *content.PlacementError
	switch {
	case errors.Is(err, content.ErrConflict):
		n.showFront(w, r, req, http.StatusConflict, nil, frontProblems{Text: []string{frontConflict}})
		return
	case errors.As(err, &pe):
		headlines, herr := n.refusedHeadlines(r, pe)
		if herr != nil {
			n.serverError(w, r, req, herr)
			return
		}
		n.showFront(w, r, req, http.StatusUnprocessableEntity, &f, n.placementProblems(pe, f, sections, headlines))
		return
	case errors.Is(err, content.ErrInvalid):
		n.showFront(w, r, req, http.StatusUnprocessableEntity, &f, frontProblems{Text: []string{frontBadForm}})
		return
	case err != nil:
		n.serverError(w, r, req, err)
		return
	}
	n.record(ctx, r, req.User.ID, "frontpage_set", "frontpage", version, n.frontSummary(fp, sections))
	if err := n.site.FrontPageChanged(ctx); err != nil {
		n.log.Error("front page changed: tell the site", "err", err)
	}
	http.Redirect(w, r, "/newsroom/front?done=front", http.StatusSeeOther)
}

// refusedHeadlines are the headlines of the refused stories that still exist.
func (n *Newsroom) refusedHeadlines(r *http.Request, pe *content.PlacementError) (map[int64]string, error) {
	out := map[int64]string{}
	for _, b := range pe.Bad {
		if b.Problem == content.ArticleMissing {
			continue
		}
		a, err := n.store.Article(r.Context(), b.ArticleID)
		if errors.Is(err, content.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[a.ID] = a.Headline
	}
	return out, nil
}

// frontSummary describes a saved arrangement for the audit log: each
// placed slot with its story's number and pin.
func (n *Newsroom) frontSummary(fp content.FrontPage, sections []content.Section) string {
	st := n.site.Settings()
	names := map[int64]string{}
	for _, sec := range sections {
		names[sec.ID] = sec.Name
	}
	var parts []string
	for _, p := range fp.Placements {
		var where string
		switch p.Slot {
		case content.SlotLead:
			where = frontLeadLabel
		case content.SlotTop:
			where = topLabel(urdu.FormatInt(int64(p.Position+1), st.Digits))
		default:
			where = names[p.SectionID]
		}
		part := fmt.Sprintf("%s: خبر %s", where, urdu.FormatInt(p.ArticleID, st.Digits))
		if !p.PinnedUntil.IsZero() {
			part += "، " + urdu.FormatDate(p.PinnedUntil, st.Location, urdu.DayMonthYearTime, st.Digits) + " تک"
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return "کوئی خبر مقرر نہیں؛ ہر جگہ تازہ ترین خبریں۔"
	}
	return strings.Join(parts, "؛ ")
}
