package api

import (
	"net/http"
	"strings"
)

// CORS: any site's scripts may read the API (its reads are public, and
// a token travels in Authorization, never in a cookie a browser would
// attach on its own).

// AllowedMethods are the methods a browser may use across origins, which
// the preflight answer lists. The authenticated API adds its own here.
func AllowedMethods() []string {
	return []string{http.MethodGet, http.MethodHead, http.MethodOptions}
}

// allowedHeaders are the request headers a cross-origin script may send.
const allowedHeaders = "Authorization, Content-Type, If-Match, If-None-Match"

// exposedHeaders are the response headers a cross-origin script may read
// beyond the CORS-safelisted ones.
const exposedHeaders = "ETag, Retry-After, Location"

// preflightMaxAge is how long, in seconds, a browser may reuse a preflight
// answer (browsers cap it: Chromium at two hours).
const preflightMaxAge = "86400"

// Header values shared by every answer (net/http only reads them), so
// that a cache hit allocates nothing for them.
var (
	anyOrigin = []string{"*"}
	exposed   = []string{exposedHeaders}
)

// allowOrigin marks an answer readable by scripts of any origin.
func allowOrigin(h http.Header) {
	h["Access-Control-Allow-Origin"] = anyOrigin
	h["Access-Control-Expose-Headers"] = exposed
}

// CORS lets scripts of any origin read the API: GET and HEAD answers
// (cache hits included: the header is set before the page cache answers)
// carry Access-Control-Allow-Origin: *, and an OPTIONS preflight answers
// 204 with the methods and headers allowed. It wraps the handler of
// everything under Prefix.
func CORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			allowOrigin(w.Header())
		case http.MethodOptions:
			Preflight(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Preflight answers an OPTIONS request, a browser's preflight or not.
func Preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	allowOrigin(h)
	methods := strings.Join(AllowedMethods(), ", ")
	h.Set("Allow", methods)
	h.Set("Access-Control-Allow-Methods", methods)
	h.Set("Access-Control-Allow-Headers", allowedHeaders)
	h.Set("Access-Control-Max-Age", preflightMaxAge)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}
