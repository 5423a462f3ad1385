package auth

import (
	"strings"
	"unicode/utf8"
)

// commonPasswords are passwords of the minimum length or more that top
// the published lists of leaked passwords (and their Pakistani
// favourites): the first an attacker tries against every account.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Fields(`
		1234567890 0123456789 0987654321 9876543210 12345678910 123456789a 123456789q
		1q2w3e4r5t 1qaz2wsx3edc qwertyuiop qwerty1234 qwerty12345 qwertyuiop1 asdfghjkl1 asdfghjkl;
		zxcvbnm123 1234qwerty password12 password123 password1234 passw0rd123 p@ssword123 p@ssw0rd123
		iloveyou12 iloveyou123 abcdef1234 abcd123456 abc1234567 a123456789 aa12345678 11223344556
		1111111111 0000000000 1212121212 1122334455 1234512345 1234567891 12341234123 welcome123
		welcome1234 admin12345 administrator letmein123 sunshine12 princess12 football12 baseball12
		monkey1234 dragon1234 superman12 starwars12 trustno123 changeme123 computer12 internet12
		pakistan123 pakistan786 pakistan1947 pakistan12 pakistan1234 karachi123 lahore1234 islamabad1
		khan123456 ali1234567 muhammad123 muhammad786 allah12345 bismillah1 bismillah786 786786786786
		7867867867 786110110 imrankhan804 cricket123 qwerty786786 akhbar12345 newsroom123 newspaper1
	`) {
		m[p] = true
	}
	return m
}()

// common reports whether pw is among the commonest passwords, or one
// character repeated, or a run of consecutive keys or digits.
func common(pw string) bool {
	p := strings.ToLower(strings.TrimSpace(pw))
	if commonPasswords[p] {
		return true
	}
	if first, size := utf8.DecodeRuneInString(p); strings.Count(p, string(first))*size == len(p) {
		return true
	}
	for _, run := range []string{"01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm"} {
		if strings.Contains(run, p) {
			return true
		}
	}
	return false
}
