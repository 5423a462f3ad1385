package app

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestPagesAnswerUnderSearchFlood: with every search a distinct query of
// common words (so none is served from the cache), the health check and
// pages still answer, searches answer a page or a quick 503, never an
// error. Searches run in their own lane of the render gate; the figures
// on the 100,000-article corpus are in docs/search.md.
func TestPagesAnswerUnderSearchFlood(t *testing.T) {
	n := demoNode(t, nil, "--page-cache-mb", "0")
	words := strings.Fields("اور کے میں کی کا سے نے کو پر ہے یہ وہ کہا گیا حکومت پاکستان")
	var searches, refused atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 48 {
		wg.Go(func() {
			client := &http.Client{Timeout: 30 * time.Second}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				q := make([]string, 12)
				for k := range q {
					q[k] = words[(g*7+i*13+k*k)%len(words)]
				}
				resp, err := client.Get(n.url + "/search?q=" + url.QueryEscape(strings.Join(q, " ")) + fmt.Sprintf("+%d", g*1000+i))
				if err != nil {
					t.Errorf("search: %v", err)
					return
				}
				resp.Body.Close()
				searches.Add(1)
				switch resp.StatusCode {
				case http.StatusOK:
				case http.StatusServiceUnavailable:
					refused.Add(1)
				default:
					t.Errorf("a search under load answered %d", resp.StatusCode)
				}
			}
		})
	}
	deadline := time.Now().Add(3 * time.Second)
	probes := 0
	for time.Now().Before(deadline) {
		for _, path := range []string{"/healthz", "/", "/international/"} {
			if code, _ := n.get(t, path); code != http.StatusOK {
				t.Errorf("%s under a search flood: %d", path, code)
			}
			probes++
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	t.Logf("%d searches (%d refused at once), %d page probes all answered", searches.Load(), refused.Load(), probes)
}
