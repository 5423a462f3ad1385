package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/media"
	"akhbar/internal/urdu"
)

// uploadedMedia is a library image as the API shows it.
type uploadedMedia struct {
	ID         int64               `json:"id"`
	Format     string              `json:"format"`
	Width      int                 `json:"width"`
	Height     int                 `json:"height"`
	Bytes      int64               `json:"bytes"`
	Filename   string              `json:"filename"`
	Caption    string              `json:"caption"`
	Credit     string              `json:"credit"`
	Alt        string              `json:"alt"`
	CreatedAt  string              `json:"created_at"`
	Renditions []uploadedRendition `json:"renditions"`
}

type uploadedRendition struct {
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	Format   string `json:"format"`
	URL      string `json:"url"`
	Bytes    int64  `json:"bytes"`
	Original bool   `json:"original,omitempty"` // the cleaned full-size file
}

func uploadedOf(m content.Media) uploadedMedia {
	out := uploadedMedia{ID: m.ID, Format: m.Format, Width: m.Width, Height: m.Height, Bytes: m.Bytes, Filename: m.Filename,
		Caption: m.Caption, Credit: m.Credit, Alt: m.Alt, CreatedAt: draftTime(m.CreatedAt), Renditions: []uploadedRendition{}}
	for _, v := range m.Variants {
		out.Renditions = append(out.Renditions, uploadedRendition{Width: v.Width, Height: v.Height, Format: v.Format,
			URL: v.URL(), Bytes: v.Bytes, Original: v.Original})
	}
	return out
}

// uploadMedia adds one image to the library through the newsroom's
// pipeline: a multipart form with the file in "file" and the words in
// "caption", "credit" and "alt", or the image itself as the body (any
// image/* type) with the words and "filename" in the query.
func (a *API) uploadMedia(w http.ResponseWriter, r *http.Request, c *caller) {
	if !auth.CanMedia(c.user, auth.UploadMedia, nil) {
		roleForbids(w, r, c)
		return
	}
	if a.addImage == nil {
		writeProblem(w, r, http.StatusServiceUnavailable, ProblemUnavailable, "اس سرور پر تصاویر اپ لوڈ نہیں ہو سکتیں۔")
		return
	}
	limit := media.DefaultLimits.MaxBytes
	if r.ContentLength > limit+1<<20 {
		imageTooLarge(w, r)
		return
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		mt = ""
	}
	var file io.Reader
	var words func(string) string
	switch {
	case mt == "multipart/form-data":
		r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				imageTooLarge(w, r)
				return
			}
			writeProblem(w, r, http.StatusBadRequest, ProblemBadRequest, "فارم پڑھا نہیں جا سکا۔")
			return
		}
		defer r.MultipartForm.RemoveAll()
		f, hdr, err := r.FormFile("file")
		if err != nil {
			writeProblem(w, r, http.StatusBadRequest, ProblemBadRequest, "تصویر «file» فیلڈ میں بھیجیں۔",
				FieldError{"file", "تصویر نہیں ملی۔"})
			return
		}
		defer f.Close()
		file = f
		words = r.PostFormValue
		if r.PostFormValue("filename") == "" {
			name := hdr.Filename
			words = func(k string) string {
				if k == "filename" {
					return name
				}
				return r.PostFormValue(k)
			}
		}
	case strings.HasPrefix(mt, "image/"):
		// media.Process reads at most the limit, and says so if there is more.
		r.Body = http.MaxBytesReader(w, r.Body, limit+1)
		file = r.Body
		words = r.URL.Query().Get
	default:
		writeProblem(w, r, http.StatusUnsupportedMediaType, ProblemUnsupportedType,
			"تصویر multipart/form-data فارم کی «file» فیلڈ میں، یا خود درخواست کے طور پر (Content-Type: image/jpeg وغیرہ) بھیجیں۔")
		return
	}
	m := content.Media{
		Filename:  uploadFilename(words("filename")),
		Caption:   urdu.Normalize(strings.TrimSpace(words("caption"))),
		Credit:    urdu.Normalize(strings.TrimSpace(words("credit"))),
		Alt:       urdu.Normalize(strings.TrimSpace(words("alt"))),
		CreatedBy: c.user.ID,
	}
	if len(m.Caption) > 1000 || len(m.Credit) > 200 || len(m.Alt) > 500 {
		invalidInput(w, r, []FieldError{{"caption", "کیپشن، حوالہ یا متبادل متن بہت طویل ہے۔"}})
		return
	}
	stored, err := a.addImage(r.Context(), file, m)
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
	case errors.Is(err, media.ErrTooLarge), errors.Is(err, media.ErrTooManyPixels), errors.As(err, &mbe):
		writeProblem(w, r, http.StatusRequestEntityTooLarge, ProblemTooLarge, media.UrduMessage(err))
		return
	case errors.Is(err, media.ErrUnsupported):
		writeProblem(w, r, http.StatusUnsupportedMediaType, ProblemUnsupportedType, media.UrduMessage(err))
		return
	case errors.Is(err, media.ErrCorrupt):
		invalidInput(w, r, []FieldError{{"file", media.UrduMessage(err)}})
		return
	case errors.Is(err, media.ErrBusy): // more images waiting than the server takes: a retry, not a fault
		w.Header().Set("Retry-After", "5")
		writeProblem(w, r, http.StatusServiceUnavailable, ProblemUnavailable, media.UrduMessage(err))
		return
	default:
		a.failWrite(w, r, err)
		return
	}
	a.audit(r.Context(), r, c, "media_upload", "media", stored.ID, stored.Filename)
	writeJSON(w, http.StatusCreated, uploadedOf(stored))
}

func imageTooLarge(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, r, http.StatusRequestEntityTooLarge, ProblemTooLarge,
		fmt.Sprintf("تصویر زیادہ سے زیادہ %d MB کی ہو سکتی ہے۔", media.DefaultLimits.MaxBytes>>20))
}

// uploadFilename keeps an upload's name for the library as the newsroom
// does: the last path element, valid UTF-8, normalized, at most 200 bytes.
func uploadFilename(s string) string {
	s = s[strings.LastIndexAny(s, `/\`)+1:]
	s = urdu.Normalize(strings.ToValidUTF8(s, ""))
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "")
	}
	return s
}
