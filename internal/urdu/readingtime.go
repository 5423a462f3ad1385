package urdu

import "time"

// DefaultWordsPerMinute is the reading speed ReadingTime assumes. No study
// of Urdu reading speed was found (URDU.md §7); English silent reading
// averages about 238 words a minute (Brysbaert 2019) and reading aloud
// across 17 languages about 184 (IReST, Trauzettel-Klosinski et al. 2012),
// so Akhbar uses 200, a round figure between the two.
const DefaultWordsPerMinute = 200

// ReadingTime estimates how long text takes to read at wpm words a minute
// (DefaultWordsPerMinute when wpm <= 0), counting words as Tokens does and
// rounding up to whole minutes: at least one minute when text has a word,
// zero when it has none.
func ReadingTime(text string, wpm int) time.Duration {
	if wpm <= 0 {
		wpm = DefaultWordsPerMinute
	}
	words := WordCount(text)
	minutes := (words + wpm - 1) / wpm
	return time.Duration(minutes) * time.Minute
}
