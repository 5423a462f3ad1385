package wpbody

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"akhbar/internal/content"
)

var convertCases = []struct {
	name     string
	in       string
	want     string   // Convert's HTML
	warnings []string // exactly these, in order
	images   []int64
}{
	// classic editor: wpautop
	{name: "classic paragraphs and line breaks",
		in:   "کراچی: مون سون کی پہلی بارش نے نظام زندگی درہم برہم کر دیا۔\nکئی علاقوں میں بجلی غائب رہی۔\n\nبارش جمعرات تک جاری رہے گی۔\n\n\n\nشہری احتیاط کریں۔",
		want: "<p>کراچی: مون سون کی پہلی بارش نے نظام زندگی درہم برہم کر دیا۔<br>کئی علاقوں میں بجلی غائب رہی۔</p>\n<p>بارش جمعرات تک جاری رہے گی۔</p>\n<p>شہری احتیاط کریں۔</p>"},
	{name: "classic lists and blockquote",
		in:   "بجٹ کے اہم نکات:\n<ul>\n<li>تنخواہوں میں 10 فیصد اضافہ</li>\n<li>پٹرولیم لیوی برقرار\n<ol><li>ذیلی نکتہ</li></ol></li>\n</ul>\n<blockquote>یہ بجٹ عوام دوست ہے\nاور معیشت کو مستحکم کرے گا۔</blockquote>\nاپوزیشن نے بجٹ مسترد کر دیا۔",
		want: "<p>بجٹ کے اہم نکات:</p>\n<ul><li>تنخواہوں میں 10 فیصد اضافہ</li><li>پٹرولیم لیوی برقرار<ol><li>ذیلی نکتہ</li></ol></li></ul>\n<blockquote><p>یہ بجٹ عوام دوست ہے<br>اور معیشت کو مستحکم کرے گا۔</p></blockquote>\n<p>اپوزیشن نے بجٹ مسترد کر دیا۔</p>"},
	{name: "classic pre keeps the lines of a poem",
		in:   "علامہ اقبال:\n\n<pre>خودی کو کر بلند اتنا کہ ہر تقدیر سے پہلے\nخدا بندے سے خود پوچھے بتا تیری رضا کیا ہے\n\nدوسرا بند</pre>",
		want: "<p>علامہ اقبال:</p>\n<p>خودی کو کر بلند اتنا کہ ہر تقدیر سے پہلے<br>خدا بندے سے خود پوچھے بتا تیری رضا کیا ہے</p>\n<p>دوسرا بند</p>"},
	{name: "divs nbsp runs and empty paragraphs",
		in:   "<div class=\"entry\"><div>پہلا&nbsp;&nbsp;&nbsp;حصہ</div><div>دوسرا حصہ</div></div>\n<p>&nbsp;</p><p><br /></p><p> </p>\n<p>آخری&nbsp; حصہ</p>",
		want: "<p>پہلا حصہ</p>\n<p>دوسرا حصہ</p>\n<p>آخری حصہ</p>"},

	// Gutenberg
	{name: "gutenberg paragraph and heading",
		in:   "<!-- wp:paragraph -->\n<p>اسلام آباد: وزیر اعظم نے <strong>معاشی اصلاحات</strong> کا اعلان کیا۔</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading {\"level\":1} -->\n<h1 class=\"wp-block-heading\">اہم اعلانات</h1>\n<!-- /wp:heading -->\n\n<!-- wp:core/paragraph -->\n<p>ایک سطر\nاسی پیراگراف میں</p>\n<!-- /wp:core/paragraph -->",
		want: "<p>اسلام آباد: وزیر اعظم نے <strong>معاشی اصلاحات</strong> کا اعلان کیا۔</p>\n<h2>اہم اعلانات</h2>\n<p>ایک سطر اسی پیراگراف میں</p>"},
	{name: "gutenberg image block by attachment id, link to full size dropped",
		in:     "<!-- wp:image {\"id\":12,\"sizeSlug\":\"large\",\"linkDestination\":\"media\"} -->\n<figure class=\"wp-block-image size-large\"><a href=\"" + site + "/wp-content/uploads/2024/03/flood-sindh.jpg\"><img src=\"" + site + "/wp-content/uploads/2024/03/flood-sindh-1024x683.jpg\" alt=\"\" class=\"wp-image-12\"/></a><figcaption class=\"wp-element-caption\">سیلاب سے متاثرہ علاقے</figcaption></figure>\n<!-- /wp:image -->",
		want:   `<figure data-block="image" data-media="112"><figcaption>سیلاب سے متاثرہ علاقے</figcaption></figure>`,
		images: []int64{112}},
	{name: "gutenberg image id only in block attributes",
		in:     "<!-- wp:image {\"id\":12} -->\n<figure class=\"wp-block-image\"><img src=\"" + site + "/wp-content/uploads/renamed.jpg\" alt=\"پانی\"/></figure>\n<!-- /wp:image -->",
		want:   `<figure data-block="image" data-media="112"></figure>`,
		images: []int64{112}},
	{name: "gutenberg list and quote",
		in:   "<!-- wp:list -->\n<ul class=\"wp-block-list\"><!-- wp:list-item -->\n<li>بجلی کے نرخوں میں کمی</li>\n<!-- /wp:list-item -->\n\n<!-- wp:list-item -->\n<li>ٹیکس نیٹ میں توسیع</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->\n\n<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>ہم مشکل فیصلے کریں گے۔</p>\n<!-- /wp:paragraph --><cite>وزیر اعظم</cite></blockquote>\n<!-- /wp:quote -->",
		want: "<ul><li>بجلی کے نرخوں میں کمی</li><li>ٹیکس نیٹ میں توسیع</li></ul>\n<blockquote><p>ہم مشکل فیصلے کریں گے۔</p><p><cite>وزیر اعظم</cite></p></blockquote>"},
	{name: "gutenberg embeds become embed blocks, captions their titles; other sites stay links",
		in:   "<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\",\"type\":\"video\",\"providerNameSlug\":\"youtube\"} -->\n<figure class=\"wp-block-embed is-type-video\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div><figcaption>خطاب کی ویڈیو</figcaption></figure>\n<!-- /wp:embed -->\n\n<!-- wp:embed {\"url\":\"https://twitter.com/GovtofPakistan/status/1770\"} /-->\n\n<!-- wp:core-embed/facebook {\"url\":\"https://www.facebook.com/geonews/videos/123/\"} -->\n<figure class=\"wp-block-embed-facebook\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.facebook.com/geonews/videos/123/\n</div></figure>\n<!-- /wp:core-embed/facebook -->\n\n<!-- wp:embed {\"url\":\"https://vimeo.com/76979871\",\"providerNameSlug\":\"vimeo\"} -->\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://vimeo.com/76979871\n</div><figcaption>ویمیو پر</figcaption></figure>\n<!-- /wp:embed -->",
		want: "<figure data-block=\"embed\" data-provider=\"youtube\" data-id=\"dQw4w9WgXcQ\" data-url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"><figcaption>خطاب کی ویڈیو</figcaption></figure>\n<figure data-block=\"embed\" data-provider=\"x\" data-id=\"1770\" data-url=\"https://x.com/GovtofPakistan/status/1770\"></figure>\n<figure data-block=\"embed\" data-provider=\"facebook\" data-id=\"123\" data-url=\"https://www.facebook.com/geonews/videos/123/\"></figure>\n<p><a href=\"https://vimeo.com/76979871\">https://vimeo.com/76979871</a></p>\n<p>ویمیو پر</p>"},
	{name: "gutenberg gallery of image blocks",
		in:     "<!-- wp:gallery {\"linkTo\":\"none\"} -->\n<figure class=\"wp-block-gallery has-nested-images\"><!-- wp:image {\"id\":31} -->\n<figure class=\"wp-block-image\"><img src=\"" + site + "/wp-content/uploads/2024/04/match-1.jpg\" alt=\"\" class=\"wp-image-31\"/></figure>\n<!-- /wp:image -->\n\n<!-- wp:image {\"id\":32} -->\n<figure class=\"wp-block-image\"><img src=\"" + site + "/wp-content/uploads/2024/04/match-2.jpg\" alt=\"میچ\" class=\"wp-image-32\"/><figcaption>دوسری تصویر</figcaption></figure>\n<!-- /wp:image --><figcaption class=\"blocks-gallery-caption\">لاہور میں میچ کی جھلکیاں</figcaption></figure>\n<!-- /wp:gallery -->",
		want:   "<figure data-block=\"gallery\"><figure data-block=\"image\" data-media=\"131\"></figure><figure data-block=\"image\" data-media=\"132\"><figcaption>دوسری تصویر</figcaption></figure><figcaption>لاہور میں میچ کی جھلکیاں</figcaption></figure>",
		images: []int64{131, 132}},
	{name: "gutenberg gallery of WordPress 5.x (ul of items)",
		in:     "<!-- wp:gallery {\"ids\":[31,33]} -->\n<figure class=\"wp-block-gallery columns-2\"><ul class=\"blocks-gallery-grid\"><li class=\"blocks-gallery-item\"><figure><img src=\"" + site + "/wp-content/uploads/2024/04/match-1-1024x683.jpg\" alt=\"\" data-id=\"31\" class=\"wp-image-31\"/><figcaption class=\"blocks-gallery-item__caption\">شائقین</figcaption></figure></li><li class=\"blocks-gallery-item\"><figure><img src=\"" + site + "/wp-content/uploads/2024/04/match-3.jpg\" alt=\"\" data-id=\"33\"/></figure></li></ul></figure>\n<!-- /wp:gallery -->",
		want:   "<figure data-block=\"gallery\"><figure data-block=\"image\" data-media=\"131\"><figcaption>شائقین</figcaption></figure><figure data-block=\"image\" data-media=\"133\"></figure></figure>",
		images: []int64{131, 133}},
	{name: "gutenberg blocks drawn at view time are reported",
		in:       "<!-- wp:paragraph -->\n<p>خبر</p>\n<!-- /wp:paragraph -->\n<!-- wp:latest-posts {\"postsToShow\":3} /-->\n<!-- wp:block {\"ref\":881} /-->\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n<!-- wp:separator -->\n<hr class=\"wp-block-separator\"/>\n<!-- /wp:separator -->\n<!-- wp:spacer {\"height\":\"40px\"} -->\n<div style=\"height:40px\" aria-hidden=\"true\" class=\"wp-block-spacer\"></div>\n<!-- /wp:spacer -->",
		want:     "<p>خبر</p>\n<hr>",
		warnings: []string{"block core/latest-posts removed (WordPress drew it at view time)", "reusable block 881 removed"}},
	{name: "gutenberg post with a classic remnant gets wpautop there only",
		in:   "<!-- wp:paragraph -->\n<p>پہلا بلاک</p>\n<!-- /wp:paragraph -->\n\nپرانا متن پہلی سطر\nدوسری سطر\n\nنیا پیراگراف",
		want: "<p>پہلا بلاک</p>\n<p>پرانا متن پہلی سطر<br>دوسری سطر</p>\n<p>نیا پیراگراف</p>"},
	{name: "gutenberg shortcode block",
		in:       "<!-- wp:shortcode -->\n[gallery ids=\"32\"]\n<!-- /wp:shortcode -->\n<!-- wp:shortcode -->\n[wpforms id=\"9\"]\n<!-- /wp:shortcode -->",
		want:     `<figure data-block="image" data-media="132"></figure>`,
		warnings: []string{"shortcode [wpforms] removed"},
		images:   []int64{132}},

	// [caption]
	{name: "caption shortcode",
		in:     `[caption id="attachment_12" align="aligncenter" width="640"]<a href="` + site + `/wp-content/uploads/2024/03/flood-sindh.jpg"><img class="size-large wp-image-12" src="` + site + `/wp-content/uploads/2024/03/flood-sindh-640x427.jpg" alt="" width="640" height="427" /></a> دادو میں <em>سیلابی</em> پانی[/caption]`,
		want:   `<figure data-block="image" data-media="112"><figcaption>دادو میں <em>سیلابی</em> پانی</figcaption></figure>`,
		images: []int64{112}},
	{name: "caption shortcode, caption attribute form and the original of a resized copy",
		in:     `[caption id="" align="alignleft" width="300" caption="وزیر اعظم خطاب کرتے ہوئے"]<img src="` + site + `/wp-content/uploads/2024/03/pm-speech-300x200.jpg" alt="وزیر اعظم" width="300" height="200" />[/caption]`,
		want:   `<figure data-block="image" data-media="102"><figcaption>وزیر اعظم خطاب کرتے ہوئے</figcaption></figure>`,
		images: []int64{102}},
	{name: "caption with its image missing keeps the caption",
		in:       `[caption id="attachment_77" align="alignnone" width="500"]<a href="` + site + `/wp-content/uploads/2019/01/old.jpg"><img class="size-full wp-image-77" src="` + site + `/wp-content/uploads/2019/01/old.jpg" alt="" /></a> فائل فوٹو: پرانا شہر[/caption]`,
		want:     `<p>فائل فوٹو: پرانا شہر</p>`,
		warnings: []string{"image " + site + "/wp-content/uploads/2019/01/old.jpg not found"}},
	{name: "caption without an image",
		in:   `[caption width="300" caption="بغیر تصویر"]صرف متن[/caption]`,
		want: "<p>صرف متن</p>\n<p>بغیر تصویر</p>"},

	// embeds
	{name: "embed shortcode and URLs alone on a line become embed blocks",
		in:   "مکمل خطاب:\n\nhttps://www.youtube.com/watch?v=abc123XYZ_0\n\n[embed width=\"640\"]https://twitter.com/ispr/status/17?s=20&amp;t=x[/embed]\n\nیہ ربط جملے کے اندر ہے https://dawn.com/news/1 اور یہیں رہے گا۔\n\n<p>https://www.facebook.com/geonews/videos/123/</p>",
		want: "<p>مکمل خطاب:</p>\n<figure data-block=\"embed\" data-provider=\"youtube\" data-id=\"abc123XYZ_0\" data-url=\"https://www.youtube.com/watch?v=abc123XYZ_0\"></figure>\n<figure data-block=\"embed\" data-provider=\"x\" data-id=\"17\" data-url=\"https://x.com/ispr/status/17\"></figure>\n<p>یہ ربط جملے کے اندر ہے https://dawn.com/news/1 اور یہیں رہے گا۔</p>\n<figure data-block=\"embed\" data-provider=\"facebook\" data-id=\"123\" data-url=\"https://www.facebook.com/geonews/videos/123/\"></figure>"},
	{name: "an embedded post of the same site links to its new address",
		in:   "<!-- wp:embed {\"url\":\"" + site + "/?p=4400\",\"type\":\"wp-embed\"} /-->\n\n" + site + "/2023/06/09/budget-2023-24/",
		want: "<p><a href=\"/world/4400/russia-korea\">" + site + "/?p=4400</a></p>\n<p><a href=\"/pakistan/4512/budget-2023-24\">" + site + "/2023/06/09/budget-2023-24/</a></p>"},
	{name: "iframes of providers' players become embed blocks, others links",
		in: `<p>ویڈیو دیکھیں:</p><iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0" frameborder="0" allowfullscreen>fallback</iframe><iframe src="//player.vimeo.com/video/76979871"></iframe><iframe src="javascript:alert(1)"></iframe>` +
			`<iframe src="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fgeonews%2Fvideos%2F123%2F&show_text=0" width="560"></iframe><iframe src="https://www.instagram.com/p/C1a2B3c4D5e/embed/captioned/"></iframe>`,
		want:     "<p>ویڈیو دیکھیں:</p>\n<figure data-block=\"embed\" data-provider=\"youtube\" data-id=\"dQw4w9WgXcQ\" data-url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"></figure>\n<p><a href=\"https://player.vimeo.com/video/76979871\">https://player.vimeo.com/video/76979871</a></p>\n<figure data-block=\"embed\" data-provider=\"facebook\" data-id=\"123\" data-url=\"https://www.facebook.com/geonews/videos/123/\"></figure>\n<figure data-block=\"embed\" data-provider=\"instagram\" data-id=\"C1a2B3c4D5e\" data-url=\"https://www.instagram.com/p/C1a2B3c4D5e/\"></figure>",
		warnings: []string{"iframe https://player.vimeo.com/video/76979871 replaced by a link", "iframe removed"}},

	// other shortcodes
	{name: "brackets that are not shortcodes stay",
		in:   "قارئین کی رائے [1] اور [ترمیم] اور [citation needed] اور [AP] اور [http://x.com/] سب متن ہیں۔\n\n[[escaped]] اور [[1]] بھی۔",
		want: "<p>قارئین کی رائے [1] اور [ترمیم] اور [citation needed] اور [AP] اور [http://x.com/] سب متن ہیں۔</p>\n<p>[[escaped]] اور [[1]] بھی۔</p>"},
	{name: "escaped shortcodes show as written",
		in:   `مثال: [[gallery ids="1,2"]] اور [[caption]متن[/caption]] اور [[wp_ad]] لکھیں۔`,
		want: `<p>مثال: [gallery ids="1,2"] اور [caption]متن[/caption] اور [wp_ad] لکھیں۔</p>`},
	{name: "unknown shortcodes go, enclosed text stays",
		in:       "[wp_ad id=\"3\"]\n\n[su_box title=\"اہم\"][su_note]نوٹ: [b]یہ[/b] عبارت باقی رہے گی۔[/su_note][/su_box]\n\n[contact-form-7 id=\"1234\" title=\"رابطہ فارم\"]\n\n[adsense]\n\nمتن [sic] متن [ad /]\n\n[/caption] بچا ہوا بند۔",
		want:     "<p>نوٹ: یہ عبارت باقی رہے گی۔</p>\n<p>متن [sic] متن</p>\n<p>بچا ہوا بند۔</p>",
		warnings: []string{"shortcode [wp_ad] removed", "shortcode [su_box] removed, its text kept", "shortcode [su_note] removed, its text kept", "shortcode [b] removed, its text kept", "shortcode [contact-form-7] removed", "shortcode [adsense] removed", "shortcode [ad] removed"}},
	{name: "gallery shortcode becomes a gallery block",
		in:       "میچ کی تصاویر:\n\n[gallery ids=\"31, 32,99\" columns=\"3\" link=\"file\"]\n\n[gallery link=\"file\"]",
		want:     "<p>میچ کی تصاویر:</p>\n<figure data-block=\"gallery\"><figure data-block=\"image\" data-media=\"131\"></figure><figure data-block=\"image\" data-media=\"132\"></figure></figure>",
		warnings: []string{"shortcode [gallery] without ids removed", "image attachment 99 not found"},
		images:   []int64{131, 132}},
	{name: "video audio and jetpack embeds become links",
		in:   "[video width=\"640\" height=\"360\" mp4=\"" + site + "/wp-content/uploads/2024/04/highlights.mp4\"][/video]\n\n[audio src=\"" + site + "/wp-content/uploads/2024/04/bulletin.mp3\"]\n\n[youtube https://www.youtube.com/watch?v=xyz987]\n\n[vimeo 141358]\n\n[playlist ids=\"5,6\"]",
		want: "<p><a href=\"" + site + "/wp-content/uploads/2024/04/highlights.mp4\">" + site + "/wp-content/uploads/2024/04/highlights.mp4</a></p>\n<p><a href=\"" + site + "/wp-content/uploads/2024/04/bulletin.mp3\">" + site + "/wp-content/uploads/2024/04/bulletin.mp3</a></p>\n<p><a href=\"https://www.youtube.com/watch?v=xyz987\">https://www.youtube.com/watch?v=xyz987</a></p>\n<p><a href=\"https://vimeo.com/141358\">https://vimeo.com/141358</a></p>",
		warnings: []string{"shortcode [video] replaced by a link to " + site + "/wp-content/uploads/2024/04/highlights.mp4", "shortcode [audio] replaced by a link to " + site + "/wp-content/uploads/2024/04/bulletin.mp3",
			"shortcode [youtube] replaced by a link to https://www.youtube.com/watch?v=xyz987", "shortcode [vimeo] replaced by a link to https://vimeo.com/141358", "shortcode [playlist] removed"}},

	// pasted from Word, and other junk
	{name: "word paste",
		in: `<p class="MsoNormal" dir="RTL" style="text-align:right;direction:rtl"><span lang="UR" style="font-size:16.0pt;font-family:'Jameel Noori Nastaleeq'">لاہور (نمائندہ خصوصی) حکومت نے&nbsp;&nbsp;&nbsp;نئے منصوبوں کا اعلان کیا۔<o:p></o:p></span></p>
<p class="MsoNormal" dir="RTL"><span lang="UR">&nbsp;</span></p>
<div class="WordSection1"><p class="MsoNormal"><b><span lang="UR" style="font-size:18pt">ترقیاتی بجٹ</span></b> <span dir="LTR">(ADP)</span></p></div>
<p class="MsoNormal"><font face="Arial" color="#ff0000">اہم:</font><span style="mso-spacerun:yes">&nbsp; </span>رقم 500 ارب روپے ہے۔</p>
<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
<style>p.MsoNormal{margin:0}</style><script>document.write("<p>نہیں</p>")</script>
<p dir="ltr" lang="en" style="x">Annual Development Programme</p>`,
		want: "<p>لاہور (نمائندہ خصوصی) حکومت نے نئے منصوبوں کا اعلان کیا۔</p>\n<p><b>ترقیاتی بجٹ</b> (ADP)</p>\n<p>اہم: رقم 500 ارب روپے ہے۔</p>\n<p lang=\"en\" dir=\"ltr\">Annual Development Programme</p>"},
	{name: "word numbered list",
		in:   `<p class="MsoListParagraphCxSpFirst" dir="RTL"><![if !supportLists]><span>1.<span style="font:7pt">&nbsp;&nbsp; </span></span><![endif]><span lang="UR">پہلا قدم</span></p>` + "\n" + `<p class="MsoListParagraphCxSpLast" dir="RTL"><![if !supportLists]><span>2.<span>&nbsp; </span></span><![endif]><span lang="UR">دوسرا قدم</span></p>` + "\n<p>اس کے بعد</p>",
		want: "<ol><li>پہلا قدم</li><li>دوسرا قدم</li></ol>\n<p>اس کے بعد</p>"},
	{name: "headings onto our scale",
		in:   "<h1>ایک</h1><h2>دو</h2><h3>تین</h3><h4>چار</h4><h5>پانچ</h5><h6>چھ</h6>",
		want: "<h2>ایک</h2>\n<h2>دو</h2>\n<h3>تین</h3>\n<h4>چار</h4>\n<h4>پانچ</h4>\n<h4>چھ</h4>"},
	{name: "forms and objects go",
		in:       "<p>رابطہ کریں</p><form action=\"/x\"><label>ای میل</label><input name=\"e\"><button>بھیجیں</button></form><object data=\"x.swf\"><param name=\"a\"></object>",
		want:     "<p>رابطہ کریں</p>",
		warnings: []string{"form removed", "<object> removed"}},

	// images
	{name: "image in a sentence goes after its paragraph",
		in:     `<p>وزیر اعظم نے کہا <img src="` + site + `/wp-content/uploads/2024/03/pm-speech.jpg" class="alignright size-medium" srcset="x 300w" sizes="(max-width: 300px)" style="border:0" width="300" height="200"> کہ ملک ترقی کرے گا۔</p>`,
		want:   "<p>وزیر اعظم نے کہا کہ ملک ترقی کرے گا۔</p>\n<figure data-block=\"image\" data-media=\"102\"></figure>",
		images: []int64{102}},
	{name: "image at the start of a paragraph goes before it",
		in:     "<img class=\"alignright\" src=\"" + site + "/wp-content/uploads/2024/03/karachi-rain.jpg\" alt=\"\" />کراچی میں بارش۔\nدوسری سطر",
		want:   "<figure data-block=\"image\" data-media=\"101\"></figure>\n<p>کراچی میں بارش۔<br>دوسری سطر</p>",
		images: []int64{101}},
	{name: "image not found",
		in:       `<p>تصویر: <img src="https://cdn.other.example/stolen.jpg" alt="دوسری سائٹ"></p><p><a href="https://cdn.other.example/big.jpg"><img src="https://cdn.other.example/small.jpg"></a></p>`,
		want:     `<p>تصویر:</p>`,
		warnings: []string{"image https://cdn.other.example/stolen.jpg not found", "image https://cdn.other.example/small.jpg not found"}},
	{name: "image linked to a post loses the link; emoji pictures are their text; lazy loading",
		in:     "<p><a href=\"" + site + "/?p=4400\"><img src=\"" + site + "/wp-content/uploads/2024/03/karachi-rain.jpg\"></a></p>\n<p>ہنسی <img draggable=\"false\" role=\"img\" class=\"emoji\" alt=\"😀\" src=\"https://s.w.org/images/core/emoji/14.0.0/svg/1f600.svg\"> آگئی۔</p>\n<p><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" data-lazy-src=\"" + site + "/wp-content/uploads/2024/03/pm-speech.jpg\" alt=\"سست\"><noscript><img src=\"" + site + "/wp-content/uploads/2024/03/pm-speech.jpg\"></noscript></p>",
		want:   "<figure data-block=\"image\" data-media=\"101\"></figure>\n<p>ہنسی 😀 آگئی۔</p>\n<figure data-block=\"image\" data-media=\"102\"></figure>",
		images: []int64{101, 102}},

	// links and text
	{name: "links rewritten, unsafe and empty ones dropped",
		in:   "<p>تفصیل <a href=\"" + site + "/2023/06/09/budget-2023-24/\" target=\"_blank\" rel=\"noopener\" style=\"color:blue\" title=\"بجٹ\">یہاں</a>، <a href=\"" + site + "/?p=4400\"><strong>یہاں</strong> بھی</a>، <a href=\"javascript:alert(1)\">یہاں نہیں</a>، <a name=\"top\">لنگر</a> اور <a href=\"https://dawn.com/x\"></a>دیکھیں۔</p>",
		want: "<p>تفصیل <a href=\"/pakistan/4512/budget-2023-24\">یہاں</a>، <a href=\"/world/4400/russia-korea\"><strong>یہاں</strong> بھی</a>، یہاں نہیں، لنگر اور دیکھیں۔</p>"},
	{name: "a link around blocks goes inside them",
		in:   "<!-- wp:html -->\n" + `<a href="` + site + `/?p=4400"><h2>روس اور کوریا</h2><p>مزید پڑھیں</p></a>` + "\n<!-- /wp:html -->",
		want: "<h2><a href=\"/world/4400/russia-korea\">روس اور کوریا</a></h2>\n<p><a href=\"/world/4400/russia-korea\">مزید پڑھیں</a></p>"},
	{name: "urdu repaired, arabic quotation kept as typed",
		in:   `<p>پاكستان كي ٹيم نے ٣ ميچ جیتے۔ قرآن میں ہے: <span lang="ar" style="font-family:Amiri">إِنَّ مَعَ الْعُسْرِ يُسْرًا</span> اور <em lang="ar">بسم الله</em></p><blockquote lang="ar"><p>الحمد لله رب العالمين</p></blockquote>`,
		want: `<p>پاکستان کی ٹیم نے ۳ میچ جیتے۔ قرآن میں ہے: <span lang="ar">إِنَّ مَعَ الْعُسْرِ يُسْرًا</span> اور <em lang="ar">بسم الله</em></p>` + "\n" + `<blockquote lang="ar"><p>الحمد لله رب العالمين</p></blockquote>`},
	{name: "a data table keeps its caption, header row and rows",
		in:   `<table class="results" style="width:100%"><caption>نتائج</caption><thead><tr><th>جماعت</th><th>نشستیں</th></tr></thead><tbody><tr><td>الف</td><td colspan="1">120</td></tr><tr><td><p>ب</p></td><td style="x" rowspan="2">85</td></tr><tr><td></td><td></td></tr></tbody></table>`,
		want: "<table><caption>نتائج</caption><thead><tr><th>جماعت</th><th>نشستیں</th></tr></thead><tbody><tr><td>الف</td><td>120</td></tr><tr><td>ب</td><td rowspan=\"2\">85</td></tr></tbody></table>"},
	{name: "gutenberg table block: the first row of header cells heads it, the figure's caption is its caption",
		in:   "<!-- wp:table -->\n<figure class=\"wp-block-table\"><table class=\"has-fixed-layout\"><tbody><tr><th>سال</th><th>شرح</th></tr><tr><td>2024</td><td>12<strong>%</strong></td></tr></tbody></table><figcaption class=\"wp-element-caption\">مہنگائی</figcaption></figure>\n<!-- /wp:table -->",
		want: "<table><caption>مہنگائی</caption><thead><tr><th>سال</th><th>شرح</th></tr></thead><tbody><tr><td>2024</td><td>12<strong>%</strong></td></tr></tbody></table>"},
	{name: "a table that laid out a post becomes paragraphs, its pictures figures",
		in:       `<table><tr><td><img src="` + site + `/wp-content/uploads/2024/03/karachi-rain.jpg"></td></tr><tr><td>بارش کا منظر</td></tr></table><table><tr><td>اہم نوٹ: دفاتر بند رہیں گے</td></tr></table>`,
		want:     "<figure data-block=\"image\" data-media=\"101\"></figure>\n<p>بارش کا منظر</p>\n<p>اہم نوٹ: دفاتر بند رہیں گے</p>",
		warnings: []string{"layout table turned into paragraphs, one a row"},
		images:   []int64{101}},
	{name: "pull quotes, gutenberg and older",
		in:   "<!-- wp:pullquote -->\n<figure class=\"wp-block-pullquote\"><blockquote><p>ہم مشکل فیصلے کریں گے۔</p><cite>وزیر خزانہ</cite></blockquote></figure>\n<!-- /wp:pullquote -->\n<blockquote class=\"wp-block-pullquote is-style-solid-color\"><p>پہلی سطر</p><p>دوسری سطر</p></blockquote>",
		want: "<figure data-block=\"pullquote\"><blockquote><p>ہم مشکل فیصلے کریں گے۔</p></blockquote><figcaption>وزیر خزانہ</figcaption></figure>\n<figure data-block=\"pullquote\"><blockquote><p>پہلی سطر</p><p>دوسری سطر</p></blockquote></figure>"},
	{name: "embed code of X, Instagram and TikTok",
		in: `<blockquote class="twitter-tweet" data-lang="ur"><p lang="ur" dir="rtl">آج کابینہ کا اجلاس ہوا۔ <a href="https://t.co/abc">pic.twitter.com/abc</a></p>— PMO (@PakPMO) <a href="https://twitter.com/PakPMO/status/1770123456?ref_src=twsrc">March 1, 2024</a></blockquote><script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>` +
			`<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/reel/C9x8Y7z6W5v/?utm_source=ig_embed" data-instgrm-version="14"><div><a href="https://www.instagram.com/reel/C9x8Y7z6W5v/">View this post on Instagram</a></div></blockquote>` +
			`<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@geonews/video/7201281217864535302" data-video-id="7201281217864535302"><section><a href="https://www.tiktok.com/@geonews">@geonews</a> خبر</section></blockquote>` +
			`<blockquote class="twitter-tweet"><p>کوئی ربط نہیں</p></blockquote>`,
		want: "<figure data-block=\"embed\" data-provider=\"x\" data-id=\"1770123456\" data-url=\"https://x.com/PakPMO/status/1770123456\"><figcaption>آج کابینہ کا اجلاس ہوا۔ <a href=\"https://t.co/abc\">pic.twitter.com/abc</a></figcaption></figure>\n" +
			"<figure data-block=\"embed\" data-provider=\"instagram\" data-id=\"C9x8Y7z6W5v\" data-url=\"https://www.instagram.com/reel/C9x8Y7z6W5v/\"></figure>\n" +
			"<figure data-block=\"embed\" data-provider=\"tiktok\" data-id=\"7201281217864535302\" data-url=\"https://www.tiktok.com/@geonews/video/7201281217864535302\"></figure>\n" +
			"<blockquote><p>کوئی ربط نہیں</p></blockquote>"},
	{name: "video element becomes a link",
		in:       `<video controls width="640"><source src="` + site + `/wp-content/uploads/clip.mp4" type="video/mp4">آپ کا براؤزر ویڈیو نہیں چلا سکتا۔</video>`,
		want:     `<p><a href="` + site + `/wp-content/uploads/clip.mp4">` + site + `/wp-content/uploads/clip.mp4</a></p>`,
		warnings: []string{"<video> replaced by a link to " + site + "/wp-content/uploads/clip.mp4"}},
	{name: "empty", in: " \n\n ", want: ""},
}

func TestConvert(t *testing.T) {
	for _, c := range convertCases {
		t.Run(c.name, func(t *testing.T) {
			r := Convert(c.in, opts)
			if r.HTML != c.want {
				t.Errorf("HTML\n got %q\nwant %q", r.HTML, c.want)
			}
			if !reflect.DeepEqual(r.Warnings, c.warnings) {
				t.Errorf("warnings\n got %q\nwant %q", r.Warnings, c.warnings)
			}
			if !reflect.DeepEqual(r.Images, c.images) {
				t.Errorf("images %v, want %v", r.Images, c.images)
			}
			checkSurvives(t, r.HTML)
		})
	}
}

var (
	storyBlock = regexp.MustCompile(`<(figure|aside) data-block[^>]*>|<table>`)
	imgTag     = regexp.MustCompile(`<img [^>]*>`)
	junk       = regexp.MustCompile(`(?i)<(script|style|iframe|form|div|span(?: [^l>][^>]*)?>|font)|\s(style|class|srcset|sizes|on[a-z]+)=`)
)

// checkSurvives asserts that what Convert promises is still there once the
// body is stored: PrepareBody + SanitizeBody keep every word and image.
func checkSurvives(t *testing.T, body string) {
	t.Helper()
	if m := junk.FindString(body); m != "" {
		t.Errorf("%q left in %s", m, body)
	}
	if s := content.SanitizeBody(body); plain(s) != plain(body) || len(imgTag.FindAllString(s, -1)) != len(imgTag.FindAllString(body, -1)) {
		t.Errorf("SanitizeBody loses content:\n in  %s\n out %s", body, s)
	}
	st := stored(body)
	if plain(st) != plain(body) {
		t.Errorf("PrepareBody loses text:\n in  %q\n out %q", plain(body), plain(st))
	}
	if got, want := imgTag.FindAllString(st, -1), imgTag.FindAllString(body, -1); !reflect.DeepEqual(got, want) {
		t.Errorf("PrepareBody changes images:\n in  %q\n out %q", want, got)
	}
	if n := strings.Count(st, "<figure>"); n != strings.Count(body, "<figure>") {
		t.Errorf("PrepareBody keeps %d of %d figures:\n%s", n, strings.Count(body, "<figure>"), st)
	}
	// Story blocks are stored exactly as converted.
	for _, m := range storyBlock.FindAllString(body, -1) {
		if !strings.Contains(st, m) {
			t.Errorf("PrepareBody changes the story block %s:\n%s", m, st)
		}
	}
}
