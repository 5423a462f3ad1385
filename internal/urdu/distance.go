package urdu

// Spelling distances for "did you mean" (issue 21, point 4), in tenths of
// an edit: inserting, deleting, replacing or swapping two neighbouring
// letters costs 10; replacing a letter with one a reader easily types or
// hears instead costs less. Search keeps these letters apart (URDU.md §2,
// rule 7: کی ≠ کے, کہا ≠ کھا), so a slip between them finds nothing; here
// it makes the nearest word of the index a cheap suggestion, which the
// reader still has to choose.
const (
	EditCost   = 10 // one ordinary edit
	slipCost   = 3  // ی/ے, ہ/ھ, ہ/ۃ, ن/ں, ا/آ: the same key or the same sound
	soundsCost = 5  // letters for one sound: س/ص/ث, ز/ذ/ض/ظ, ت/ط, ح/ہ, ک/ق, ا/ع; dental and retroflex ت/ٹ, د/ڈ, ر/ڑ, which Latin-keyboard habits confuse

	// SlipLimit is the distance of one such cheap replacement: the
	// furthest a word may be from another to be taken for a slip of it.
	SlipLimit = soundsCost
)

// slipPairs and soundGroups give the cheap replacements.
var (
	slipPairs   = [][2]rune{{'ی', 'ے'}, {'ہ', 'ھ'}, {'ہ', 'ۃ'}, {'ن', 'ں'}, {'ا', 'آ'}}
	soundGroups = []string{"سصث", "زذضظ", "تط", "حہ", "کق", "اع", "تٹ", "دڈ", "رڑ"}
)

// cheapCosts holds the cost of every cheap replacement, both ways; a
// distance looks letters up here only when both are cheapLetters, which
// most pairs are not.
var cheapCosts, cheapLetters = func() (map[[2]rune]int, map[rune]bool) {
	costs, letters := map[[2]rune]int{}, map[rune]bool{}
	for _, g := range soundGroups {
		for _, a := range g {
			for _, b := range g {
				if a != b {
					costs[[2]rune{a, b}] = soundsCost
				}
			}
			letters[a] = true
		}
	}
	for _, p := range slipPairs {
		costs[p] = slipCost
		costs[[2]rune{p[1], p[0]}] = slipCost
		letters[p[0]], letters[p[1]] = true, true
	}
	return costs, letters
}()

// substitutionCost is the cost of writing b where a was meant.
func substitutionCost(a, b rune) int {
	if a == b {
		return 0
	}
	if a >= 0x600 && a <= 0x6FF && b >= 0x600 && b <= 0x6FF && cheapLetters[a] && cheapLetters[b] {
		if c, ok := cheapCosts[[2]rune{a, b}]; ok {
			return c
		}
	}
	return EditCost
}

// SpellingDistance returns the weighted edit distance between two folded
// words (optimal string alignment: insertions, deletions, replacements
// and swaps of neighbours), or limit+1 as soon as it must exceed limit, so
// comparing a word with a whole vocabulary stays cheap.
func SpellingDistance(a, b string, limit int) int {
	var d Distancer
	return d.Distance([]rune(a), []rune(b), limit)
}

// Distancer computes SpellingDistance over runes, reusing its memory from
// one call to the next: comparing a word with a whole vocabulary then
// allocates nothing. The zero value is ready; it is not safe for
// concurrent use.
type Distancer struct {
	rows []int
}

// Distance is SpellingDistance of two words given as runes.
func (dc *Distancer) Distance(ra, rb []rune, limit int) int {
	if d := len(ra) - len(rb); d*EditCost > limit || -d*EditCost > limit {
		return limit + 1
	}
	// Three rows of the table: two back (for swaps), the last, this one.
	w := len(rb) + 1
	if cap(dc.rows) < 3*w {
		dc.rows = make([]int, 3*w)
	}
	rows := dc.rows[:3*w]
	prev2, prev, cur := rows[:w], rows[w:2*w], rows[2*w:]
	for j := range prev {
		prev[j] = j * EditCost
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i * EditCost
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := min(prev[j]+EditCost, cur[j-1]+EditCost, prev[j-1]+substitutionCost(ra[i-1], rb[j-1]))
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] && ra[i-1] != ra[i-2] {
				c = min(c, prev2[j-2]+EditCost)
			}
			cur[j] = c
			best = min(best, c)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if d := prev[len(rb)]; d <= limit {
		return d
	}
	return limit + 1
}
