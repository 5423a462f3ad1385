package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// harnessUA is the User-Agent of the harness's own requests: a bot, so
// that fetching pages to check them counts no views.
const harnessUA = "akhbar-bench-bot/1 (harness; not a reader)"

// newsroomClient is a signed-in newsroom session over HTTP.
type newsroomClient struct {
	base string
	hc   *http.Client
	csrf string // the session's token, from any newsroom form
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches path and returns the status and the body.
func (c *newsroomClient) get(ctx context.Context, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("User-Agent", harnessUA)
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// post sends a form and returns the response (body read and closed).
func (c *newsroomClient) post(ctx context.Context, path string, form url.Values) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", harnessUA)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func formToken(page []byte) (string, error) {
	m := csrfField.FindSubmatch(page)
	if m == nil {
		return "", errors.New("no csrf field in the form")
	}
	return html.UnescapeString(string(m[1])), nil
}

// signIn signs in to the newsroom as a user with the given password.
func signIn(ctx context.Context, base, email, password string) (*newsroomClient, error) {
	jar, _ := cookiejar.New(nil)
	c := &newsroomClient{base: base, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		// Redirects are answers to check, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	code, page, err := c.get(ctx, "/newsroom/login")
	if err != nil || code != http.StatusOK {
		return nil, fmt.Errorf("sign-in form: status %d, %v", code, err)
	}
	token, err := formToken(page) // the double-submit token; its cookie is in the jar
	if err != nil {
		return nil, fmt.Errorf("sign-in form: %w", err)
	}
	resp, body, err := c.post(ctx, "/newsroom/login", url.Values{"csrf": {token}, "next": {"/newsroom/"},
		"email": {email}, "password": {password}})
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in as %s: status %d, want 303\n%.500s", email, resp.StatusCode, body)
	}
	code, page, err = c.get(ctx, "/newsroom/articles/new")
	if err != nil || code != http.StatusOK {
		return nil, fmt.Errorf("new article form: status %d, %v", code, err)
	}
	if c.csrf, err = formToken(page); err != nil {
		return nil, fmt.Errorf("new article form: %w", err)
	}
	return c, nil
}

// errNotVisible is a published article the home page did not show in
// time: a missed target, not a harness failure.
var errNotVisible = errors.New("published article not on the home page")

// letters returns n random lowercase Latin letters.
func letters(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = 'a' + b[i]%26
	}
	return string(b)
}

var articleID = regexp.MustCompile(`^/newsroom/articles/(\d+)\?done=published$`)

// publishToVisible creates and publishes an article, times from sending
// the publish POST until the home page first shows its headline (polled
// as fast as one client can), and returns that time and the article id.
// A headline that has not appeared after timeout is reported as an error.
func (c *newsroomClient) publishToVisible(ctx context.Context, sectionID int64, timeout time.Duration) (time.Duration, int64, error) {
	// A marker of Latin letters, which Urdu normalization, HTML escaping
	// and digit styles all leave alone.
	marker := "benchmark" + letters(10)
	headline := "بینچ مارک کی خبر " + marker
	form := url.Values{
		"csrf": {c.csrf}, "action": {"publish"}, "version": {"0"}, "language": {"ur"},
		"headline":  {headline},
		"strapline": {"یہ خبر کارکردگی کی پیمائش کے لیے شائع کی گئی اور فوراً حذف کر دی جائے گی۔"},
		"section":   {strconv.FormatInt(sectionID, 10)},
		"body":      {"<p>کارکردگی کی پیمائش: شائع کرنے سے صفحۂ اول پر نظر آنے تک کا وقت۔</p>"},
	}
	start := time.Now()
	resp, body, err := c.post(ctx, "/newsroom/articles/new", form)
	if err != nil {
		return 0, 0, fmt.Errorf("publish: %w", err)
	}
	m := articleID.FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		return 0, 0, fmt.Errorf("publish: status %d, location %q, want 303 to the published article\n%.500s",
			resp.StatusCode, resp.Header.Get("Location"), body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	want := []byte(marker)
	for {
		code, page, err := c.get(ctx, "/")
		if err != nil {
			return 0, id, fmt.Errorf("poll home page: %w", err)
		}
		if code == http.StatusOK && bytes.Contains(page, want) {
			return time.Since(start), id, nil
		}
		if time.Since(start) > timeout {
			return 0, id, fmt.Errorf("%w: article %d after %s (last status %d)", errNotVisible, id, timeout, code)
		}
	}
}

// deleteArticle removes an article the check published, so the data
// folder stays as loaded for the next run.
func (c *newsroomClient) deleteArticle(ctx context.Context, id int64) error {
	resp, body, err := c.post(ctx, fmt.Sprintf("/newsroom/articles/%d/delete", id), url.Values{"csrf": {c.csrf}})
	if err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	}
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("delete article %d: status %d\n%.500s", id, resp.StatusCode, body)
	}
	return nil
}
