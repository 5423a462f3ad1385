package urdu

// loanwords spell English words written in Urdu letters the English way
// (issue 21): letter-by-letter spelling turned ویو into "wyo" and الرٹ into
// "alrt", because Urdu script drops the vowels English needs. Transliterate
// looks here after romanWords; keys are folded, phrases are words joined by
// single spaces. Add a word when the newsroom's headlines use it; a slug
// already stored never changes (it is the article's stored URL), so only
// new slugs take the new spelling.
var loanwords = map[string]string{
	// The language and the reference cases of issue 21.
	"اردو": "urdu", "انگریزی": "angrezi", "انڈر": "under", "ہیٹ": "heat",
	"ویو": "wave", "ہیٹ ویو": "heatwave", "الرٹ": "alert", "اسکواش": "squash",
	"سکواش": "squash", "چیمپئن": "champion", "چیمپیئن": "champion",
	"چیمپئنز": "champions", "چیمپیئنز": "champions", "چیمپئن شپ": "championship",
	"چیمپیئن شپ": "championship",
	// Sport.
	"ٹورنامنٹ": "tournament", "فائنل": "final", "سیمی": "semi",
	"سیمی فائنل": "semi-final", "کوارٹر": "quarter", "گولڈ": "gold",
	"میڈل": "medal", "سلور": "silver", "برانز": "bronze", "کرکٹر": "cricketer",
	"بیٹسمین": "batsman", "بیٹر": "batter", "بولر": "bowler", "بولنگ": "bowling",
	"بیٹنگ": "batting", "اننگز": "innings", "سنچری": "century", "ففٹی": "fifty",
	"کلب": "club", "اسٹیڈیم": "stadium", "سٹیڈیم": "stadium", "کوچ": "coach",
	"پلیئر": "player", "ٹرافی": "trophy", "ایونٹ": "event", "اوپن": "open",
	"ٹینس": "tennis", "ویمنز": "womens", "جونیئر": "junior", "سینئر": "senior",
	"سیزن": "season", "اوور": "over", "اوورز": "overs", "ٹاس": "toss",
	"ریٹائر": "retire", "فٹنس": "fitness", "ریسلنگ": "wrestling",
	"باکسنگ": "boxing", "ایتھلیٹکس": "athletics", "گالف": "golf",
	// Countries and places English spells its own way.
	"انگلینڈ": "england", "نیوزی لینڈ": "new-zealand", "ویسٹ انڈیز": "west-indies",
	"زمبابوے": "zimbabwe", "آئرلینڈ": "ireland", "اسکاٹ لینڈ": "scotland",
	"انڈیا": "india", "ہالینڈ": "holland", "ایشین": "asian", "ایشیائی": "asian",
	// Media and technology.
	"لائیو": "live", "اپڈیٹ": "update", "اپ ڈیٹ": "update", "ویڈیو": "video",
	"فوٹو": "photo", "ٹوئٹر": "twitter", "ٹویٹ": "tweet", "فیس بک": "facebook",
	"یوٹیوب": "youtube", "واٹس ایپ": "whatsapp", "ایپ": "app",
	"آن لائن": "online", "ڈیجیٹل": "digital", "سائبر": "cyber",
	"کمپیوٹر": "computer", "ڈیٹا": "data", "سسٹم": "system",
	"پروگرام": "program", "پروجیکٹ": "project", "پراجیکٹ": "project",
	"سافٹ ویئر": "software", "ویب سائٹ": "website", "اکاؤنٹ": "account",
	"ہیکر": "hacker", "فلم": "film", "ڈرامہ": "drama", "ایوارڈ": "award",
	"شو": "show", "اسٹار": "star", "سپر": "super", "ماڈل": "model",
	"فیشن": "fashion", "پریس": "press",
	// Transport, energy, business.
	"ایکسپریس": "express", "ہائی وے": "highway", "موٹروے": "motorway",
	"موٹر وے": "motorway", "بس": "bus", "ٹرک": "truck", "کار": "car",
	"ایئرپورٹ": "airport", "ائیرپورٹ": "airport", "ایئرلائن": "airline",
	"فلائٹ": "flight", "ٹکٹ": "ticket", "فیس": "fee", "لائسنس": "license",
	"پالیسی": "policy", "کمپنی": "company", "فیکٹری": "factory",
	"انڈسٹری": "industry", "بزنس": "business", "پرائیویٹ": "private",
	"پبلک": "public", "سروس": "service", "سروسز": "services", "پاور": "power",
	"پلانٹ": "plant", "سولر": "solar", "انرجی": "energy", "نیٹ ورک": "network",
	"گرڈ": "grid", "لوڈ شیڈنگ": "load-shedding", "لوڈشیڈنگ": "load-shedding",
	"پیکج": "package", "پیکیج": "package", "ریلیف": "relief", "فنڈ": "fund",
	"فنڈز": "funds", "ایکسچینج": "exchange", "ریٹ": "rate", "انڈیکس": "index",
	"پوائنٹس": "points", "شیئرز": "shares", "ٹریڈنگ": "trading",
	"آئی ٹی": "it", "جی ڈی پی": "gdp", "ایل این جی": "lng", "ایل پی جی": "lpg",
	// Offices, law and the state.
	"منسٹر": "minister", "منسٹری": "ministry", "گورنر": "governor",
	"کمشنر": "commissioner", "ڈپٹی": "deputy", "ڈائریکٹر": "director",
	"جنرل": "general", "میجر": "major", "کرنل": "colonel",
	"ڈیپارٹمنٹ": "department", "اپیل": "appeal", "نوٹس": "notice",
	"نوٹیفکیشن": "notification", "ریفرنس": "reference", "بینچ": "bench",
	"آرڈیننس": "ordinance", "سیشن": "session", "سینیٹر": "senator",
	"ممبر": "member", "بریفنگ": "briefing", "ڈیل": "deal",
	"ڈی جی": "dg", "سی ای او": "ceo", "سی ٹی ڈی": "ctd", "ایف بی آر": "fbr",
	"ایف آئی آر": "fir", "ایس ایچ او": "sho", "پی آئی اے": "pia",
	"ایچ ای سی": "hec", "پی ٹی اے": "pta", "آئی جی": "ig",
	// Health, weather, schooling.
	"ڈینگی": "dengue", "کینسر": "cancer", "ہارٹ": "heart", "اٹیک": "attack",
	"ایمرجنسی": "emergency", "وارڈ": "ward", "ریسکیو": "rescue",
	"فائر": "fire", "بریگیڈ": "brigade", "اسٹروک": "stroke",
	"ٹمپریچر": "temperature", "ڈگری": "degree", "سینٹی گریڈ": "centigrade",
	"مون سون": "monsoon", "کالج": "college", "کیمپس": "campus",
	"ٹیچر": "teacher", "ٹیچرز": "teachers", "اسٹوڈنٹس": "students",
	"کیسز": "cases", "سروائیکل": "cervical",
	// Science, arts and the rest of the demo's headlines.
	"الیکٹرک": "electric", "الیکٹرانک": "electronic", "انٹربینک": "interbank",
	"فری لانسرز": "freelancers", "فری لانسر": "freelancer", "کنگز": "kings",
	"اسپنرز": "spinners", "اسپنر": "spinner", "گیمز": "games",
	"ایتھلیٹس": "athletes", "ایتھلیٹ": "athlete", "ارتھ": "earth",
	"آبزرویشن": "observation", "سیٹلائٹ": "satellite", "اسپیکٹرم": "spectrum",
	"شیڈول": "schedule", "پینلز": "panels", "پینل": "panel", "سیریل": "serial",
	"ریلیز": "release", "سنیما": "cinema", "ناول": "novel", "آرٹس": "arts",
	"تھیٹر": "theatre", "فیسٹیول": "festival", "اسکرین": "screen",
	"فلمیں": "filmein", "فلموں": "filmon",
	"انٹرنیشنل": "international", "نیشنل": "national", "ٹرانسپورٹ": "transport",
	"اسمارٹ": "smart", "اسمارٹ فون": "smartphone", "لیپ ٹاپ": "laptop",
}
