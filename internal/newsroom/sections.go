package newsroom

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/editing"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

const sectionsTitle = "حصے"

// sectionRow is one section on the sections screen.
type sectionRow struct {
	editing.SectionTree
	Articles    int
	First, Last bool // among its siblings: no «اوپر» / «نیچے»
	Parents     []option
}

type sectionsPage struct {
	*page
	Rows     []sectionRow
	Parents  []option // for the new section's form
	New      content.Section
	Problems []string
	Editing  int64 // the row whose form the problems are about
}

// parentOptions are the sections sec may be put under: all but itself
// and its own subtree.
func parentOptions(tree []editing.SectionTree, id int64) []option {
	out := []option{{"0", "— کوئی نہیں (مرکزی حصہ) —"}}
	skipDepth := -1
	for _, s := range tree {
		if skipDepth >= 0 {
			if s.Depth > skipDepth {
				continue
			}
			skipDepth = -1
		}
		if s.ID == id && id != 0 {
			skipDepth = s.Depth
			continue
		}
		out = append(out, option{strconv.FormatInt(s.ID, 10), strings.Repeat("— ", s.Depth) + s.Name})
	}
	return out
}

func (n *Newsroom) showSections(w http.ResponseWriter, r *http.Request, req *request, code int, sp sectionsPage) {
	all, err := n.store.Sections(r.Context())
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	counts, err := n.store.SectionArticleCounts(r.Context())
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	tree := editing.Tree(all)
	sp.page = n.newPage(r, req, sectionsTitle)
	sp.Parents = parentOptions(tree, 0)
	for i, s := range tree {
		row := sectionRow{SectionTree: s, Articles: counts[s.ID], Parents: parentOptions(tree, s.ID)}
		row.First, row.Last = true, true
		for j := i - 1; j >= 0 && tree[j].Depth >= s.Depth; j-- {
			if tree[j].Depth == s.Depth {
				row.First = false
				break
			}
		}
		for j := i + 1; j < len(tree) && tree[j].Depth >= s.Depth; j++ {
			if tree[j].Depth == s.Depth {
				row.Last = false
				break
			}
		}
		if sp.Editing == s.ID && sp.New.ID == s.ID {
			// Show what was typed, not what is stored.
			row.Name, row.Slug, row.Description, row.ParentID = sp.New.Name, sp.New.Slug, sp.New.Description, sp.New.ParentID
		}
		sp.Rows = append(sp.Rows, row)
	}
	if sp.Editing != 0 {
		sp.New = content.Section{}
	}
	n.show(w, code, "sections", sp)
}

// sections lists the site's sections as the navigation orders them, to
// admins, with a form to change each and one to add a section.
func (n *Newsroom) sections(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageSections, nil) {
		n.forbidden(w, r, req)
		return
	}
	n.showSections(w, r, req, http.StatusOK, sectionsPage{})
}

// sectionForm reads a section's fields from the form.
func sectionForm(r *http.Request) content.Section {
	name := content.NormalizeLabel(strings.TrimSpace(r.PostFormValue("name")))
	parent, _ := strconv.ParseInt(r.PostFormValue("parent"), 10, 64)
	return content.Section{
		Name:        name,
		Slug:        editing.SectionSlug(r.PostFormValue("slug"), name),
		Description: urdu.Normalize(strings.TrimSpace(r.PostFormValue("description"))),
		ParentID:    max(parent, 0),
	}
}

// createSection adds a section at the end of its parent's sections.
func (n *Newsroom) createSection(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageSections, nil) {
		n.forbidden(w, r, req)
		return
	}
	ctx := r.Context()
	sec := sectionForm(r)
	all, err := n.store.Sections(ctx)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if problems := editing.SectionProblems(sec, all); len(problems) > 0 {
		n.showSections(w, r, req, http.StatusUnprocessableEntity, sectionsPage{New: sec, Problems: problems})
		return
	}
	sec.Position = len(all) + 1
	id, err := n.store.CreateNewSection(ctx, sec)
	if !n.sectionSaved(w, r, req, err, sectionsPage{New: sec}) {
		return
	}
	n.record(ctx, r, req.User.ID, "section_create", "section", id, sec.Slug+" «"+sec.Name+"»")
	http.Redirect(w, r, "/newsroom/sections?done=section", http.StatusSeeOther)
}

// sectionSaved finishes saving a section (err is the save's): a slug
// another section took since the check shows form again with a 409; else
// the tree is renumbered and every node told. It reports whether the
// save went through.
func (n *Newsroom) sectionSaved(w http.ResponseWriter, r *http.Request, req *request, err error, form sectionsPage) bool {
	if errors.Is(err, store.ErrSlugTaken) {
		form.Problems = []string{"یہ سلگ ابھی ابھی کسی اور حصے نے لے لیا۔ کوئی اور سلگ چنیں۔"}
		n.showSections(w, r, req, http.StatusConflict, form)
		return false
	}
	if err == nil {
		err = n.renumberSections(r)
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return false
	}
	n.site.SectionsChanged(r.Context())
	return true
}

// renumberSections stores the tree's order as the sections' positions,
// so the site's navigation (in position order) shows each section's
// children right after it.
func (n *Newsroom) renumberSections(r *http.Request) error {
	all, err := n.store.Sections(r.Context())
	if err != nil {
		return err
	}
	return n.store.ReorderSections(r.Context(), editing.TreeIDs(editing.Tree(all)))
}

// sectionFromPath loads the section the path names; false when it
// answered already.
func (n *Newsroom) sectionFromPath(w http.ResponseWriter, r *http.Request, req *request) (content.Section, bool) {
	if !auth.Can(req.User, auth.ManageSections, nil) {
		n.forbidden(w, r, req)
		return content.Section{}, false
	}
	return fromPath(n, w, r, req, n.store.Section)
}

// updateSection renames a section, gives it another slug (its old
// address redirects) or puts it under another section.
func (n *Newsroom) updateSection(w http.ResponseWriter, r *http.Request, req *request) {
	old, ok := n.sectionFromPath(w, r, req)
	if !ok {
		return
	}
	ctx := r.Context()
	sec := sectionForm(r)
	sec.ID, sec.Position = old.ID, old.Position
	all, err := n.store.Sections(ctx)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if problems := editing.SectionProblems(sec, all); len(problems) > 0 {
		n.showSections(w, r, req, http.StatusUnprocessableEntity, sectionsPage{New: sec, Editing: sec.ID, Problems: problems})
		return
	}
	if sec.ParentID != old.ParentID {
		sec.Position = len(all) + 1 // the last of its new siblings
	}
	if !n.sectionSaved(w, r, req, n.store.UpdateSection(ctx, sec), sectionsPage{New: sec, Editing: sec.ID}) {
		return
	}
	var changed []string
	if old.Name != sec.Name {
		changed = append(changed, "«"+old.Name+"» → «"+sec.Name+"»")
	}
	if old.Slug != sec.Slug {
		changed = append(changed, old.Path()+" → "+sec.Path())
	}
	if old.ParentID != sec.ParentID {
		changed = append(changed, fmt.Sprintf("parent %d → %d", old.ParentID, sec.ParentID))
	}
	if old.Description != sec.Description {
		changed = append(changed, "description")
	}
	n.record(ctx, r, req.User.ID, "section_update", "section", sec.ID, strings.Join(changed, "; "))
	http.Redirect(w, r, "/newsroom/sections?done=section", http.StatusSeeOther)
}

// moveSection moves a section one place up or down among its siblings
// (its children move with it).
func (n *Newsroom) moveSection(w http.ResponseWriter, r *http.Request, req *request) {
	sec, ok := n.sectionFromPath(w, r, req)
	if !ok {
		return
	}
	ctx := r.Context()
	dir := r.PostFormValue("dir")
	if dir != "up" && dir != "down" {
		n.fail(w, r, req, http.StatusBadRequest, "ترتیب بدلنے کی سمت (اوپر یا نیچے) معلوم نہیں ہو سکی۔")
		return
	}
	all, err := n.store.Sections(ctx)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	tree := editing.Tree(all)
	parentOf := map[int64]int64{}
	for _, s := range tree {
		parentOf[s.ID] = 0
	}
	for _, s := range tree {
		if _, ok := parentOf[s.ParentID]; ok {
			parentOf[s.ID] = s.ParentID
		}
	}
	var siblings []int64
	for _, s := range tree {
		if parentOf[s.ID] == parentOf[sec.ID] {
			siblings = append(siblings, s.ID)
		}
	}
	i := slices.Index(siblings, sec.ID)
	j := i - 1
	if dir == "down" {
		j = i + 1
	}
	if i < 0 || j < 0 || j >= len(siblings) {
		http.Redirect(w, r, "/newsroom/sections", http.StatusSeeOther) // already first or last
		return
	}
	siblings[i], siblings[j] = siblings[j], siblings[i]
	// Number the siblings in their new order, keep everyone else's
	// place, and let the tree put each subtree after its section.
	pos := map[int64]int{}
	for k, s := range tree {
		pos[s.ID] = k
	}
	slots := make([]int, len(siblings))
	for k, id := range siblings {
		slots[k] = pos[id]
	}
	slices.Sort(slots)
	for k, id := range siblings {
		pos[id] = slots[k]
	}
	for k := range all {
		all[k].Position = pos[all[k].ID]
	}
	slices.SortStableFunc(all, func(a, b content.Section) int { return a.Position - b.Position })
	if err := n.store.ReorderSections(ctx, editing.TreeIDs(editing.Tree(all))); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.site.SectionsChanged(ctx)
	n.record(ctx, r, req.User.ID, "section_move", "section", sec.ID, sec.Slug+" "+dir)
	http.Redirect(w, r, "/newsroom/sections?done=section#section-"+strconv.FormatInt(sec.ID, 10), http.StatusSeeOther)
}

// deleteSection deletes an empty section; one with stories or sections
// under it is refused with what to move first.
func (n *Newsroom) deleteSection(w http.ResponseWriter, r *http.Request, req *request) {
	sec, ok := n.sectionFromPath(w, r, req)
	if !ok {
		return
	}
	ctx := r.Context()
	err := n.store.DeleteSection(ctx, sec.ID)
	var inUse *store.SectionInUseError
	if errors.As(err, &inUse) {
		digits := n.site.Settings().Digits
		var what []string
		if inUse.Articles > 0 {
			what = append(what, urdu.Count(int64(inUse.Articles), digits, "مضمون", "مضامین"))
		}
		if inUse.Children > 0 {
			what = append(what, urdu.Count(int64(inUse.Children), digits, "ذیلی حصہ", "ذیلی حصے"))
		}
		msg := fmt.Sprintf("حصہ «%s» حذف نہیں ہو سکا کیونکہ اس میں %s موجود ہیں۔ پہلے انہیں کسی اور حصے میں منتقل کریں، پھر اسے حذف کریں۔",
			sec.Name, strings.Join(what, " اور "))
		if inUse.Articles+inUse.Children == 1 {
			msg = fmt.Sprintf("حصہ «%s» حذف نہیں ہو سکا کیونکہ اس میں %s موجود ہے۔ پہلے اسے کسی اور حصے میں منتقل کریں، پھر یہ حصہ حذف کریں۔",
				sec.Name, strings.Join(what, ""))
		}
		n.showSections(w, r, req, http.StatusConflict, sectionsPage{Problems: []string{msg}})
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if err := n.renumberSections(r); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.site.SectionsChanged(ctx)
	n.record(ctx, r, req.User.ID, "section_delete", "section", sec.ID, sec.Slug+" «"+sec.Name+"»")
	http.Redirect(w, r, "/newsroom/sections?done=section_deleted", http.StatusSeeOther)
}
