package urdu

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0 خبریں"}, {1, "1 خبر"}, {2, "2 خبریں"}, {11, "11 خبریں"}, {21, "21 خبریں"}, {1000, "1,000 خبریں"}} {
		if got := Count(c.n, LatinDigits, "خبر", "خبریں"); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := Count(1, UrduDigits, "نتیجہ", "نتائج"); got != "۱ نتیجہ" {
		t.Errorf("Count(1) in Urdu digits = %q", got)
	}
}
