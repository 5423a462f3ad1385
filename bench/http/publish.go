package main

import (
	"akhbar/bench/harness"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"
)

// errNotVisible is a published article the home page did not show in
// time: a missed target, not a harness failure.
var errNotVisible = errors.New("published article not on the home page")

var articleID = regexp.MustCompile(`^/newsroom/articles/(\d+)\?done=published$`)

// publishToVisible creates and publishes an article, times from sending
// the publish POST until the home page first shows its headline (polled
// as fast as one client can), and returns that time and the article id.
// A headline that has not appeared after timeout is reported as an error.
func publishToVisible(ctx context.Context, c *harness.Newsroom, sectionID int64, timeout time.Duration) (time.Duration, int64, error) {
	// A marker of Latin letters, which Urdu normalization, HTML escaping
	// and digit styles all leave alone.
	marker := "benchmark" + harness.Letters(10)
	headline := "بینچ مارک کی خبر " + marker
	form := url.Values{
		"csrf": {c.CSRF}, "action": {"publish"}, "version": {"0"}, "language": {"ur"},
		"headline":  {headline},
		"strapline": {"یہ خبر کارکردگی کی پیمائش کے لیے شائع کی گئی اور فوراً حذف کر دی جائے گی۔"},
		"section":   {strconv.FormatInt(sectionID, 10)},
		"body":      {"<p>کارکردگی کی پیمائش: شائع کرنے سے صفحۂ اول پر نظر آنے تک کا وقت۔</p>"},
	}
	start := time.Now()
	resp, body, err := c.Post(ctx, "/newsroom/articles/new", form)
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
		code, page, err := c.Get(ctx, "/")
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
func deleteArticle(ctx context.Context, c *harness.Newsroom, id int64) error {
	resp, body, err := c.Post(ctx, fmt.Sprintf("/newsroom/articles/%d/delete", id), url.Values{"csrf": {c.CSRF}})
	if err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	}
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("delete article %d: status %d\n%.500s", id, resp.StatusCode, body)
	}
	return nil
}
