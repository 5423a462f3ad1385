package app

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPanicBecomes500: a handler that panics answers 500 with the Urdu
// error page text and the server goes on, with request logging off (the
// default, where no recorder wraps the response) and on.
func TestPanicBecomes500(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		log := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: level}))
		h := logRequests(log, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("bug") }))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "خرابی") {
			t.Errorf("log level %s: %d %q", level, rec.Code, rec.Body.String())
		}
	}
}
