package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"akhbar/internal/app"
	"akhbar/internal/auth"
	"akhbar/internal/backup"
	"akhbar/internal/config"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

// newsDesk is a running site with an editor's API token, for tests that
// write to it through HTTP.
type newsDesk struct {
	url, token string
	section    string
}

// deskUnderLoad serves a site opened with args (and no API rate limit)
// from a test server, with four publishers saving and publishing through
// the API until stop is closed, and returns once saves are being
// acknowledged.
func deskUnderLoad(t *testing.T, ctx context.Context, args ...string) (a *app.App, ack *acked, stop chan struct{}, wg *sync.WaitGroup) {
	t.Helper()
	cfg, _, err := config.Load("serve", append(args, "--api-rate", "0"), func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err = app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	token, section := prepareDesk(t, ctx, a.Store)
	desk := &newsDesk{url: srv.URL, token: token, section: section}
	ack, stop, wg = newAcked(), make(chan struct{}), &sync.WaitGroup{}
	for n := range 4 {
		wg.Go(func() { desk.publisher(t, n, stop, ack, true, false) })
	}
	waitForLoad(t, ack)
	return a, ack, stop, wg
}

// prepareDesk puts a section, an editor and an API token with every
// scope into the store, returning the token's secret.
func prepareDesk(t *testing.T, ctx context.Context, s *store.Store) (token, section string) {
	t.Helper()
	if _, err := s.CreateSection(ctx, content.Section{Slug: "wire", Name: "تازہ خبریں"}); err != nil {
		t.Fatal(err)
	}
	uid, err := s.CreateUser(ctx, content.User{Email: "desk@akhbar.example", Name: "ڈیسک", Slug: "desk", Role: content.RoleEditor})
	if err != nil {
		t.Fatal(err)
	}
	secret, hash, err := auth.NewAPIToken()
	if err != nil {
		t.Fatal(err)
	}
	tok := store.APIToken{UserID: uid, Name: "publisher", Hash: hash, Prefix: secret[:8], CreatedAt: time.Now()}
	for _, sc := range auth.Scopes {
		tok.Scopes = append(tok.Scopes, string(sc))
	}
	if err := s.CreateAPIToken(ctx, &tok); err != nil {
		t.Fatal(err)
	}
	return secret, "wire"
}

// call sends a request with the desk's token and decodes a JSON answer
// into out; it returns the status, or an error when there was no answer.
func (d *newsDesk) call(client *http.Client, method, path string, body []byte, contentType string, out any, header ...string) (int, error) {
	req, err := http.NewRequest(method, d.url+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+d.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return 0, fmt.Errorf("%s %s: %w: %s", method, path, err, b)
		}
	}
	return resp.StatusCode, nil
}

// acked records what the site answered with success.
type acked struct {
	mu        sync.Mutex
	saves     []save            // every save, in the order answered
	published map[int64]bool    // articles whose publishing was answered
	media     map[string][]byte // media keys uploaded, with nothing: checked against the source folder
}

type save struct {
	article int64
	marker  string // a word only this save's body holds
}

func newAcked() *acked { return &acked{published: map[int64]bool{}, media: map[string][]byte{}} }

// snapshot copies what was acknowledged so far.
func (a *acked) snapshot() (saves []save, published []int64, media []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	saves = append(saves, a.saves...)
	for id := range a.published {
		published = append(published, id)
	}
	for k := range a.media {
		media = append(media, k)
	}
	return saves, published, media
}

// publisher writes articles until stop closes: each is created, edited
// and published through the content API, and now and then an image is
// uploaded; what the site acknowledges goes into ack. Failures that are
// answers (not lost connections) fail the test unless tolerant.
func (d *newsDesk) publisher(t *testing.T, n int, stop <-chan struct{}, ack *acked, withImages, tolerant bool) {
	client := &http.Client{Timeout: 10 * time.Second}
	fail := func(format string, args ...any) {
		if !tolerant {
			t.Errorf(format, args...)
		}
	}
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		marker := fmt.Sprintf("nishan%dx%dx", n, i)
		var art struct {
			ID      int64 `json:"id"`
			Version int   `json:"version"`
		}
		draft, _ := json.Marshal(map[string]any{"headline": fmt.Sprintf("خبر %d-%d", n, i), "section": d.section,
			"body_html": "<p>پہلا مسودہ " + marker + "a</p>"})
		code, err := d.call(client, "POST", "/api/v1/articles", draft, "application/json", &art)
		if err != nil {
			continue // the server went away: nothing was acknowledged
		}
		if code != http.StatusCreated {
			fail("create: %d", code)
			continue
		}
		ack.mu.Lock()
		ack.saves = append(ack.saves, save{art.ID, marker + "a"})
		ack.mu.Unlock()
		edit, _ := json.Marshal(map[string]any{"body_html": "<p>دوسرا مسودہ " + marker + "b</p>"})
		code, err = d.call(client, "PATCH", fmt.Sprintf("/api/v1/articles/%d", art.ID), edit, "application/json", &art,
			"If-Match", fmt.Sprintf(`"%d"`, art.Version))
		if err != nil {
			continue
		}
		if code != http.StatusOK {
			fail("edit: %d", code)
			continue
		}
		ack.mu.Lock()
		ack.saves = append(ack.saves, save{art.ID, marker + "b"})
		ack.mu.Unlock()
		code, err = d.call(client, "POST", fmt.Sprintf("/api/v1/articles/%d/publish", art.ID), nil, "", &art,
			"If-Match", fmt.Sprintf(`"%d"`, art.Version))
		if err != nil {
			continue
		}
		if code != http.StatusOK {
			fail("publish: %d", code)
			continue
		}
		ack.mu.Lock()
		ack.published[art.ID] = true
		ack.mu.Unlock()
		if withImages && i%4 == 0 {
			var m struct {
				Renditions []struct{ URL string }
			}
			code, err := d.call(client, "POST", fmt.Sprintf("/api/v1/media?caption=%s&filename=p%d-%d.jpg", marker, n, i),
				smallPhoto(t, n, i), "image/jpeg", &m)
			if err != nil {
				continue
			}
			if code != http.StatusCreated {
				fail("upload: %d", code)
				continue
			}
			ack.mu.Lock()
			for _, r := range m.Renditions {
				ack.media[strings.TrimPrefix(r.URL, "/media/")] = nil
			}
			ack.mu.Unlock()
		}
	}
}

// smallPhoto is a small JPEG that differs for every (n, i).
func smallPhoto(t *testing.T, n, i int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for x := range 48 {
		for y := range 32 {
			img.Set(x, y, color.RGBA{uint8(n * 40), uint8(i * 7), uint8(x * y), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// checkAcked finds, in the SQLite site at dir, every save, publication
// and media file of those given.
func checkAcked(t *testing.T, ctx context.Context, dsn, mediaDir, sourceMedia string, saves []save, published []int64, media []string) {
	t.Helper()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	missing := 0
	for _, sv := range saves {
		revs, err := s.Revisions(ctx, sv.article)
		if err != nil {
			t.Errorf("article %d (saved with %s): %v", sv.article, sv.marker, err)
			missing++
			continue
		}
		found := false
		for _, r := range revs {
			if strings.Contains(r.BodyHTML, sv.marker) {
				found = true
			}
		}
		if !found {
			missing++
			if missing < 5 {
				t.Errorf("article %d: no revision holds the acknowledged save %s (%d revisions)", sv.article, sv.marker, len(revs))
			}
		}
	}
	for _, id := range published {
		a, err := s.Article(ctx, id)
		if err != nil || a.Status != content.StatusPublished {
			missing++
			t.Errorf("article %d, published: %s, %v", id, a.Status, err)
		}
	}
	for _, key := range media {
		got, err := os.ReadFile(filepath.Join(mediaDir, key))
		if err != nil {
			missing++
			t.Errorf("media %s: %v", key, err)
			continue
		}
		if sourceMedia != "" {
			want, _ := os.ReadFile(filepath.Join(sourceMedia, key))
			if !bytes.Equal(got, want) {
				t.Errorf("media %s differs from the site's", key)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d acknowledged writes missing", missing)
	}
}

// TestBackupUnderLoad: `akhbar backup` runs while four publishers create,
// edit and publish articles and upload images through the content API of
// the running site; `akhbar restore` puts the archive into a fresh data
// folder, where every save, publication and image acknowledged before the
// backup began is found.
func TestBackupUnderLoad(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	_, ack, stop, wg := deskUnderLoad(t, ctx, "--data", dir)
	saves, published, media := ack.snapshot()
	archive := filepath.Join(t.TempDir(), "under-load.tar.gz")
	t.Setenv("AKHBAR_DATA_DIR", dir)
	start := time.Now()
	if err := run(ctx, []string{"backup", archive}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	during, _, _ := ack.snapshot()
	close(stop)
	wg.Wait()
	t.Logf("backup took %s; %d saves acknowledged before it, %d by its end; %d media files before", took, len(saves), len(during), len(media))
	if len(during) == len(saves) {
		t.Log("no save was acknowledged while the backup ran: the load did not overlap it")
	}

	fresh := filepath.Join(t.TempDir(), "restored")
	t.Setenv("AKHBAR_DATA_DIR", fresh)
	if err := run(ctx, []string{"restore", archive}); err != nil {
		t.Fatal(err)
	}
	checkAcked(t, ctx, filepath.Join(fresh, "akhbar.db"), filepath.Join(fresh, "media"), filepath.Join(dir, "media"), saves, published, media)
	if err := run(ctx, []string{"restore", "--check", archive}); err != nil {
		t.Errorf("restore --check: %v", err)
	}
	// PostgreSQL sites are pointed to pg_dump and pg_restore.
	pg := "postgres://db.example/akhbar"
	if err := run(ctx, []string{"backup", "--database", pg, archive + ".2"}); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of PostgreSQL: %v", err)
	}
	if err := run(ctx, []string{"restore", "--data", t.TempDir(), "--database", pg, archive}); err == nil || !strings.Contains(err.Error(), "pg_restore") {
		t.Errorf("restore into PostgreSQL: %v", err)
	}
	// And a second restore into the same folder is refused.
	if err := run(ctx, []string{"restore", archive}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("restore into the restored folder: %v", err)
	}
}

// TestServeBackups: `akhbar serve --backup-every … --backup-to DIR` takes
// its first backup (here after AKHBAR_BACKUP_FIRST_DELAY), a whole
// archive, and says so in its log; the settings that cannot work are
// refused before anything starts.
func TestServeBackups(t *testing.T) {
	ctx := context.Background()
	for _, args := range [][]string{
		{"serve", "--backup-every", "6h"},
		{"serve", "--backup-every", "10s", "--backup-to", t.TempDir()},
		{"serve", "--backup-every", "6h", "--backup-to", t.TempDir(), "--database", "postgres://db.example/akhbar"},
		{"serve", "--keep", "-1"},
	} {
		if err := run(ctx, args); err == nil {
			t.Errorf("%q: no error", args)
		} else {
			t.Logf("%q: %v", args, err)
		}
	}
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := akhbarBinary(t)
	dir, to := t.TempDir(), t.TempDir()
	cmd, _, log := startServer(t, bin, []string{"AKHBAR_DATA_DIR=" + dir, "AKHBAR_DEMO=1", "AKHBAR_BACKUP_EVERY=1h",
		"AKHBAR_BACKUP_KEEP=3", "AKHBAR_BACKUP_TO=" + to, "AKHBAR_BACKUP_FIRST_DELAY=100ms"})
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(log.String(), "backup written") {
		if time.Now().After(deadline) {
			t.Fatalf("no backup within 20 s; the log:\n%s", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	names, _ := filepath.Glob(filepath.Join(to, "akhbar-*.tar.gz"))
	if len(names) != 1 {
		t.Fatalf("backups in %s: %v", to, names)
	}
	f, err := os.Open(names[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := backup.Inspect(f)
	if err != nil || m.Counts.Articles < 41 {
		t.Errorf("the scheduled backup: %+v, %v", m, err)
	}
}

// waitForLoad waits until the publishers have 40 saves and an image
// acknowledged.
func waitForLoad(t *testing.T, ack *acked) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if saves, _, media := ack.snapshot(); len(saves) >= 40 && len(media) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the publishers did not get 40 saves and an image acknowledged within 60 s")
		}
	}
}
