package content

import (
	"encoding/json"
	"html"
	"testing"
)

// trixFigure is a block as Trix serializes the attachment editor.js
// wraps it in: the block in the JSON, a preview inside.
func trixFigure(t *testing.T, contentType, block string) string {
	t.Helper()
	j, err := json.Marshal(map[string]string{"contentType": contentType, "content": "<span>پیش منظر</span>", "block": block})
	if err != nil {
		t.Fatal(err)
	}
	return `<figure data-trix-attachment="` + html.EscapeString(string(j)) + `" data-trix-content-type="` + contentType +
		`" class="attachment attachment--content"><span>پیش منظر</span><figcaption class="attachment__caption"></figcaption></figure>`
}

// TestTrixBlocksUnwrapped: a story's blocks survive a round trip through
// the editor, which hands them back inside attachments.
func TestTrixBlocksUnwrapped(t *testing.T) {
	blocks := []string{
		`<figure data-block="image" data-media="42"><figcaption>جلسہ گاہ</figcaption></figure>`,
		`<figure data-block="embed" data-provider="youtube" data-id="dQw4w9WgXcQ" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"><figcaption>پریس کانفرنس</figcaption></figure>`,
		`<table><thead><tr><th>حلقہ</th><th>ووٹ</th></tr></thead><tbody><tr><td>این اے 12</td><td>45,000</td></tr></tbody></table>`,
		`<aside data-block="related" data-article="17"></aside>`,
	}
	for _, b := range blocks {
		stored := PrepareBody("<p>پہلا پیراگراف</p>" + b + "<p>دوسرا پیراگراف</p>")
		fromEditor := PrepareBody("<p>پہلا پیراگراف</p>" + trixFigure(t, TrixBlockType, b) + "<p>دوسرا پیراگراف</p>")
		if fromEditor != stored {
			t.Errorf("block %.40s…\nfrom the editor: %s\nstored:          %s", b, fromEditor, stored)
		}
		if stored == PrepareBody("<p>پہلا پیراگراف</p><p>دوسرا پیراگراف</p>") {
			t.Errorf("block %.40s… is not kept by PrepareBody at all", b)
		}
	}
	// An attachment of another kind carries nothing the server keeps, and
	// a block inside one is not unwrapped.
	other := PrepareBody("<p>متن</p>" + trixFigure(t, "image/png", blocks[0]))
	if other != PrepareBody("<p>متن</p>") {
		t.Errorf("another attachment kept: %s", other)
	}
	// A block smuggling script is cleaned like any other markup.
	evil := PrepareBody(trixFigure(t, TrixBlockType, `<script>alert(1)</script><table><tbody><tr><td onclick="x()">خانہ</td></tr></tbody></table>`))
	if evil != PrepareBody(`<table><tbody><tr><td>خانہ</td></tr></tbody></table>`) {
		t.Errorf("unwrapped block not cleaned: %s", evil)
	}
}
