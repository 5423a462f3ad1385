package urdu

import (
	"strings"
	"testing"
	"time"
)

func TestReadingTime(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("روس ", n)) }
	tests := []struct {
		name string
		text string
		wpm  int
		want time.Duration
	}{
		{"empty", "", 0, 0},
		{"whitespace", " \n\t ", 0, 0},
		{"punctuation only", "۔۔۔ ، ؟", 0, 0},
		{"one word", "روس", 0, time.Minute},
		{"headline", seedHeadline, 0, time.Minute},
		{"200 words", words(200), 0, time.Minute},
		{"201 words round up", words(201), 0, 2 * time.Minute},
		{"negative wpm means default", words(400), -5, 2 * time.Minute},
		{"custom speed", words(400), 100, 4 * time.Minute},
		{"custom speed rounds up", words(401), 100, 5 * time.Minute},
		{"seed article", seedText(t), 0, 3 * time.Minute}, // 481 words
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReadingTime(tt.text, tt.wpm); got != tt.want {
				t.Errorf("ReadingTime(%.30q…, %d) = %v, want %v", tt.text, tt.wpm, got, tt.want)
			}
		})
	}
}

func TestWordCount(t *testing.T) {
	s := seedText(t)
	if got, want := WordCount(s), len(Tokens(s)); got != want || got != 481 {
		t.Errorf("WordCount(seed article) = %d, len(Tokens) = %d, want both 481", got, want)
	}
	if got := WordCount("پاکستان نے T20 میچ 25 رنز سے جیتا۔"); got != 8 {
		t.Errorf("WordCount = %d, want 8", got)
	}
	if n := testing.AllocsPerRun(10, func() { WordCount(s) }); n != 0 {
		t.Errorf("WordCount allocates %v times", n)
	}
}
