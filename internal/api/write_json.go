package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"akhbar/internal/content"
)

// maxJSONBody bounds a write's JSON body.
const maxJSONBody = 1 << 20

// decodeBody reads r's JSON body into v, strictly: the content type must
// be application/json, the body at most maxJSONBody, one JSON value with
// no member v does not know. On failure it answers the problem and
// returns false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		writeProblem(w, r, http.StatusUnsupportedMediaType, ProblemUnsupportedType,
			"درخواست JSON میں بھیجیں، Content-Type: application/json کے ساتھ۔")
		return false
	}
	if r.ContentLength > maxJSONBody {
		tooLargeBody(w, r)
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		badJSON(w, r, err)
		return false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			tooLargeBody(w, r)
			return false
		}
		writeProblem(w, r, http.StatusBadRequest, ProblemBadRequest, "JSON کے ایک ہی آبجیکٹ کے بعد کچھ اور نہیں ہونا چاہیے۔")
		return false
	}
	return true
}

// decodeOptionalBody is decodeBody for a request whose body may be empty.
func decodeOptionalBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if r.ContentLength == 0 || (r.ContentLength < 0 && r.Body == http.NoBody) {
		return true
	}
	return decodeBody(w, r, v)
}

func tooLargeBody(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, r, http.StatusRequestEntityTooLarge, ProblemTooLarge,
		fmt.Sprintf("JSON درخواست زیادہ سے زیادہ %d KB کی ہو سکتی ہے۔", maxJSONBody>>10))
}

// badJSON answers a body that could not be decoded: 413 when too large,
// else 400 saying what was wrong and where.
func badJSON(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		tooLargeBody(w, r)
	case errors.As(err, &syntax):
		writeProblem(w, r, http.StatusBadRequest, ProblemBadRequest,
			fmt.Sprintf("JSON درست نہیں (بائٹ %d کے قریب)۔", syntax.Offset))
	case errors.As(err, &typ) && typ.Field != "":
		writeProblem(w, r, http.StatusBadRequest, ProblemBadRequest, fmt.Sprintf("«%s» کی قسم درست نہیں۔", typ.Field),
			FieldError{Field: typ.Field, Message: "اس کی قسم درست نہیں۔"})
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		writeProblem(w, r, http.StatusBadRequest, ProblemBadRequest, "JSON ادھورا ہے یا خالی ہے۔")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		writeProblem(w, r, http.StatusBadRequest, ProblemBadRequest, fmt.Sprintf("نامعلوم فیلڈ «%s»۔", field),
			FieldError{Field: field, Message: "یہ فیلڈ موجود نہیں۔"})
	default:
		writeProblem(w, r, http.StatusBadRequest, ProblemBadRequest, "JSON پڑھا نہیں جا سکا۔")
	}
}

// sectionInput names a section by id (a number) or slug (a string).
type sectionInput struct {
	ID   int64
	Slug string
}

func (s *sectionInput) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &s.Slug)
	}
	return json.Unmarshal(b, &s.ID)
}

// articleInput is a create or update: a member left out (or null) keeps
// what is stored; on create, what is left out is empty.
type articleInput struct {
	Headline       *string       `json:"headline"`
	Strapline      *string       `json:"strapline"`
	DatelineSource *string       `json:"dateline_source"`
	DatelinePlace  *string       `json:"dateline_place"`
	BodyHTML       *string       `json:"body_html"`
	Section        *sectionInput `json:"section"`
	Tags           *[]string     `json:"tags"`
	Authors        *[]int64      `json:"authors"`
	Language       *string       `json:"language"`
	Slug           *string       `json:"slug"`
	LeadMedia      *int64        `json:"lead_media"`     // 0 removes the lead image
	TranslationOf  *int64        `json:"translation_of"` // 0: an original
}

// scheduleInput is the body of a schedule request.
type scheduleInput struct {
	PublishAt string `json:"publish_at"`
}

// draftArticle is an article as the authenticated API shows it, in any
// state, with the version to send back in If-Match.
type draftArticle struct {
	ID             int64         `json:"id"`
	Status         string        `json:"status"`
	Version        int           `json:"version"`
	Headline       string        `json:"headline"`
	Strapline      string        `json:"strapline"`
	DatelineSource string        `json:"dateline_source"`
	DatelinePlace  string        `json:"dateline_place"`
	BodyHTML       *string       `json:"body_html,omitempty"` // left out of lists
	Section        draftSection  `json:"section"`
	Tags           []draftTag    `json:"tags"`
	Authors        []draftAuthor `json:"authors"`
	Language       string        `json:"language"`
	Slug           string        `json:"slug"`
	LeadMedia      *int64        `json:"lead_media"`
	TranslationOf  *int64        `json:"translation_of"`
	URL            string        `json:"url,omitempty"` // the public page, while published
	CreatedAt      string        `json:"created_at"`
	UpdatedAt      string        `json:"updated_at"`
	PublishedAt    *string       `json:"published_at"` // or the scheduled time
}

type draftSection struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type draftTag struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type draftAuthor struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// draftList is a page of drafts.
type draftList struct {
	Articles []draftArticle `json:"articles"`
	Page     int            `json:"page"`
	PerPage  int            `json:"per_page"`
	Total    int            `json:"total"`
}

func draftTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func draftOptionalTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := draftTime(t)
	return &s
}

func draftOptionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// draftOf shows a; withBody includes its body.
func draftOf(a content.Article, withBody bool) draftArticle {
	d := draftArticle{ID: a.ID, Status: string(a.Status), Version: a.Version, Headline: a.Headline, Strapline: a.Strapline,
		DatelineSource: a.DatelineSource, DatelinePlace: a.DatelinePlace,
		Section:  draftSection{ID: a.Section.ID, Slug: a.Section.Slug, Name: a.Section.Name},
		Tags:     []draftTag{},
		Authors:  []draftAuthor{},
		Language: a.Language, Slug: a.Slug, LeadMedia: draftOptionalID(a.LeadMediaID), TranslationOf: draftOptionalID(a.TranslationOf),
		CreatedAt: draftTime(a.CreatedAt), UpdatedAt: draftTime(a.UpdatedAt), PublishedAt: draftOptionalTime(a.PublishedAt)}
	if withBody {
		body := a.BodyHTML
		d.BodyHTML = &body
	}
	for _, t := range a.Tags {
		d.Tags = append(d.Tags, draftTag{ID: t.ID, Slug: t.Slug, Name: t.Name})
	}
	for _, u := range a.Authors {
		d.Authors = append(d.Authors, draftAuthor{ID: u.ID, Name: u.Name, Slug: u.Slug})
	}
	if a.Status.Live() && a.Section.Slug != "" {
		d.URL = a.Path()
	}
	return d
}

// versionTag is an article version's entity tag.
func versionTag(version int) string { return `"` + strconv.Itoa(version) + `"` }
