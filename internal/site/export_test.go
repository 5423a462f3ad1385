package site

import "time"

// SetReaderSearchTime sets how long a reader's search may run, until the
// test ends.
func SetReaderSearchTime(d time.Duration) (restore func()) {
	was := readerSearchTime
	readerSearchTime = d
	return func() { readerSearchTime = was }
}
