package api

import (
	"encoding/json"
	"net/http"
)

// Problem is an RFC 9457 problem details object. Type is a stable URI
// that clients switch on; Title is for people, in Urdu, and the same for
// every occurrence of the type; Detail says what was wrong this time.
type Problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail,omitempty"`
	Errors []FieldError `json:"errors,omitempty"` // per-field problems of a refused write
}

// FieldError is one field's problem in a refused write.
type FieldError struct {
	Field   string `json:"field"`   // the JSON member, e.g. "headline"
	Message string `json:"message"` // in Urdu
}

// ProblemType is one kind of problem, with its stable type URI.
type ProblemType struct {
	URI   string
	Title string
}

// problemBase prefixes every problem type: relative URIs that resolve on
// the site itself, where the OpenAPI document explains them.
const problemBase = "/api/v1/problems/"

// The problem types. Their URIs never change; add new ones, never rename.
var (
	ProblemNotFound        = ProblemType{problemBase + "not-found", "یہ چیز موجود نہیں"}
	ProblemBadRequest      = ProblemType{problemBase + "bad-request", "درخواست سمجھ میں نہیں آئی"}
	ProblemInvalid         = ProblemType{problemBase + "invalid", "بھیجی گئی معلومات درست نہیں"}
	ProblemTooLarge        = ProblemType{problemBase + "too-large", "درخواست بہت بڑی ہے"}
	ProblemUnauthorized    = ProblemType{problemBase + "unauthorized", "ٹوکن درکار ہے"}
	ProblemForbidden       = ProblemType{problemBase + "forbidden", "اس ٹوکن کو یہ کام کرنے کی اجازت نہیں"}
	ProblemConflict        = ProblemType{problemBase + "conflict", "کسی اور نے یہ مضمون بدل دیا ہے"}
	ProblemPrecondition    = ProblemType{problemBase + "precondition-required", "If-Match کے ساتھ نسخہ بھیجیں"}
	ProblemRateLimited     = ProblemType{problemBase + "rate-limited", "بہت زیادہ درخواستیں"}
	ProblemMethod          = ProblemType{problemBase + "method-not-allowed", "یہ طریقہ یہاں نہیں چلتا"}
	ProblemUnsupportedType = ProblemType{problemBase + "unsupported-media-type", "یہ فارمیٹ قبول نہیں"}
	ProblemUnavailable     = ProblemType{problemBase + "unavailable", "سروس عارضی طور پر دستیاب نہیں"}
	ProblemInternal        = ProblemType{problemBase + "internal", "سرور میں خرابی"}
)

// writeProblem answers with a problem of type t.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, t ProblemType, detail string, errs ...FieldError) {
	writeJSONAs(w, status, "application/problem+json", Problem{Type: t.URI, Title: t.Title, Status: status, Detail: detail, Errors: errs})
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONAs(w, status, "application/json; charset=utf-8", v)
}

func writeJSONAs(w http.ResponseWriter, status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"type":"`+ProblemInternal.URI+`","status":500}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
