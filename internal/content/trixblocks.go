package content

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TrixBlockType is the content type of the attachments the newsroom's
// editor wraps stored story blocks in (web/static/js/editor.js): Trix
// keeps markup it does not know only inside an attachment, and would
// otherwise drop a table, an embed or an image figure the first time a
// story with one is edited.
const TrixBlockType = "application/vnd.akhbar.block+html"

// unwrapTrixBlocks puts each block the editor carried in an attachment
// (its JSON "block" attribute) back in the attachment's place, for
// PrepareBody to clean like any other markup. Any other attachment goes
// whole: its preview is no part of the story.
func unwrapTrixBlocks(raw string) string {
	if !strings.Contains(raw, "data-trix-attachment") {
		return raw
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(raw), body)
	if err != nil {
		return raw
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	changed := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if block, attachment := trixBlock(c); attachment {
				if frag, err := html.ParseFragment(strings.NewReader(block), body); block != "" && err == nil {
					for _, f := range frag {
						n.InsertBefore(f, c)
					}
				}
				n.RemoveChild(c)
				changed = true
			} else {
				walk(c)
			}
			c = next
		}
	}
	walk(body)
	if !changed {
		return raw
	}
	var b strings.Builder
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&b, c); err != nil {
			return raw
		}
	}
	return b.String()
}

// trixBlock reports whether n is an editor attachment, and the stored
// block it carries ("" for none).
func trixBlock(n *html.Node) (block string, attachment bool) {
	if n.Type != html.ElementNode {
		return "", false
	}
	for _, a := range n.Attr {
		if a.Key != "data-trix-attachment" {
			continue
		}
		var v struct {
			ContentType string `json:"contentType"`
			Block       string `json:"block"`
		}
		if json.Unmarshal([]byte(a.Val), &v) != nil || v.ContentType != TrixBlockType {
			return "", true
		}
		return v.Block, true
	}
	return "", false
}
