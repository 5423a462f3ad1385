package search

import (
	"strings"
	"unicode"

	"akhbar/internal/urdu"
)

// Fragment is a piece of text as written; Match marks a query word.
// Templates render Match fragments in <mark>, escaping both kinds alike.
type Fragment struct {
	Text  string
	Match bool
}

// Highlight splits all of text into fragments, marking the query's words.
func (m Matcher) Highlight(text string) []Fragment {
	return m.fragments(text, urdu.TokenSpans(text), 0, len(text))
}

// Mentions counts the query's words in text, up to atMost: enough to
// tell a story about them from one that names them once in passing. A
// compound counts as written either way, as the index finds it: «وزیر
// اعظم» in the text for «وزیراعظم», and «وزیراعظم» for «وزیر اعظم». It
// stops at atMost, and judges each distinct word once (a body repeats its
// words, and folding one to its key is most of the cost).
func (m Matcher) Mentions(text string, atMost int) int {
	verdict := make(map[string]bool, 64)
	n, prev := 0, ""
	for start, end := range urdu.EachTokenSpan(text) {
		if n >= atMost {
			break
		}
		w := text[start:end]
		is, judged := verdict[w]
		if !judged {
			is = m.Match(w) || m.matchParts(w)
			verdict[w] = is
		}
		switch {
		case is:
			n, prev = n+1, ""
		case m.joined && prev != "" && m.Match(prev+w):
			n, prev = n+1, ""
		default:
			prev = w
		}
	}
	return n
}

// matchParts reports whether word is a joined compound with a query
// word for one of its two words.
func (m Matcher) matchParts(word string) bool {
	info, ok := forms[loose(foldForSearch(word))]
	return ok && info.parts != nil && (m.Match(info.parts[0]) || m.Match(info.parts[1]))
}

// snippetScanWords bounds the words a snippet looks through for a match:
// a long article's first matching passage is almost always early, and the
// page must not fold a whole book per result.
const snippetScanWords = 5000

// Snippet returns about n words of text around the first query word in
// it, marked, with "…" where text was cut. With no match it returns the
// first n words, so every result shows how the article begins.
func (m Matcher) Snippet(text string, n int) []Fragment {
	spans := urdu.TokenSpans(text)
	if len(spans) == 0 || n <= 0 {
		return nil
	}
	first := 0
	for i, sp := range spans[:min(len(spans), snippetScanWords)] {
		if m.Match(text[sp[0]:sp[1]]) {
			first = i
			break
		}
	}
	// Start a few words before the match, so it reads in context.
	from := max(0, first-n/4)
	to := min(len(spans), from+n)
	from = max(0, to-n)
	start, end := spans[from][0], spans[to-1][1]
	if from == 0 {
		start = 0
	}
	if to == len(spans) {
		end = len(text)
	}
	out := m.fragments(text, spans[from:to], start, end)
	if from > 0 {
		out = append([]Fragment{{Text: "… "}}, out...)
	}
	if to < len(spans) {
		out = append(out, Fragment{Text: " …"})
	}
	return out
}

// fragments cuts text[start:end] at the given word spans, merging
// neighbouring plain pieces.
func (m Matcher) fragments(text string, spans [][2]int, start, end int) []Fragment {
	var out []Fragment
	add := func(s string, match bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && !match && !out[n-1].Match {
			out[n-1].Text += s
			return
		}
		out = append(out, Fragment{Text: s, Match: match})
	}
	at := start
	for _, sp := range spans {
		word := text[sp[0]:sp[1]]
		if !m.Match(word) {
			continue
		}
		add(collapse(text[at:sp[0]]), false)
		add(word, true)
		at = sp[1]
	}
	add(collapse(text[at:end]), false)
	return out
}

// collapse turns paragraph breaks into spaces: a snippet is one line.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
