package webhooks_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/events"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/internal/webhooks"
)

// receiver is the test receiver (testreceiver/main.go), running as a
// separate process on 127.0.0.1.
type receiver struct {
	URL string // its base URL; webhooks go to URL + "/hook"
}

type receiverStats struct {
	Accepted map[string]int    `json:"accepted"`
	Types    map[string]string `json:"types"`
	Failed   int               `json:"failed"`
	Bad      int               `json:"bad"`
}

// startReceiver builds the receiver into a temporary folder and starts
// it; it is killed when the test ends.
func startReceiver(t *testing.T, secret string, args ...string) *receiver {
	t.Helper()
	// go test puts its own go first on the PATH (Go 1.19 on).
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("no go command on the PATH:", err)
	}
	bin := filepath.Join(t.TempDir(), "testreceiver")
	build := exec.Command(goTool, "build", "-o", bin, "./testreceiver")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the receiver: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, append([]string{"-secret", secret}, args...)...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		io.Copy(io.Discard, stdout)
	}()
	select {
	case l := <-line:
		u, ok := strings.CutPrefix(l, "listening on ")
		if !ok {
			t.Fatalf("receiver said %q", l)
		}
		return &receiver{URL: u}
	case <-time.After(30 * time.Second):
		t.Fatal("the receiver did not start")
	}
	return nil
}

func (r *receiver) stats(t *testing.T) receiverStats {
	t.Helper()
	resp, err := http.Get(r.URL + "/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st receiverStats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// fastRetries make a day of retries fit in a test: the same code paths,
// shorter waits.
func fastRetries(s *store.Store, node string) webhooks.Options {
	return webhooks.Options{Store: s, BaseURL: "https://akhbar.example", Node: node, AllowPrivate: true,
		Log:     slog.New(slog.DiscardHandler),
		Timeout: 5 * time.Second, FirstRetry: 50 * time.Millisecond, MaxRetry: 300 * time.Millisecond,
		Poll: 100 * time.Millisecond, Lease: 10 * time.Second}
}

// TestReceiver: stories published, updated, withdrawn and deleted, and
// breaking strips raised and taken down, reach a real receiver process
// that checks every signature and fails on purpose at first: each event
// arrives exactly once, signed, despite the failures. On PostgreSQL two
// workers (as two nodes would) share the queue; none is lost, none doubled.
func TestReceiver(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		s := storetest.OpenSQLite(t)
		receiverScenario(t, s, []*store.Store{s})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresSchema(t)
		var nodes []*store.Store
		for range 2 {
			s, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if _, err := s.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			nodes = append(nodes, s)
		}
		receiverScenario(t, nodes[0], nodes)
	})
}

func receiverScenario(t *testing.T, s *store.Store, nodes []*store.Store) {
	ctx := context.Background()
	secret := webhooks.NewSecret()
	rcv := startReceiver(t, secret, "-fail-first", "7", "-fail-for", "1s")

	// A forged request and a tampered one are refused by the receiver.
	forged := []byte(`{"type":"article.published","timestamp":"2026-03-01T08:00:00Z","data":{"id":1}}`)
	for _, sig := range []string{"v1,AAAA", mustSign(t, secret, "msg_x", time.Now().Unix(), []byte(`{"type":"other"}`))} {
		req, _ := http.NewRequest("POST", rcv.URL+"/hook", bytes.NewReader(forged))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("webhook-id", "msg_x")
		req.Header.Set("webhook-timestamp", strconv.FormatInt(time.Now().Unix(), 10))
		req.Header.Set("webhook-signature", sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("the receiver took a bad signature: %d", resp.StatusCode)
		}
	}

	section, err := s.CreateSection(ctx, content.Section{Slug: "national", Name: "قومی"})
	if err != nil {
		t.Fatal(err)
	}
	good := &store.WebhookSubscription{URL: rcv.URL + "/hook", Secret: secret, Active: true, Description: "موبائل ایپ"}
	for _, k := range events.Kinds {
		good.Kinds = append(good.Kinds, string(k))
	}
	// The same receiver under a secret it does not know: refused every time.
	wrong := &store.WebhookSubscription{URL: rcv.URL + "/hook", Secret: webhooks.NewSecret(), Active: true,
		Kinds: []string{string(events.BreakingRaised)}}
	paused := &store.WebhookSubscription{URL: rcv.URL + "/hook", Secret: secret, Active: false, Kinds: good.Kinds}
	for _, w := range []*store.WebhookSubscription{good, wrong, paused} {
		if err := s.CreateWebhook(ctx, w, time.Now()); err != nil {
			t.Fatal(err)
		}
	}

	var workers []*webhooks.Hooks
	for i, n := range nodes {
		workers = append(workers, webhooks.New(fastRetries(n, fmt.Sprintf("node-%d", i+1))))
	}
	sink := workers[0]
	send := func(e events.Event) {
		t.Helper()
		e.At = time.Now()
		ds, err := sink.Enqueue(ctx, e)
		if err != nil {
			t.Fatalf("enqueue %s: %v", e.Kind, err)
		}
		if len(ds) == 0 {
			t.Fatalf("%s queued nothing", e.Kind)
		}
	}
	save := func(a *content.Article) {
		t.Helper()
		a.UpdatedAt = time.Now()
		if err := s.SaveArticle(ctx, a, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
	}

	// A backlog first, so that the workers start together on it.
	const stories = 15
	var published []content.Article
	for i := range stories {
		a := content.Article{SectionID: section, Status: content.StatusPublished, Headline: fmt.Sprintf("خبر نمبر %d", i),
			Slug: fmt.Sprintf("story-%d", i), Language: "ur", BodyHTML: "<p>متن</p>", BodyText: "متن", PublishedAt: time.Now()}
		save(&a)
		send(events.Event{Kind: events.ArticlePublished, ArticleID: a.ID})
		a.Headline += " (تازہ)"
		save(&a)
		send(events.Event{Kind: events.ArticleUpdated, ArticleID: a.ID})
		published = append(published, a)
	}
	for _, a := range published[:5] {
		a.Status = content.StatusUnpublished
		save(&a)
		send(events.Event{Kind: events.ArticleUnpublished, ArticleID: a.ID})
	}
	gone, err := s.Article(ctx, published[0].ID) // as the newsroom holds it, section and all
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteArticle(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	send(events.Event{Kind: events.ArticleDeleted, ArticleID: gone.ID, Article: &gone})

	runCtx, stop := context.WithCancel(ctx)
	defer func() {
		stop()
		for _, w := range workers {
			w.Wait()
		}
	}()
	for _, w := range workers {
		w.Start(runCtx)
	}

	// Then events while they run.
	strip := content.Breaking{Text: "کراچی میں زلزلہ", ArticleID: published[7].ID, ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.RaiseBreaking(ctx, &strip, time.Now()); err != nil {
		t.Fatal(err)
	}
	send(events.Event{Kind: events.BreakingRaised, BreakingID: strip.ID})
	if err := s.EndBreaking(ctx, strip.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	send(events.Event{Kind: events.BreakingCleared, BreakingID: strip.ID})
	want := stories*2 + 5 + 1 + 2

	var log []store.WebhookDelivery
	deadline := time.Now().Add(60 * time.Second)
	for {
		log, err = s.WebhookDeliveries(ctx, good.ID, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(log, func(d store.WebhookDelivery) bool { return d.State != store.DeliveryDelivered }) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("deliveries still not delivered after a minute: %d of %d", countState(log, store.DeliveryDelivered), len(log))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(log) != want {
		t.Fatalf("%d deliveries queued, want %d (one per event)", len(log), want)
	}

	st := rcv.stats(t)
	if len(st.Accepted) != want {
		t.Errorf("the receiver accepted %d messages, want %d", len(st.Accepted), want)
	}
	kinds := map[string]int{}
	retried := 0
	nodesUsed := map[string]bool{}
	for _, d := range log {
		if n := st.Accepted[d.MessageID]; n != 1 {
			t.Errorf("%s (%s) accepted %d times, want once", d.MessageID, d.Kind, n)
		}
		if st.Types[d.MessageID] != d.Kind {
			t.Errorf("%s arrived as %q, queued as %q", d.MessageID, st.Types[d.MessageID], d.Kind)
		}
		kinds[d.Kind]++
		if d.Attempts > 1 {
			retried++
		}
		if len(d.AttemptLog) != d.Attempts {
			t.Errorf("%s: %d attempts counted, %d recorded", d.MessageID, d.Attempts, len(d.AttemptLog))
		}
		last := d.AttemptLog[len(d.AttemptLog)-1]
		if last.StatusCode != http.StatusNoContent || last.Error != "" {
			t.Errorf("%s: last attempt %+v", d.MessageID, last)
		}
		for _, a := range d.AttemptLog[:len(d.AttemptLog)-1] {
			if a.StatusCode != 500 && a.StatusCode != 503 {
				t.Errorf("%s: a failed attempt answered %d (%s)", d.MessageID, a.StatusCode, a.Error)
			}
		}
		nodesUsed[last.Node] = true
	}
	if kinds["article.published"] != stories || kinds["article.updated"] != stories || kinds["article.unpublished"] != 5 ||
		kinds["article.deleted"] != 1 || kinds["breaking.raised"] != 1 || kinds["breaking.cleared"] != 1 {
		t.Errorf("kinds delivered: %v", kinds)
	}
	if st.Failed < 7 || retried == 0 {
		t.Errorf("the receiver failed %d requests and %d deliveries were retried: the failures were not exercised", st.Failed, retried)
	}
	t.Logf("%d events, %d refused on purpose, %d deliveries retried, delivered by %v", want, st.Failed, retried, nodesUsed)

	// The payloads: an article as it stands, a deleted one as it was.
	var msgs = map[string]map[string]any{}
	for _, d := range log {
		var m map[string]any
		if err := json.Unmarshal(d.Payload, &m); err != nil {
			t.Fatal(err)
		}
		msgs[d.Kind+"/"+fmt.Sprint(m["data"].(map[string]any)["id"])] = m
	}
	upd := msgs[fmt.Sprintf("article.updated/%d", published[3].ID)]
	data := upd["data"].(map[string]any)
	if upd["type"] != "article.updated" || data["headline"] != published[3].Headline || data["language"] != "ur" ||
		data["url"] != fmt.Sprintf("https://akhbar.example/national/%d/story-3", published[3].ID) ||
		data["section"].(map[string]any)["slug"] != "national" || data["published_at"] == nil {
		t.Errorf("article.updated payload: %v", upd)
	}
	if _, err := time.Parse(time.RFC3339, upd["timestamp"].(string)); err != nil {
		t.Errorf("timestamp: %v", err)
	}
	del := msgs[fmt.Sprintf("article.deleted/%d", gone.ID)]["data"].(map[string]any)
	if del["headline"] != gone.Headline || del["url"] == nil {
		t.Errorf("article.deleted payload: %v", del)
	}
	raised := msgs[fmt.Sprintf("breaking.raised/%d", strip.ID)]["data"].(map[string]any)
	if raised["text"] != "کراچی میں زلزلہ" || raised["url"] != fmt.Sprintf("https://akhbar.example/national/%d/story-7", published[7].ID) || raised["expires_at"] == nil || raised["ended_at"] != nil {
		t.Errorf("breaking.raised payload: %v", raised)
	}
	if cleared := msgs[fmt.Sprintf("breaking.cleared/%d", strip.ID)]["data"].(map[string]any); cleared["ended_at"] == nil {
		t.Errorf("breaking.cleared payload: %v", cleared)
	}

	// The wrong secret's delivery was refused (401) and is being retried;
	// the paused subscription got nothing.
	wlog, err := s.WebhookDeliveries(ctx, wrong.ID, 10)
	if err != nil || len(wlog) != 1 || wlog[0].State != store.DeliveryPending || len(wlog[0].AttemptLog) == 0 ||
		wlog[0].AttemptLog[0].StatusCode != http.StatusUnauthorized {
		t.Errorf("wrongly signed delivery: %+v, %v", wlog, err)
	}
	if st.Bad < 1+2 {
		t.Errorf("the receiver saw %d bad requests", st.Bad)
	}
	if plog, _ := s.WebhookDeliveries(ctx, paused.ID, 10); len(plog) != 0 {
		t.Errorf("a paused subscription got deliveries: %+v", plog)
	}

	// A redelivery sends the same message again; the receiver counts it.
	first := log[len(log)-1]
	if _, err := sink.Redeliver(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); rcv.stats(t).Accepted[first.MessageID] != 2; {
		if time.Now().After(deadline) {
			t.Fatal("the redelivery did not arrive")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func countState(log []store.WebhookDelivery, state string) int {
	n := 0
	for _, d := range log {
		if d.State == state {
			n++
		}
	}
	return n
}

func mustSign(t *testing.T, secret, id string, ts int64, body []byte) string {
	t.Helper()
	sig, err := webhooks.Sign(secret, id, ts, body)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}
