package urdu

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// slugPattern is what every Slug must look like.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// newsHeadlines are headlines written for these tests, in the style of
// Pakistani Urdu papers, with the slugs Slug should give.
var newsHeadlines = []struct{ in, slug string }{
	{seedHeadline, "roos-shumali-korea-difai-shirakat-ko-wusat-dene-par-aamada"},
	{"وزیراعظم شہباز شریف کا کراچی کا دورہ، ترقیاتی منصوبوں کا افتتاح",
		"wazir-e-azam-shehbaz-sharif-ka-karachi-ka-daura-taraqiati-mansoobon-ka-iftitah"},
	{"اسلام آباد میں شدید بارش، نشیبی علاقے زیرِ آب", "islamabad-mein-shadeed-barish-nasheebi-alaqe-zeer-aab"},
	{"پاکستان نے ٹی ٹوئنٹی میچ میں بھارت کو 25 رنز سے شکست دے دی",
		"pakistan-ne-t20-match-mein-bharat-ko-25-runs-se-shikast-de-di"},
	{"سپریم کورٹ نے الیکشن کمیشن سے جواب طلب کر لیا", "supreme-court-ne-election-commission-se-jawab-talab-kar-liya"},
	{"ڈالر کی قیمت میں اضافہ، روپیہ مزید کمزور", "dollar-ki-qeemat-mein-izafa-rupiya-mazeed-kamzor"},
	{"لاہور میں اسموگ: اسکول ایک ہفتے کے لیے بند", "lahore-mein-smog-school-aik-haftay-ke-liye-band"},
	{"آئی ایم ایف کے ساتھ مذاکرات کا نیا دور آج سے شروع", "imf-ke-sath-muzakrat-ka-naya-daur-aaj-se-shuru"},
	{"بلوچستان میں زلزلے کے جھٹکے، شدت ۵٫۲ ریکارڈ", "balochistan-mein-zalzalay-ke-jhatke-shiddat-5-2-record"},
	{"پیٹرول کی قیمت میں ۱۰ روپے فی لیٹر کمی کا امکان", "petrol-ki-qeemat-mein-10-rupay-fi-liter-kami-ka-amkan"},
	{"وفاقی بجٹ ۲۰۲۶-۲۷ قومی اسمبلی میں پیش", "wifaqi-budget-2026-27-qaumi-assembly-mein-pesh"},
	{"کراچی: ٹریفک حادثے میں تین افراد جاں بحق", "karachi-traffic-hadsay-mein-teen-afraad-jaan-bahaq"},
	{"غزہ میں جنگ بندی کے لیے اقوام متحدہ کی نئی قرارداد",
		"gaza-mein-jang-bandi-ke-liye-aqwam-e-muttahida-ki-nai-qarardad"},
	{"بابر اعظم ورلڈ کپ اسکواڈ کے کپتان مقرر", "babar-azam-world-cup-squad-ke-kaptan-muqarrar"},
	{"پی ٹی آئی کا ملک گیر احتجاج کا اعلان", "pti-ka-mulk-geer-ehtijaj-ka-elan"},
	{"محکمہ موسمیات کی پیش گوئی: پنجاب میں گرمی کی شدت برقرار رہے گی",
		"mehkama-mosmiyat-ki-pesh-goi-punjab-mein-garmi-ki-shiddat-barqarar-rahay-gi"},
	{"گلگت بلتستان میں برفباری، شاہراہ قراقرم بند", "gilgit-baltistan-mein-barfbari-shahrah-karakoram-band"},
	{"اسٹیٹ بینک نے شرح سود میں کمی کر دی", "state-bank-ne-sharah-sood-mein-kami-kar-di"},
	{"پولیو مہم کا آغاز، چالیس لاکھ بچوں کو قطرے پلائے جائیں گے",
		"polio-muhim-ka-aaghaz-chalees-lakh-bachon-ko-qatre-palae-jayen-ge"},
	{"چین اور پاکستان کے درمیان سی پیک کے نئے معاہدوں پر دستخط",
		"cheen-aur-pakistan-ke-darmiyan-cpec-ke-naye-muahidon-par-dastkht"},
	{"ایران اور سعودی عرب کے وزرائے خارجہ کی ملاقات", "iran-aur-saudi-arab-ke-wuzra-e-kharja-ki-mulaqat"},
	{"صدرِ مملکت نے آئینی ترمیمی بل پر دستخط کر دیے", "sadar-mumlikat-ne-aaeeni-tarmeemi-bill-par-dastkht-kar-diye"},
	{"یوکرین جنگ: روس اور امریکا کے درمیان قیدیوں کا تبادلہ",
		"ukraine-jang-roos-aur-america-ke-darmiyan-qeediyon-ka-tabadla"},
	// Issue 21: English loanwords spelt from their Urdu letters.
	{"اردو ادب کا عالمی میلہ", "urdu-adab-ka-aalmi-meela"},
	{"انڈر 16 اسکواش چیمپئن شپ", "under-16-squash-championship"},
	{"کراچی میں ہیٹ ویو کا الرٹ جاری", "karachi-mein-heatwave-ka-alert-jari"},
	{"پاکستانی کھلاڑی ایشین اسکواش چیمپئن بن گیا", "pakistani-khilari-asian-squash-champion-ban-gaya"},
	{"Pakistan beat India by 25 runs in Café Kolkata", "pakistan-beat-india-by-25-runs-in-cafe-kolkata"},
	{"كراچي ميں بارش", "karachi-mein-barish"}, // Arabic keyboard
	{"🏏", "khabar"},
	{"۔۔۔ ، ؟", "khabar"},
	{"", "khabar"},
}

// slugInputs are the headlines above, the seed article's lines and
// troublesome strings.
func slugInputs(tb testing.TB) []string {
	var in []string
	for _, h := range newsHeadlines {
		in = append(in, h.in)
	}
	in = append(in, seedLines(tb)...)
	return append(in, seedText(tb), "\xff\xfe", "ـــــ", "\u0654", "---", "a--b",
		strings.Repeat("پاکستان ", 30), strings.Repeat("ب", 200), strings.Repeat("x", 200),
		"Ⱥ İ K Ω Å ß 한국어 Ελλάδα Россия", "e"+strings.Repeat("\u0301", 40))
}

func TestSlug(t *testing.T) {
	for _, h := range newsHeadlines {
		if got := Slug(h.in); got != h.slug {
			t.Errorf("Slug(%q)\n got %q\nwant %q", h.in, got, h.slug)
		}
	}
	if got := Slug(seedHeadline); !strings.HasPrefix(got, "roos-shumali-korea-") {
		t.Errorf("Slug(seed headline) = %q", got)
	}
	if got, want := Slug(seedSubhead), "sergei-shoigu-ka-pyongyang-ka-doosra-daura-kim-jong-un-se-aala-satah-muzakrat"; got != want {
		t.Errorf("Slug(seed subhead) = %q, want %q (cut at a word within 80 bytes)", got, want)
	}
}

func TestSlugProperties(t *testing.T) {
	for _, s := range slugInputs(t) {
		got := Slug(s)
		if !slugPattern.MatchString(got) || len(got) > maxSlugLen {
			t.Errorf("Slug(%q) = %q: not a slug of at most %d bytes", s, got, maxSlugLen)
		}
		if again := Slug(got); again != got {
			t.Errorf("Slug not idempotent on %q: %q then %q", s, got, again)
		}
	}
}

func TestUrduSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{seedHeadline, "روس-شمالی-کوریا-دفاعی-شراکت-کو-وسعت-دینے-پر-آمادہ"},
		{seedSubhead, "سرگئی-شوئیگو-کا-پیانگ-یانگ-کا-دوسرا-دورہ-کم-جونگ-ان-سے-اعلی-سطح-مذاکرات-متوقع"},
		{"كراچي ميں بارش!", "کراچی-میں-بارش"},
		{"ہم\u200cآہنگی: «اہم» پیش رفت؟", "ہمآہنگی-اہم-پیش-رفت"},
		{"T20 World Cup ۲۰۲۶", "t20-world-cup-2026"},
		{"\u064e روس", "روس"},
		{"🏏", "خبر"},
		{"", "خبر"},
	}
	for _, tt := range tests {
		if got := UrduSlug(tt.in); got != tt.want {
			t.Errorf("UrduSlug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Two spellings that fold alike give one URL.
	if a, b := UrduSlug("كراچي ميں اعلىٰ سطحي اجلاس"), UrduSlug("کراچی میں اعلیٰ سطحی اجلاس"); a != b {
		t.Errorf("UrduSlug differs for spellings of one headline: %q, %q", a, b)
	}
}

func TestUrduSlugProperties(t *testing.T) {
	for _, s := range slugInputs(t) {
		checkUrduSlug(t, s)
	}
}

// checkUrduSlug fails t unless UrduSlug(s) is a good slug.
func checkUrduSlug(t *testing.T, s string) {
	t.Helper()
	got := UrduSlug(s)
	switch {
	case got == "":
		t.Errorf("UrduSlug(%q) is empty", s)
	case !utf8.ValidString(got) || !norm.NFC.IsNormalString(got):
		t.Errorf("UrduSlug(%q) = %q: not valid NFC", s, got)
	case utf8.RuneCountInString(got) > maxSlugLen:
		t.Errorf("UrduSlug(%q) = %q: more than %d runes", s, got, maxSlugLen)
	case strings.Contains(got, "--") || strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-"):
		t.Errorf("UrduSlug(%q) = %q: stray hyphens", s, got)
	case strings.ContainsAny(got, " \u200c\u200d\u200e\u200f،۔؟«»"):
		t.Errorf("UrduSlug(%q) = %q: spaces, controls or punctuation", s, got)
	case UrduSlug(got) != got:
		t.Errorf("UrduSlug not idempotent on %q: %q then %q", s, got, UrduSlug(got))
	}
}

func TestTransliterate(t *testing.T) {
	tests := []struct{ in, want string }{
		{seedHeadline, "roos shumali korea difai shirakat ko wusat dene par aamada"},
		{"وزیر اعظم نے کہا۔", "wazir-e-azam ne kaha."},
		{"«اسلام آباد» میں کیا ہوا؟", `"islamabad" mein kiya hua?`},
		{"کم جونگ اُن سے ملاقات", "kim-jong-un se mulaqat"},
		{"(ڈی پی آر کے)", "(dprk)"},
		{"T20 ورلڈ کپ", "t20 world-cup"},
		{"25رنز", "25 runs"},
		{"Ελλάδα", ""},
	}
	for _, tt := range tests {
		if got := Transliterate(tt.in); got != tt.want {
			t.Errorf("Transliterate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRomanizeWord checks the letter-by-letter fallback on words the
// dictionary leaves out.
func TestRomanizeWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"شراکت", "sharakat"}, {"دفاعی", "dafai"}, {"ہوا", "hawa"}, {"دیا", "diya"},
		{"گئی", "gai"}, {"گئے", "gae"}, {"جائزہ", "jaiza"}, {"کہا", "kaha"},
		{"عدالت", "adalat"}, {"دوست", "dost"}, {"بھر", "bhar"}, {"طلب", "talab"},
		{"بند", "band"}, {"شہر", "shahar"}, {"چالیس", "chalees"}, {"آغاز", "aaghaz"},
		{"کوریا", "koriya"}, {"شمالی", "shamali"}, {"تبادلہ", "tabadla"}, {"ژالہ", "zhala"},
	}
	for _, tt := range tests {
		if got := romanizeWord(tt.in); got != tt.want {
			t.Errorf("romanizeWord(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRomanWords(t *testing.T) {
	value := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for name, table := range map[string]map[string]string{"romanWords": romanWords, "loanwords": loanwords} {
		for k, v := range table {
			if Fold(k) != k {
				t.Errorf("%s key %q is not folded (%q)", name, k, Fold(k))
			}
			if n := len(strings.Fields(k)); n > 4 || strings.Contains(k, "  ") {
				t.Errorf("%s key %q: more than four words", name, k)
			}
			if !value.MatchString(v) {
				t.Errorf("%s[%q] = %q: not lowercase ASCII words", name, k, v)
			}
		}
	}
	for k := range loanwords {
		if _, ok := romanWords[k]; ok {
			t.Errorf("%q is in both romanWords and loanwords: romanWords wins, the loanword is dead", k)
		}
	}
	if n := len(romanWords); n < 400 {
		t.Errorf("romanWords has %d entries, want about 400 or more", n)
	}
}

// TestTransliterateSeedArticle spells the whole article: only ASCII comes out.
func TestTransliterateSeedArticle(t *testing.T) {
	got := Transliterate(seedText(t))
	for i := 0; i < len(got); i++ {
		if got[i] >= utf8.RuneSelf || (got[i] < ' ' && got[i] != '\n') {
			t.Fatalf("Transliterate output has byte %#x: %q", got[i], got[max(0, i-20):min(len(got), i+20)])
		}
	}
	if !strings.Contains(got, "pyongyang") || !strings.Contains(got, "kim-jong-un") {
		t.Errorf("Transliterate(seed article) misses names: %.200q", got)
	}
}
