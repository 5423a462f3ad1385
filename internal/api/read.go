package api

import "net/http"

// registerRead adds the public read routes.
func (a *API) registerRead(mux *http.ServeMux) {}
