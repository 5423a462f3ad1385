package newsroom

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/media"
	"akhbar/internal/urdu"
)

const (
	mediaPerPage   = 40
	maxUploadFiles = 20
)

// mediaKey is a rendition's storage key: its content hash, so a key never
// points at two different files and URLs can be cached for a year.
func mediaKey(data []byte, format media.Format) string {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:16])
	return h[:2] + "/" + h[2:4] + "/" + h + format.Ext()
}

// AddImage processes a picture, stores its renditions and records it in
// the library, with the given words. Importers and tests use it; uploads
// go through the same steps.
func (n *Newsroom) AddImage(ctx context.Context, r io.Reader, m content.Media) (content.Media, error) {
	stored, err := n.storeImage(ctx, r)
	if err != nil {
		return stored, err
	}
	stored.Filename, stored.Caption, stored.Credit, stored.Alt, stored.CreatedBy = m.Filename, m.Caption, m.Credit, m.Alt, m.CreatedBy
	stored.CreatedAt = n.now()
	if err := n.store.CreateMedia(ctx, &stored); err != nil {
		n.removeKeys(ctx, variantKeys(stored.Variants))
		return stored, errStore{err}
	}
	return stored, nil
}

// errStore marks a failure of our storage, not of the uploaded file.
type errStore struct{ error }

func (e errStore) Unwrap() error { return e.error }

func variantKeys(vs []content.MediaVariant) []string {
	keys := make([]string, len(vs))
	for i, v := range vs {
		keys[i] = v.Key
	}
	return keys
}

// storeImage processes one upload and puts every rendition into storage.
// On any failure it removes what it had put, so nothing is half-stored.
func (n *Newsroom) storeImage(ctx context.Context, r io.Reader) (content.Media, error) {
	p, err := media.Process(r, media.DefaultLimits)
	if err != nil {
		return content.Media{}, err
	}
	m := content.Media{Format: string(p.Format), Width: p.Width, Height: p.Height, Bytes: int64(len(p.Original.Data))}
	all := append([]media.Variant{p.Original}, p.Variants...)
	var put []string
	for i, v := range all {
		key := mediaKey(v.Data, v.Format)
		if err := n.media.Put(ctx, key, v.Data, v.Format.ContentType()); err != nil {
			n.removeKeys(ctx, put)
			return content.Media{}, errStore{fmt.Errorf("store rendition %dpx %s: %w", v.Width, v.Format, err)}
		}
		put = append(put, key)
		m.Variants = append(m.Variants, content.MediaVariant{Width: v.Width, Height: v.Height, Format: string(v.Format),
			Key: key, Bytes: int64(len(v.Data)), Original: i == 0})
	}
	return m, nil
}

// removeKeys deletes stored files that no library entry names any more.
// Files are named by their content, so another entry made from the same
// bytes may share them: those stay. If the store cannot say, nothing is
// deleted (a stray file costs disk; a missing one breaks a page).
func (n *Newsroom) removeKeys(ctx context.Context, keys []string) {
	ctx = context.WithoutCancel(ctx)
	free, err := n.store.UnreferencedKeys(ctx, keys)
	if err != nil {
		n.log.Warn("media files left in place", "keys", len(keys), "err", err)
		return
	}
	for _, k := range free {
		if err := n.media.Delete(ctx, k); err != nil {
			n.log.Warn("delete media file", "key", k, "err", err)
		}
	}
}

// uploadResult is one file's outcome, for the library page and its script.
type uploadResult struct {
	Name  string `json:"name"`
	ID    int64  `json:"id,omitempty"`
	Thumb string `json:"thumb,omitempty"`
	URL   string `json:"url,omitempty"`
	Error string `json:"error,omitempty"`
}

// upload takes one or more images from a multipart form, streaming each
// file through processing so a large upload never sits whole in memory.
func (n *Newsroom) upload(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.CanMedia(req.User, auth.UploadMedia, nil) {
		n.forbidden(w, r, req)
		return
	}
	mr, err := r.MultipartReader()
	if err != nil {
		n.fail(w, r, req, http.StatusBadRequest, "تصویر اپ لوڈ کرنے کے لیے فائل منتخب کریں۔")
		return
	}
	// The token comes in a header (the page's script) or as the form's
	// first field (no script); no file is read before it has been seen.
	tokenOK := auth.TokensEqual(r.Header.Get("X-CSRF-Token"), req.Session.CSRFToken)
	var results []uploadResult
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			results = append(results, uploadResult{Error: "اپ لوڈ بیچ میں رک گیا؛ دوبارہ کوشش کریں۔"})
			break
		}
		if part.FormName() == "csrf" {
			b, _ := io.ReadAll(io.LimitReader(part, 200))
			tokenOK = tokenOK || auth.TokensEqual(string(b), req.Session.CSRFToken)
			continue
		}
		if part.FormName() != "files" || part.FileName() == "" {
			continue
		}
		if !tokenOK {
			n.fail(w, r, req, http.StatusForbidden, "یہ فارم پرانا ہو چکا ہے۔ صفحہ دوبارہ کھول کر کوشش کریں۔")
			return
		}
		if len(results) >= maxUploadFiles {
			results = append(results, uploadResult{Name: part.FileName(), Error: fmt.Sprintf("ایک بار میں زیادہ سے زیادہ %d تصویریں۔", maxUploadFiles)})
			continue
		}
		name := cleanFilename(part.FileName())
		m, err := n.AddImage(r.Context(), part, content.Media{Filename: name, CreatedBy: req.User.ID})
		var se errStore
		if errors.As(err, &se) {
			n.serverError(w, r, req, err)
			return
		}
		if err != nil {
			n.log.Info("upload refused", "file", name, "err", err)
			results = append(results, uploadResult{Name: name, Error: media.UrduMessage(err)})
			continue
		}
		results = append(results, uploadResult{Name: name, ID: m.ID, Thumb: thumb(&m).URL(), URL: fmt.Sprintf("/newsroom/media/%d", m.ID)})
	}
	if !tokenOK {
		n.fail(w, r, req, http.StatusForbidden, "یہ فارم پرانا ہو چکا ہے۔ صفحہ دوبارہ کھول کر کوشش کریں۔")
		return
	}
	code := http.StatusOK
	for _, res := range results {
		if res.Error != "" {
			code = http.StatusUnprocessableEntity
		}
	}
	if r.Header.Get("X-Requested-With") == "fetch" {
		writeJSON(w, code, map[string]any{"results": results})
		return
	}
	n.showLibrary(w, r, req, code, results)
}

func cleanFilename(s string) string {
	s = s[strings.LastIndexAny(s, `/\`)+1:]
	s = urdu.Normalize(strings.ToValidUTF8(s, ""))
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// thumb is the smallest rendition in the original format.
func thumb(m *content.Media) content.MediaVariant {
	if list := m.Renditions(m.Format); len(list) > 0 {
		return list[0]
	}
	return content.MediaVariant{}
}

type libraryPage struct {
	*page
	Items            []content.Media
	Total            int
	Query            string
	Results          []uploadResult
	Page, Pages      int
	PrevURL, NextURL string
}

func (n *Newsroom) showLibrary(w http.ResponseWriter, r *http.Request, req *request, code int, results []uploadResult) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		q = q[:200]
	}
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageNo = max(pageNo, 1)
	items, total, err := n.store.MediaList(r.Context(), q, mediaPerPage, (pageNo-1)*mediaPerPage)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	lp := libraryPage{page: n.newPage(r, req, "تصاویر"), Items: items, Total: total, Query: q, Results: results, Page: pageNo,
		Pages: max(1, (total+mediaPerPage-1)/mediaPerPage)}
	link := func(k int) string {
		v := "/newsroom/media?page=" + strconv.Itoa(k)
		if q != "" {
			v += "&q=" + url.QueryEscape(q)
		}
		return v
	}
	lp.PrevURL, lp.NextURL = link(pageNo-1), link(pageNo+1)
	n.show(w, code, "media", lp)
}

// library lists the images, newest first, searchable by caption, credit,
// alt text and file name.
func (n *Newsroom) library(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.CanMedia(req.User, auth.UploadMedia, nil) {
		n.forbidden(w, r, req)
		return
	}
	n.showLibrary(w, r, req, http.StatusOK, nil)
}

type mediaPage struct {
	*page
	Media     content.Media
	Thumb     content.MediaVariant
	Usage     []content.Article // the uses this user may see
	Hidden    int               // uses in other people's unpublished articles, counted only
	CanEdit   bool
	CanDelete bool
	Problems  []string
}

func (n *Newsroom) loadMedia(w http.ResponseWriter, r *http.Request, req *request) (content.Media, bool) {
	return fromPath(n, w, r, req, n.store.Media)
}

// fromPath loads the record the request's {id} names with get, answering
// 404 when the id is malformed or names nothing, and 500 when get fails.
func fromPath[T any](n *Newsroom, w http.ResponseWriter, r *http.Request, req *request, get func(context.Context, int64) (T, error)) (T, bool) {
	var v T
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		n.notFound(w, r, req)
		return v, false
	}
	v, err = get(r.Context(), id)
	if errors.Is(err, content.ErrNotFound) {
		n.notFound(w, r, req)
		return v, false
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return v, false
	}
	return v, true
}

func (n *Newsroom) showMedia(w http.ResponseWriter, r *http.Request, req *request, code int, m content.Media, problems []string) {
	usage, err := n.store.MediaUsage(r.Context(), m.ID)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	// Everyone who writes may open any image, but an unpublished story's
	// headline is for those who may open the story.
	var shown []content.Article
	for _, a := range usage {
		if a.Status == content.StatusPublished || auth.Can(req.User, auth.ViewArticle, &a) {
			shown = append(shown, a)
		}
	}
	n.show(w, code, "medium", mediaPage{page: n.newPage(r, req, "تصویر"), Media: m, Thumb: m.Fallback(), Usage: shown,
		Hidden:  len(usage) - len(shown),
		CanEdit: auth.CanMedia(req.User, auth.EditMedia, &m), CanDelete: auth.CanMedia(req.User, auth.DeleteMedia, &m) && len(usage) == 0,
		Problems: problems})
}

// medium shows one image: its words, its renditions and where it is used.
func (n *Newsroom) medium(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.CanMedia(req.User, auth.UploadMedia, nil) {
		n.forbidden(w, r, req)
		return
	}
	m, ok := n.loadMedia(w, r, req)
	if !ok {
		return
	}
	n.showMedia(w, r, req, http.StatusOK, m, nil)
}

// updateMedium saves an image's caption, credit and alt text.
func (n *Newsroom) updateMedium(w http.ResponseWriter, r *http.Request, req *request) {
	m, ok := n.loadMedia(w, r, req)
	if !ok {
		return
	}
	if !auth.CanMedia(req.User, auth.EditMedia, &m) {
		n.forbidden(w, r, req)
		return
	}
	m.Caption = urdu.Normalize(strings.TrimSpace(r.PostFormValue("caption")))
	m.Credit = urdu.Normalize(strings.TrimSpace(r.PostFormValue("credit")))
	m.Alt = urdu.Normalize(strings.TrimSpace(r.PostFormValue("alt")))
	if len(m.Caption) > 1000 || len(m.Credit) > 200 || len(m.Alt) > 500 {
		n.showMedia(w, r, req, http.StatusUnprocessableEntity, m, []string{"کیپشن، حوالہ یا متبادل متن بہت طویل ہے۔"})
		return
	}
	if err := n.store.UpdateMediaText(r.Context(), m.ID, m.Caption, m.Credit, m.Alt, n.now()); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.mediaChanged(r.Context(), m.ID)
	http.Redirect(w, r, fmt.Sprintf("/newsroom/media/%d?done=saved", m.ID), http.StatusSeeOther)
}

// replaceMedium puts a new file under the same image, everywhere it is used.
func (n *Newsroom) replaceMedium(w http.ResponseWriter, r *http.Request, req *request) {
	m, ok := n.loadMedia(w, r, req)
	if !ok {
		return
	}
	if !auth.CanMedia(req.User, auth.EditMedia, &m) {
		n.forbidden(w, r, req)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, media.DefaultLimits.MaxBytes+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil || !auth.CheckCSRF(r, req.Session) {
		n.fail(w, r, req, http.StatusForbidden, "یہ فارم پرانا ہو چکا ہے۔ صفحہ دوبارہ کھول کر کوشش کریں۔")
		return
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		n.showMedia(w, r, req, http.StatusBadRequest, m, []string{"نئی تصویر منتخب کریں۔"})
		return
	}
	defer f.Close()
	fresh, err := n.storeImage(r.Context(), f)
	var se errStore
	if errors.As(err, &se) {
		n.serverError(w, r, req, err)
		return
	}
	if err != nil {
		n.showMedia(w, r, req, http.StatusUnprocessableEntity, m, []string{media.UrduMessage(err)})
		return
	}
	fresh.ID, fresh.Filename = m.ID, cleanFilename(hdr.Filename)
	old, err := n.store.ReplaceMediaFile(r.Context(), &fresh, n.now())
	if err != nil {
		n.removeKeys(r.Context(), variantKeys(fresh.Variants))
		n.serverError(w, r, req, err)
		return
	}
	n.removeKeys(r.Context(), unusedKeys(old, fresh.Variants))
	n.record(r.Context(), r, req.User.ID, "media_replace", "media", m.ID, fresh.Filename)
	n.mediaChanged(r.Context(), m.ID)
	http.Redirect(w, r, fmt.Sprintf("/newsroom/media/%d?done=replaced", m.ID), http.StatusSeeOther)
}

// unusedKeys are old keys the new renditions do not reuse (same bytes, same key).
func unusedKeys(old []string, fresh []content.MediaVariant) []string {
	keep := map[string]bool{}
	for _, v := range fresh {
		keep[v.Key] = true
	}
	var out []string
	for _, k := range old {
		if !keep[k] {
			out = append(out, k)
		}
	}
	return out
}

// deleteMedium removes an image no article uses.
func (n *Newsroom) deleteMedium(w http.ResponseWriter, r *http.Request, req *request) {
	m, ok := n.loadMedia(w, r, req)
	if !ok {
		return
	}
	if !auth.CanMedia(req.User, auth.DeleteMedia, &m) {
		n.forbidden(w, r, req)
		return
	}
	keys, err := n.store.DeleteMedia(r.Context(), m.ID)
	if errors.Is(err, content.ErrConflict) {
		n.showMedia(w, r, req, http.StatusConflict, m, []string{"یہ تصویر مضامین میں استعمال ہو رہی ہے، اس لیے حذف نہیں ہو سکتی۔"})
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.removeKeys(r.Context(), keys)
	n.record(r.Context(), r, req.User.ID, "media_delete", "media", m.ID, m.Filename)
	http.Redirect(w, r, "/newsroom/media?done=deleted", http.StatusSeeOther)
}

// mediaChanged tells the site that every live article using the image changed.
func (n *Newsroom) mediaChanged(ctx context.Context, id int64) {
	usage, err := n.store.MediaUsage(ctx, id)
	if err != nil {
		n.log.Warn("media usage", "media", id, "err", err)
		return
	}
	for _, a := range usage {
		if a.Status.Live() {
			n.changed(ctx, a.ID)
		}
	}
}
