package store

// SetSearchLimitsForTest lowers how far searches count and how many rows
// PostgreSQL's searches walk, so that small test corpora take every path
// a large one does. It returns a function that restores them.
func SetSearchLimitsForTest(count, walk int) (restore func()) {
	oldCount, oldWalk := searchCountLimit, walkRows
	searchCountLimit, walkRows = count, walk
	return func() { searchCountLimit, walkRows = oldCount, oldWalk }
}
