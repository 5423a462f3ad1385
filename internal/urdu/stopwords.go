package urdu

// stopWords are Urdu function words, left out of search indexes because
// nearly every article has them. Written for Akhbar from the most frequent
// function words in Urdu news text, cross-checked against the
// urduhack/urdu-stopwords list (github.com/urduhack/urdu-stopwords, MIT);
// the npm lists are broken (URDU.md §3, data/README.md).
//
// Deliberately left out because news searches for them: weekday and month
// names (پیر is Monday, ہفتہ Saturday and "week"), numbers and ordinals
// (دو، دوسرا; ایک stays: it is the indefinite article), and words that are
// also names or nouns in the news: کم (Kim), بس (bus), پاس (passed), جی
// (G-20), بیچ (sell), بنا (made), وقت, سال, آج, کل.
//
// Entries are in folded form (Fold(w) == w), one per word.
var stopWords = []string{
	// Postpositions and the words of compound postpositions.
	"کا", "کی", "کے", "میں", "سے", "نے", "کو", "پر", "تک", "تلک",
	"لیے", "لئے", "واسطے", "خاطر", "ساتھ", "بغیر", "بجائے", "علاوہ",
	"سمیت", "مطابق", "تحت", "ذریعے", "ذریعہ", "باوجود", "خلاف", "بارے",
	"حوالے", "طرف", "جانب", "بابت", "دوران", "درمیان", "بعد", "قبل",
	"پہلے", "اندر", "باہر", "اوپر", "نیچے", "سامنے", "پیچھے", "آگے",
	"قریب", "طور", "طرح", "وجہ", "بدلے", "کیلئے", "کیلیے", "کےلئے",
	"کےلیے",
	// Conjunctions.
	"اور", "یا", "لیکن", "مگر", "بلکہ", "کیونکہ", "چونکہ", "اگر",
	"اگرچہ", "تو", "تاکہ", "کہ", "جبکہ", "حالانکہ", "البتہ", "تاہم",
	"نیز", "ورنہ", "چنانچہ", "لہذا", "یعنی", "بشرطیکہ", "خواہ", "چاہے",
	"گویا", "وغیرہ",
	// Pronouns, demonstratives, relatives and interrogatives.
	"مجھے", "مجھ", "میرا", "میری", "میرے", "ہم", "ہمیں", "ہمارا",
	"ہماری", "ہمارے", "تم", "تمہیں", "تمہارا", "تمہاری", "تمہارے", "آپ",
	"اپنا", "اپنی", "اپنے", "خود", "وہ", "یہ", "اس", "ان", "اسے",
	"انہیں", "انھیں", "انہوں", "انھوں", "اسی", "انہی", "انھی", "یہی",
	"وہی", "اسکا", "اسکی", "اسکے", "انکا", "انکی", "انکے", "جو", "جس",
	"جن", "جسے", "جنہیں", "جنھیں", "جنہوں", "جنھوں", "کون", "کیا", "کس",
	"کسے", "کن", "کیوں", "کب", "کہاں", "کیسے", "کیسا", "کیسی", "کتنا",
	"کتنی", "کتنے", "ایسا", "ایسی", "ایسے", "ویسا", "ویسی", "ویسے",
	"جیسا", "جیسی", "جیسے", "اتنا", "اتنی", "اتنے", "جتنا", "جتنی",
	"جتنے", "یہاں", "وہاں", "جہاں", "یہیں", "وہیں", "ادھر", "جدھر",
	"کدھر",
	// Determiners and quantifiers.
	"ایک", "سب", "تمام", "ہر", "کئی", "کچھ", "کوئی", "کسی", "چند",
	"بعض", "دیگر", "مزید", "بہت", "زیادہ", "کافی", "سارا", "ساری",
	"سارے", "پورا", "پوری", "پورے",
	// Adverbs and particles.
	"بھی", "ہی", "نہ", "نہیں", "مت", "صرف", "محض", "فقط", "ہاں",
	"شاید", "بالکل", "تقریبا", "اب", "ابھی", "جب", "تب", "کبھی",
	"پھر", "ہمیشہ",
	// The copula and auxiliaries: ہونا، جانا، کرنا، رہنا، سکنا، چکنا،
	// دینا، لینا، the future endings and والا.
	"ہے", "ہیں", "تھا", "تھی", "تھے", "تھیں", "ہو", "ہوا", "ہوئی",
	"ہوئے", "ہوئیں", "ہوں", "ہوتا", "ہوتی", "ہوتے", "ہونا", "ہونے",
	"ہوگا", "ہوگی", "ہونگے", "گا", "گی", "گے", "گیا", "گئی", "گئے",
	"گئیں", "جا", "جاتا", "جاتی", "جاتے", "جانا", "جانے", "جائے",
	"جائیں", "کر", "کرنا", "کرنے", "کرتا", "کرتی", "کرتے", "کریں",
	"کرے", "کرکے", "کیے", "کئے", "رہا", "رہی", "رہے", "رہیں", "سکتا",
	"سکتی", "سکتے", "سکا", "سکی", "سکے", "سکیں", "چکا", "چکی", "چکے",
	"چکیں", "دیا", "دی", "دیے", "دیئے", "دیں", "دے", "دینا", "دینے",
	"لیا", "لی", "لیں", "لے", "لینا", "لینے", "چاہیے", "چاہئے",
	"والا", "والی", "والے", "والوں",
	// Reporting verbs, in every news story.
	"کہا", "کہنا", "کہنے",
}

// stopWordSet is stopWords for lookups.
var stopWordSet = func() map[string]struct{} {
	m := make(map[string]struct{}, len(stopWords))
	for _, w := range stopWords {
		m[w] = struct{}{}
	}
	return m
}()

// IsStopWord reports whether w, folded or not, is an Urdu stop word that
// search leaves out.
func IsStopWord(w string) bool {
	if _, ok := stopWordSet[w]; ok {
		return true
	}
	f := Fold(w)
	if f == w {
		return false
	}
	_, ok := stopWordSet[f]
	return ok
}
