package urdu

// Count writes n in digits d, thousands grouped, followed by the noun in the form its
// number takes: one when n is 1 («1 خبر»), other for every other number,
// zero included («0 خبریں», «2 خبریں»). That is CLDR's plural rule for
// Urdu (one: i = 1 and v = 0; other: everything else), for whole numbers.
func Count(n int64, d Digits, one, other string) string {
	noun := other
	if n == 1 {
		noun = one
	}
	return FormatIntGrouped(n, d) + " " + noun
}
