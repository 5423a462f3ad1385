//go:build ignore

// Command gen writes words.txt, the vocabulary of package corpus, from the
// hand-written demo articles and the shared Urdu word list. It is run by hand
// (the output is committed as data, so benchmarks never depend on files
// outside the package):
//
//	cd bench/corpus && go run gen.go
//
// The demo articles give the head of the vocabulary with real frequencies
// (کے، میں، کی ...), the sentence endings, the subheadings and the per-section
// topic words; the shared list (Tesseract's Urdu word list, Apache 2.0) gives
// the long tail of rare words that search benchmarks need.
package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"hash/fnv"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// demoSection maps the demo articles' section slugs to the corpus sections.
var demoSection = map[string]string{
	"national":      "pakistan",
	"international": "international",
	"business":      "business",
	"sports":        "sports",
	"science":       "science",
	"health":        "health",
	"showbiz":       "entertainment",
	"columns":       "opinion",
}

// educationFiles also feed the education section, which has no demo section.
var educationFiles = []string{"06-", "30-", "39-", "43-"}

// aux are the words a sentence-final verb phrase ends with.
var aux = set("ہے ہیں تھا تھی تھے گا گی گے گیا گئی گئے دیا دی دیے لیا لی کیا کی کیے ہوا ہوئی ہوئے چاہیے سکیں سکے جائے جائیں کریں ہو رہا رہی رہے سکا سکی")

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func main() {
	demo := flag.String("demo", "../../internal/demo", "folder holding articles/ and seed/")
	tail := flag.String("tail", "../../../shared/data/urdu-words.txt", "long-tail word list, one word a line")
	names := flag.String("names", "names.txt", "hand-written name lists (for topic words)")
	out := flag.String("o", "words.txt", "output file")
	flag.Parse()

	files, _ := filepath.Glob(filepath.Join(*demo, "articles", "*.txt"))
	seeds, _ := filepath.Glob(filepath.Join(*demo, "seed", "*.txt"))
	files = append(files, seeds...)
	if len(files) == 0 {
		log.Fatalf("gen: no demo articles under %s", *demo)
	}

	count := map[string]int{}  // occurrences outside sentence endings: the rank
	seenIn := map[string]int{} // occurrences in sentence endings
	bySection := map[string]map[string]int{}
	endings := map[string]int{}
	var subheads []string
	seenSub := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		head, body, _ := strings.Cut(string(data), "\n\n")
		var sections []string
		var text []string
		for _, line := range strings.Split(head, "\n") {
			k, v, _ := strings.Cut(line, ":")
			v = strings.TrimSpace(v)
			switch k {
			case "section":
				if s, ok := demoSection[v]; ok {
					sections = append(sections, s)
				}
			case "headline", "strapline":
				text = append(text, v)
			}
		}
		for _, p := range educationFiles {
			if strings.HasPrefix(filepath.Base(f), p) {
				sections = append(sections, "education")
			}
		}
		for _, s := range sections {
			if bySection[s] == nil {
				bySection[s] = map[string]int{}
			}
		}
		for _, line := range strings.Split(body, "\n") {
			if h, ok := strings.CutPrefix(line, "## "); ok {
				h = strings.TrimSpace(h)
				if !seenSub[h] {
					seenSub[h] = true
					subheads = append(subheads, h)
				}
				continue
			}
			// The generator writes sentence endings from [endings], so the
			// words of an ending are not counted again in [words].
			for _, sent := range strings.FieldsFunc(line, func(r rune) bool { return r == '۔' || r == '؟' || r == '!' }) {
				ws := words(sent)
				if n := len(ws); n >= 3 && aux[ws[n-1]] && !strings.ContainsAny(sent[strings.LastIndex(sent, ws[n-2]):], "،,:\"“”()") {
					endings[ws[n-2]+" "+ws[n-1]]++
					seenIn[ws[n-2]]++
					seenIn[ws[n-1]]++
					ws = ws[:n-2]
				}
				for _, w := range ws {
					count[w]++
					for _, s := range sections {
						bySection[s][w]++
					}
				}
			}
		}
		for _, t := range text {
			for _, w := range words(t) {
				count[w]++
				for _, s := range sections {
					bySection[s][w]++
				}
			}
		}
	}

	for w := range seenIn {
		if _, ok := count[w]; !ok {
			count[w] = 0 // seen only in endings, still part of the vocabulary
		}
	}
	head := keys(count)
	slices.SortFunc(head, func(a, b string) int {
		return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(seenIn[b], seenIn[a]), strings.Compare(a, b))
	})
	rank := map[string]int{}
	for i, w := range head {
		rank[w] = i
	}

	// The tail: real words not seen in the demo, in a fixed pseudo-random
	// order so that rarity does not follow the alphabet.
	tf, err := os.Open(*tail)
	if err != nil {
		log.Fatal(err)
	}
	var rare []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(tf)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if _, ok := rank[w]; ok || seen[w] || !goodTail(w) {
			continue
		}
		seen[w] = true
		rare = append(rare, w)
	}
	tf.Close()
	slices.SortFunc(rare, func(a, b string) int { return cmp.Or(cmp.Compare(hash(a), hash(b)), strings.Compare(a, b)) })

	ends := keys(endings)
	slices.SortFunc(ends, func(a, b string) int {
		return cmp.Or(cmp.Compare(endings[b], endings[a]), strings.Compare(a, b))
	})

	tagWords := readTagWords(*names)

	var b strings.Builder
	fmt.Fprintf(&b, "# Vocabulary of package corpus. Generated by gen.go; do not edit by hand.\n")
	fmt.Fprintf(&b, "# [words]: word<TAB>count, most frequent first; the generator samples by rank\n")
	fmt.Fprintf(&b, "# with a Zipf weight. Counts come from the %d demo articles in internal/demo;\n", len(files))
	fmt.Fprintf(&b, "# the rank leaves out sentence endings, which the generator draws from [endings].\n")
	fmt.Fprintf(&b, "# words with count 0 are the long tail, taken from the Urdu word list inside\n")
	fmt.Fprintf(&b, "# Tesseract's urd.traineddata (tessdata_fast, Debian tesseract-ocr-urd),\n")
	fmt.Fprintf(&b, "# Copyright 2006-2022 Google Inc., Apache License 2.0.\n")
	fmt.Fprintf(&b, "# [endings]: sentence-final verb phrases with counts; [subheadings]: demo <h2>s;\n")
	fmt.Fprintf(&b, "# [topic S]: words typical of section S, most typical first.\n\n[words]\n")
	for _, w := range head {
		fmt.Fprintf(&b, "%s\t%d\n", w, count[w]+seenIn[w])
	}
	for _, w := range rare {
		fmt.Fprintf(&b, "%s\t0\n", w)
	}
	b.WriteString("\n[endings]\n")
	for _, e := range ends {
		fmt.Fprintf(&b, "%s\t%d\n", e, endings[e])
	}
	b.WriteString("\n[subheadings]\n")
	for _, s := range subheads {
		b.WriteString(s + "\n")
	}
	for _, s := range []string{"pakistan", "international", "sports", "business", "entertainment", "science", "health", "education", "opinion"} {
		sc := bySection[s]
		var topic []string
		in := map[string]bool{}
		for w, n := range sc {
			if n >= 2 && 2*n >= count[w] && rank[w] >= 60 && !aux[w] {
				topic = append(topic, w)
			}
		}
		slices.SortFunc(topic, func(a, b string) int { return cmp.Or(cmp.Compare(sc[b], sc[a]), strings.Compare(a, b)) })
		if len(topic) > 250 {
			topic = topic[:250]
		}
		for _, w := range topic {
			in[w] = true
		}
		for _, w := range tagWords[s] {
			if !in[w] && rank[w] >= 40 {
				in[w] = true
				topic = append(topic, w)
			}
		}
		fmt.Fprintf(&b, "\n[topic %s]\n", s)
		for _, w := range topic {
			b.WriteString(w + "\n")
		}
	}
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("gen: %d head words, %d tail words, %d endings, %d subheadings", len(head), len(rare), len(ends), len(subheads))
}

// words splits text into Urdu words: runs of Arabic-script letters and marks
// (and ZWNJ), so punctuation, digits and Latin drop out.
func words(s string) []string {
	isWord := func(r rune) bool {
		if r == 0x200C {
			return true
		}
		return r >= 0x0600 && r <= 0x06FF && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r))
	}
	return strings.FieldsFunc(s, func(r rune) bool { return !isWord(r) })
}

// goodTail drops entries of the OCR word list that are not clean Urdu words:
// Arabic code points Urdu does not use, and pairs of words run together
// (ے and ں only occur word-finally, so one inside a word marks a lost space).
func goodTail(w string) bool {
	if utf8.RuneCountInString(w) < 2 || len(words(w)) != 1 || words(w)[0] != w {
		return false
	}
	if strings.ContainsAny(w, "ةيكهىۀ\u0640") {
		return false
	}
	prev := rune(0)
	for i, r := range w {
		if (r == 'ے' || r == 'ں') && i+utf8.RuneLen(r) < len(w) {
			return false
		}
		// ھ only forms aspirates (بھ، کھ ...); elsewhere it is ہ mistyped.
		if r == 'ھ' && !strings.ContainsRune("بپتٹجچدڈڑکگلمن", prev) {
			return false
		}
		// Superscript alef belongs on ی (اعلیٰ، عیسیٰ), not after other letters.
		if r == '\u0670' && prev != 'ی' {
			return false
		}
		prev = r
	}
	// A verb run together with its auxiliary: ہوجاتاہے، لیاگیا.
	n := utf8.RuneCountInString(w)
	for _, aux := range []string{"ہے", "ہیں", "گیا", "گئی", "گئے"} {
		if n >= utf8.RuneCountInString(aux)+3 && strings.HasSuffix(w, aux) {
			return false
		}
	}
	return true
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

func keys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// readTagWords returns the words of each section's tags in names.txt.
func readTagWords(path string) map[string][]string {
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	out := map[string][]string{}
	sec := ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			sec = ""
			if s, ok := strings.CutPrefix(strings.Trim(line, "[]"), "tags "); ok {
				sec = s
			}
		case sec != "":
			out[sec] = append(out[sec], words(line)...)
		}
	}
	return out
}
