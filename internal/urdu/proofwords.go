package urdu

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// proofWordsFile lists correctly spelled Urdu words with ہ, ھ or ۃ, or
// ending in ت: what Proof needs to tell which letter an Arabic ه or ة
// stands for. It is derived from testdata/urdu-words.txt (see
// TestProofWordsFile, which rewrites it with -update).
//
//go:embed proofwords.txt
var proofWordsFile string

// hehPlaceholder stands for ہ, ھ and ه in lexicon keys: a typed ه could be either.
const hehPlaceholder = 'ه'

// lexEntry is one lexicon word: its key (see lexKey) and the ہ or ھ each
// placeholder of the key stands for, in order.
type lexEntry struct {
	key  string
	hehs []rune
}

// lexicon is the proofing word list, sorted by key.
var lexicon = sync.OnceValue(func() []lexEntry {
	var out []lexEntry
	for line := range strings.SplitSeq(proofWordsFile, "\n") {
		w := strings.TrimSpace(line)
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		key, _ := lexKey([]rune(w))
		e := lexEntry{key: string(key)}
		for _, r := range w {
			if r == 'ہ' || r == 'ھ' {
				e.hehs = append(e.hehs, r)
			}
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b lexEntry) int { return strings.Compare(a.key, b.key) })
	return out
})

// hehPreferred settles the keys the word list spells both ways (گھر and
// گہر, بھی and the misspelling بہی), where a news text means the ھ word.
// Every other tie goes to ہ, the far more common letter.
var hehPreferred = map[string]string{
	"گهر": "گھر", "بهی": "بھی", "تهی": "تھی", "پهر": "پھر", "بهر": "بھر",
	"بهرے": "بھرے", "کهلا": "کھلا", "دهن": "دھن", "دهنده": "دھندہ",
}

// lexKey returns the key of a word: its letters without marks, with ك, ي
// and ى written as ک and ی, ۀ as ۂ, and ہ, ھ, ه as the placeholder. pos[i]
// is the key index of w[i], or -1 for a mark.
func lexKey(w []rune) (key []rune, pos []int) {
	key, pos = make([]rune, 0, len(w)), make([]int, len(w))
	for i, r := range w {
		if unicode.Is(unicode.Mn, r) {
			pos[i] = -1
			continue
		}
		switch r {
		case 'ك':
			r = 'ک'
		case 'ي', 'ى':
			r = 'ی'
		case 'ۀ':
			r = 'ۂ'
		case 'ہ', 'ھ':
			r = hehPlaceholder
		}
		pos[i] = len(key)
		key = append(key, r)
	}
	return key, pos
}

// maxLexWord is the longest word looked up; longer runs of letters are
// not words, and the lookups cost time in the length.
const maxLexWord = 40

// lexWord is a word of the text being proofed, ready for lookups.
type lexWord struct {
	key []rune
	pos []int
	str string // string(key)
	off []int  // off[k] is the byte offset of key[k] in str
}

func newLexWord(w []rune) *lexWord {
	lw := &lexWord{}
	lw.key, lw.pos = lexKey(w)
	lw.str = string(lw.key)
	lw.off = make([]int, len(lw.key)+1)
	for k, r := range lw.key {
		lw.off[k+1] = lw.off[k] + len(string(r))
	}
	return lw
}

// aspirable are the letters Urdu writes ھ after (URDU.md §1: ھ marks aspirates).
func aspirable(r rune) bool {
	return strings.ContainsRune("بپتٹجچدڈرڑکگلمن", r)
}

// heh decides what the Arabic heh at index i of the word stands for: ھ
// when the word list says this word (or, failing the word, most words
// that begin as this one does) has ھ there, else ہ.
func (w *lexWord) heh(i int) rune {
	k := w.pos[i]
	if k <= 0 || !aspirable(w.key[k-1]) || len(w.key) > maxLexWord {
		return 'ہ'
	}
	if word, ok := hehPreferred[w.str]; ok {
		return []rune(word)[k]
	}
	nth := 0 // which placeholder of the key this is
	for _, r := range w.key[:k] {
		if r == hehPlaceholder {
			nth++
		}
	}
	lex := lexicon()
	if lo, hi := lexRange(lex, w.str, false); lo < hi {
		return hehVote(lex[lo:hi], nth)
	}
	for end := len(w.key) - 1; end > k; end-- {
		if lo, hi := lexRange(lex, w.str[:w.off[end]], true); lo < hi {
			return hehVote(lex[lo:hi], nth)
		}
	}
	return 'ہ'
}

// hehVote returns ھ if more of the entries have ھ at their nth
// placeholder than ہ.
func hehVote(entries []lexEntry, nth int) rune {
	do, goal := 0, 0
	for _, e := range entries {
		if nth < len(e.hehs) {
			if e.hehs[nth] == 'ھ' {
				do++
			} else {
				goal++
			}
		}
	}
	if do > goal {
		return 'ھ'
	}
	return 'ہ'
}

// tehMarbuta decides how Urdu spells the word whose index i holds ة: with
// ت (حکومت), ہ (جامعہ) or ۃ (صلوۃ), whichever the word list knows, in that
// order; ۃ when it knows none, as Normalize writes it.
func (w *lexWord) tehMarbuta(i int) rune {
	k := w.pos[i]
	if k != len(w.key)-1 || len(w.key) > maxLexWord {
		return 'ۃ'
	}
	lex := lexicon()
	stem := w.str[:w.off[k]]
	for _, c := range []rune{'ت', hehPlaceholder, 'ۃ'} {
		if lo, hi := lexRange(lex, stem+string(c), false); lo < hi {
			if c == hehPlaceholder {
				return 'ہ'
			}
			return c
		}
	}
	return 'ۃ'
}

// lexRange returns the entries whose key is s, or starts with s.
func lexRange(lex []lexEntry, s string, prefix bool) (lo, hi int) {
	lo, _ = slices.BinarySearchFunc(lex, s, func(e lexEntry, s string) int { return strings.Compare(e.key, s) })
	hi = lo
	for hi < len(lex) && (lex[hi].key == s || (prefix && strings.HasPrefix(lex[hi].key, s))) {
		hi++
	}
	return lo, hi
}
