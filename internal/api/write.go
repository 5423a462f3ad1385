package api

import "net/http"

// registerWrite adds the token-authenticated routes.
func (a *API) registerWrite(mux *http.ServeMux) {}
