// Command testreceiver is a webhook receiver for Akhbar's tests, run as a
// separate process on 127.0.0.1. It checks every request's Standard
// Webhooks signature on its own (it shares no code with the sender),
// answers 401 to a bad one, fails on purpose for the first -fail-first
// requests or -fail-for after start, and counts the deliveries it
// accepted by webhook-id. GET /stats reports what it saw as JSON.
//
//	testreceiver -secret whsec_… [-addr 127.0.0.1:0] [-fail-first N] [-fail-for 2s]
//
// It prints "listening on http://HOST:PORT" once it accepts connections.
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// stats is what the receiver saw; GET /stats answers it.
type stats struct {
	Accepted map[string]int    `json:"accepted"` // webhook-id → deliveries accepted (answered 2xx)
	Types    map[string]string `json:"types"`    // webhook-id → the payload's type
	Failed   int               `json:"failed"`   // well-signed requests refused on purpose
	Bad      int               `json:"bad"`      // requests whose signature or headers were wrong
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	secret := flag.String("secret", "", "the subscription's secret, whsec_…")
	failFirst := flag.Int("fail-first", 0, "answer 500 to this many well-signed requests first")
	failFor := flag.Duration("fail-for", 0, "answer 503 to well-signed requests for this long after start")
	tolerance := flag.Duration("tolerance", 5*time.Minute, "oldest (and furthest future) webhook-timestamp accepted")
	flag.Parse()
	enc, ok := strings.CutPrefix(*secret, "whsec_")
	key, err := base64.StdEncoding.DecodeString(enc)
	if !ok || err != nil || len(key) < 24 {
		log.Fatal("testreceiver: -secret must be whsec_ and base64 of at least 24 bytes")
	}
	start := time.Now()
	var mu sync.Mutex
	st := stats{Accepted: map[string]int{}, Types: map[string]string{}}
	seen := 0

	mux := http.NewServeMux()
	mux.HandleFunc("POST /hook", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		id, ts, sigs := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), r.Header.Get("webhook-signature")
		if err != nil || id == "" || !verify(key, id, ts, body, sigs, *tolerance) ||
			!strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			mu.Lock()
			st.Bad++
			mu.Unlock()
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var msg struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(body, &msg); err != nil || msg.Type == "" {
			mu.Lock()
			st.Bad++
			mu.Unlock()
			http.Error(w, "not a webhook message", http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		seen++
		if seen <= *failFirst {
			st.Failed++
			http.Error(w, "failing on purpose (first requests)", http.StatusInternalServerError)
			return
		}
		if time.Since(start) < *failFor {
			st.Failed++
			http.Error(w, "failing on purpose (for a while)", http.StatusServiceUnavailable)
			return
		}
		st.Accepted[id]++
		st.Types[id] = msg.Type
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(st)
	})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stdout, "listening on http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, mux))
}

// verify checks the Standard Webhooks signature: the base64 of
// HMAC-SHA256(key, id + "." + timestamp + "." + body) among the
// header's space-separated "v1,…" signatures, and a timestamp within
// tolerance of now.
func verify(key []byte, id, ts string, body []byte, header string, tolerance time.Duration) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	if d := time.Since(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return false
	}
	h := hmac.New(sha256.New, key)
	h.Write([]byte(id + "." + ts + "."))
	h.Write(body)
	want := h.Sum(nil)
	for _, sig := range strings.Split(header, " ") {
		v, enc, ok := strings.Cut(sig, ",")
		if !ok || v != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(enc)
		if err == nil && hmac.Equal(got, want) {
			return true
		}
	}
	return false
}
