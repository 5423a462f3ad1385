package clustertest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// UserAgent is sent with every request of a Client: a bot's, so that the
// tests' own page views are not counted and cannot re-rank the most-read
// list (which would drop every page) while a test watches the caches.
const UserAgent = "akhbar-clustertest-bot/1"

// Client is a browser for the tests: a cookie jar, no redirects followed
// (they are answers to check), and the newsroom's forms submitted as a
// person would submit them.
type Client struct {
	Base string // e.g. http://127.0.0.1:8080
	HTTP *http.Client
	// Header is added to every request (an X-Forwarded-For, say).
	Header http.Header
}

// Response is a status, headers and the whole body.
type Response struct {
	Code   int
	Header http.Header
	Body   string
}

// NewClient is a client of the site at base.
func NewClient(base string) *Client { return NewClientFrom(base, "") }

// NewClientFrom is a client whose connections leave from the local
// address from (127.0.0.2, say: all of 127.0.0.0/8 is this machine), so
// that a balancer sees a reader at another address. "" is any address.
func NewClientFrom(base, from string) *Client {
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{Timeout: 5 * time.Second}
	if from != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(from)}
	}
	tr := &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second}
	return &Client{Base: strings.TrimRight(base, "/"), Header: http.Header{}, HTTP: &http.Client{
		Jar: jar, Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Do sends a request; a non-nil form is posted as a browser posts it,
// with the site's own Origin.
func (c *Client) Do(method, path string, form url.Values) (*Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", UserAgent)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", c.Base)
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	return &Response{Code: resp.StatusCode, Header: resp.Header, Body: string(b)}, nil
}

// Get fetches path.
func (c *Client) Get(path string) (*Response, error) { return c.Do(http.MethodGet, path, nil) }

// Submit fetches the page at page, fills the form whose action is
// action with its own values (hidden fields and the CSRF token
// included) overlaid with set, and posts it, pressing the submit button
// with name=value button when button is not empty.
func (c *Client) Submit(page, action string, set url.Values, button ...string) (*Response, error) {
	r, err := c.Get(page)
	if err != nil {
		return nil, err
	}
	if r.Code != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d\n%.400s", page, r.Code, r.Body)
	}
	form, err := FormValues(r.Body, action)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", page, err)
	}
	for k, v := range set {
		form[k] = v
	}
	if len(button) == 2 {
		form.Set(button[0], button[1])
	}
	return c.Do(http.MethodPost, action, form)
}

// SignIn fills in the sign-in form and returns the status: 303 signed
// in, 401 a wrong password, 429 too many failures.
func (c *Client) SignIn(email, password string) (int, error) {
	r, err := c.Submit("/newsroom/login", "/newsroom/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return 0, err
	}
	return r.Code, nil
}

// MustSignIn signs in or returns an error saying what the site answered.
func (c *Client) MustSignIn(email, password string) error {
	code, err := c.SignIn(email, password)
	if err != nil {
		return err
	}
	if code != http.StatusSeeOther {
		return fmt.Errorf("sign in as %s at %s: %d, want 303", email, c.Base, code)
	}
	return nil
}

// Story is what Publish writes.
type Story struct {
	Headline, Strapline, Body, Tags string
	SectionID                       int64 // 0: the first section offered
}

var firstSection = regexp.MustCompile(`<option value="(\d+)"`)

var articleLocation = regexp.MustCompile(`^/newsroom/articles/(\d+)\?done=published$`)

// Publish writes a new article in the editor and presses «شائع کریں»
// (action=publish). It returns the article's id and its public path.
func (c *Client) Publish(s Story) (int64, string, error) {
	set := url.Values{"headline": {s.Headline}, "strapline": {s.Strapline}, "body": {s.Body}, "tags": {s.Tags}}
	if s.SectionID != 0 {
		set.Set("section", strconv.FormatInt(s.SectionID, 10))
	} else {
		r, err := c.Get("/newsroom/articles/new")
		if err != nil {
			return 0, "", err
		}
		_, sel, _ := strings.Cut(r.Body, `name="section"`)
		m := firstSection.FindStringSubmatch(sel)
		if m == nil {
			return 0, "", fmt.Errorf("no section offered in the editor (%d)", r.Code)
		}
		set.Set("section", m[1])
	}
	r, err := c.Submit("/newsroom/articles/new", "/newsroom/articles/new", set, "action", "publish")
	if err != nil {
		return 0, "", err
	}
	m := articleLocation.FindStringSubmatch(r.Header.Get("Location"))
	if r.Code != http.StatusSeeOther || m == nil {
		return 0, "", fmt.Errorf("publish: %d, location %q, want 303 to the published article\n%.600s", r.Code, r.Header.Get("Location"), r.Body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	path, err := c.PublicPath(id)
	return id, path, err
}

var publicLink = regexp.MustCompile(`<a href="([^"]+)" target="_blank" rel="noopener">ویب سائٹ پر دیکھیں</a>`)

// PublicPath is a published article's address on the site, as its
// editor page links to it.
func (c *Client) PublicPath(id int64) (string, error) {
	r, err := c.Get(fmt.Sprintf("/newsroom/articles/%d", id))
	if err != nil {
		return "", err
	}
	m := publicLink.FindStringSubmatch(r.Body)
	if r.Code != http.StatusOK || m == nil {
		return "", fmt.Errorf("article %d's editor (%d) links to no public page", id, r.Code)
	}
	return html.UnescapeString(m[1]), nil
}

// Unpublish opens the article's editor and presses «اشاعت واپس لیں»
// (action=unpublish).
func (c *Client) Unpublish(id int64) error { return c.Press(id, "unpublish") }

// Press opens an article's editor and presses the button for action
// (publish, unpublish, save, …), submitting the form as it stands.
func (c *Client) Press(id int64, action string) error {
	page := fmt.Sprintf("/newsroom/articles/%d", id)
	r, err := c.Submit(page, page, nil, "action", action)
	if err != nil {
		return err
	}
	if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), page+"?done=") {
		return fmt.Errorf("%s article %d: %d, location %q, want 303 to %s?done=…\n%.600s", action, id, r.Code, r.Header.Get("Location"), page, r.Body)
	}
	return nil
}

// SetSettings changes site settings (tagline, site_name, …) in the
// settings form, leaving the others as they are.
func (c *Client) SetSettings(set url.Values) error {
	r, err := c.Submit("/newsroom/settings", "/newsroom/settings", set)
	if err != nil {
		return err
	}
	if r.Code != http.StatusSeeOther {
		return fmt.Errorf("save settings: %d, want 303\n%.600s", r.Code, r.Body)
	}
	return nil
}

// FormValues reads the form whose action attribute is action from an
// HTML page and returns what a browser would submit without touching
// it: inputs (checkboxes only when checked; no buttons), textareas, and
// each select's selected options (or its first).
func FormValues(page, action string) (url.Values, error) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil, err
	}
	var form *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if form != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "form" && attr(n, "action") == action {
			form = n
			return
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			find(ch)
		}
	}
	find(doc)
	if form == nil {
		return nil, fmt.Errorf("no form with action %q", action)
	}
	v := url.Values{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name := attr(n, "name")
			switch n.Data {
			case "input":
				switch typ := strings.ToLower(attr(n, "type")); {
				case name == "", typ == "submit", typ == "button", typ == "file", typ == "image", typ == "reset":
				case typ == "checkbox" || typ == "radio":
					if has(n, "checked") {
						v.Add(name, attrOr(n, "value", "on"))
					}
				default:
					v.Add(name, attr(n, "value"))
				}
			case "textarea":
				if name != "" {
					v.Add(name, text(n))
				}
			case "select":
				if name != "" {
					var options, selected []string
					var opts func(*html.Node)
					opts = func(o *html.Node) {
						if o.Type == html.ElementNode && o.Data == "option" {
							val := attrOr(o, "value", text(o))
							options = append(options, val)
							if has(o, "selected") {
								selected = append(selected, val)
							}
						}
						for ch := o.FirstChild; ch != nil; ch = ch.NextSibling {
							opts(ch)
						}
					}
					opts(n)
					if len(selected) == 0 && len(options) > 0 && !has(n, "multiple") {
						selected = options[:1]
					}
					v[name] = append(v[name], selected...)
				}
				return
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(form)
	return v, nil
}

func attr(n *html.Node, key string) string { return attrOr(n, key, "") }

func attrOr(n *html.Node, key, def string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return def
}

func has(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return b.String()
}
