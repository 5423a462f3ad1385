package schemaorg

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// good documents, one per kind of page the site serves, plus all of them
// joined in one @graph with references between nodes.
var goodFiles = []string{"newsarticle.json", "breadcrumb.json", "website.json", "graph.json"}

func readDoc(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// edit decodes a testdata document, lets f change it, and encodes it again,
// so each bad case is a good document with one thing broken.
func edit(t testing.TB, name string, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readDoc(t, name), &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func obj(v any) map[string]any { return v.(map[string]any) }
func arr(v any) []any          { return v.([]any) }

func hasProblem(ps []Problem, path, substr string) bool {
	for _, p := range ps {
		if p.Path == path && strings.Contains(p.Message, substr) {
			return true
		}
	}
	return false
}

func TestVocabularyLoads(t *testing.T) {
	v, err := parseVocabulary(vocabText)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.parents) < 800 || len(v.props) < 1400 {
		t.Errorf("only %d types and %d properties: the embedded vocabulary looks cut short", len(v.parents), len(v.props))
	}
	for _, c := range []struct{ t, sup string }{
		{"NewsArticle", "Article"}, {"NewsArticle", "CreativeWork"}, {"NewsArticle", "Thing"},
		{"NewsMediaOrganization", "Organization"}, {"BreadcrumbList", "ItemList"},
		{"SearchAction", "Action"}, {"URL", "Text"}, {"Integer", "Number"},
	} {
		if !v.isA(c.t, c.sup) {
			t.Errorf("%s is not a %s", c.t, c.sup)
		}
	}
	if v.isA("Article", "NewsArticle") {
		t.Error("subtyping runs the wrong way")
	}
	for _, dt := range []string{"Text", "URL", "Date", "DateTime", "Number", "Integer", "Boolean", "Time"} {
		if !v.isDatatype(dt) {
			t.Errorf("%s is not a datatype", dt)
		}
	}
	if p := v.props["headline"]; !v.definedOn(p, []string{"NewsArticle"}) || v.definedOn(p, []string{"Person"}) {
		t.Error("headline's domain is wrong")
	}
}

func TestGoodDocuments(t *testing.T) {
	for _, name := range goodFiles {
		t.Run(name, func(t *testing.T) {
			if ps := Check(readDoc(t, name)); len(ps) > 0 {
				t.Errorf("want no problems, got:\n%s", list(ps))
			}
		})
	}
	t.Run("array of documents", func(t *testing.T) {
		doc := "[" + string(readDoc(t, "newsarticle.json")) + "," + string(readDoc(t, "breadcrumb.json")) + "]"
		if ps := Check([]byte(doc)); len(ps) > 0 {
			t.Errorf("want no problems, got:\n%s", list(ps))
		}
	})
	t.Run("http context and full IRIs", func(t *testing.T) {
		doc := edit(t, "breadcrumb.json", func(m map[string]any) {
			m["@context"] = "http://schema.org/"
			m["@type"] = "https://schema.org/BreadcrumbList"
		})
		if ps := Check(doc); len(ps) > 0 {
			t.Errorf("want no problems, got:\n%s", list(ps))
		}
	})
}

func list(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("\t" + p.String() + "\n")
	}
	return b.String()
}

// TestRequiredProperties drops each required property in turn.
func TestRequiredProperties(t *testing.T) {
	cases := []struct {
		file, path string
		drop       func(m map[string]any)
		want       string
	}{}
	for _, p := range []string{"headline", "image", "datePublished", "dateModified", "author", "publisher", "mainEntityOfPage"} {
		cases = append(cases, struct {
			file, path string
			drop       func(m map[string]any)
			want       string
		}{"newsarticle.json", "NewsArticle", func(m map[string]any) { delete(m, p) }, "missing " + p})
	}
	type tc = struct {
		file, path string
		drop       func(m map[string]any)
		want       string
	}
	cases = append(cases,
		tc{"newsarticle.json", "NewsArticle", func(m map[string]any) { m["headline"] = "  " }, "missing headline"},
		tc{"newsarticle.json", "NewsArticle", func(m map[string]any) { m["image"] = []any{} }, "missing image"},
		tc{"newsarticle.json", "NewsArticle.publisher", func(m map[string]any) { delete(obj(m["publisher"]), "name") }, "missing name"},
		tc{"newsarticle.json", "NewsArticle.publisher", func(m map[string]any) { delete(obj(m["publisher"]), "logo") }, "missing logo"},
		tc{"newsarticle.json", "NewsArticle.publisher.logo", func(m map[string]any) {
			delete(obj(obj(m["publisher"])["logo"]), "url")
		}, "missing url"},
		tc{"newsarticle.json", "NewsArticle.author[0]", func(m map[string]any) { delete(obj(arr(m["author"])[0]), "name") }, "missing name"},
		tc{"newsarticle.json", "NewsArticle.author[1]", func(m map[string]any) { delete(obj(arr(m["author"])[1]), "name") }, "missing name"},
		tc{"newsarticle.json", "NewsArticle.image[0]", func(m map[string]any) { delete(obj(arr(m["image"])[0]), "url") }, "missing url or contentUrl"},
		tc{"breadcrumb.json", "BreadcrumbList", func(m map[string]any) { delete(m, "itemListElement") }, "missing itemListElement"},
		tc{"breadcrumb.json", "BreadcrumbList", func(m map[string]any) { m["itemListElement"] = []any{} }, "missing itemListElement"},
		tc{"breadcrumb.json", "BreadcrumbList.itemListElement[1]", func(m map[string]any) {
			delete(obj(arr(m["itemListElement"])[1]), "position")
		}, "missing position"},
		tc{"breadcrumb.json", "BreadcrumbList.itemListElement[0]", func(m map[string]any) {
			delete(obj(arr(m["itemListElement"])[0]), "name")
		}, "missing name"},
		tc{"breadcrumb.json", "BreadcrumbList.itemListElement[1]", func(m map[string]any) {
			delete(obj(arr(m["itemListElement"])[1]), "item")
		}, "only the last breadcrumb may leave it out"},
		tc{"website.json", "WebSite", func(m map[string]any) { delete(m, "name") }, "missing name"},
		tc{"website.json", "WebSite", func(m map[string]any) { delete(m, "url") }, "missing url"},
		tc{"website.json", "WebSite.potentialAction", func(m map[string]any) {
			delete(obj(m["potentialAction"]), "query-input")
		}, "missing query-input"},
		tc{"website.json", "WebSite.potentialAction", func(m map[string]any) {
			delete(obj(m["potentialAction"]), "target")
		}, "missing target"},
	)
	for _, c := range cases {
		t.Run(c.path+" "+c.want, func(t *testing.T) {
			ps := Check(edit(t, c.file, c.drop))
			if !hasProblem(ps, c.path, c.want) {
				t.Errorf("want %s: %q, got:\n%s", c.path, c.want, list(ps))
			}
		})
	}
}

// TestProblems breaks a good document in one way per case and expects that
// one problem to be reported where it is.
func TestProblems(t *testing.T) {
	long := strings.Repeat("روس شمالی کوریا دفاعی شراکت ", 5) // 140 characters
	cases := []struct {
		name, file string
		edit       func(m map[string]any)
		path, want string
	}{
		{"missing context", "newsarticle.json", func(m map[string]any) { delete(m, "@context") }, "NewsArticle", "missing @context"},
		{"foreign context", "newsarticle.json", func(m map[string]any) { m["@context"] = "https://example.org/vocab" }, "NewsArticle.@context", "not schema.org"},
		{"context defining terms", "newsarticle.json", func(m map[string]any) {
			m["@context"] = []any{"https://schema.org", map[string]any{"sarkhi": "https://schema.org/headline"}}
		}, "NewsArticle.@context", "does not follow"},
		{"missing type", "newsarticle.json", func(m map[string]any) { delete(m, "@type") }, "(untyped)", "missing @type"},
		{"unknown type", "newsarticle.json", func(m map[string]any) { m["@type"] = "NewsArtikel" }, "NewsArtikel.@type", "unknown type"},
		{"unknown nested type", "newsarticle.json", func(m map[string]any) { obj(m["publisher"])["@type"] = "NewsAgency" }, "NewsArticle.publisher.@type", "unknown type"},
		{"enumeration member as type", "newsarticle.json", func(m map[string]any) { m["@type"] = "InStock" }, "InStock.@type", "not a type"},
		{"unknown property", "newsarticle.json", func(m map[string]any) { m["sarkhi"] = "سرخی" }, "NewsArticle.sarkhi", "unknown property"},
		{"misspelt property", "newsarticle.json", func(m map[string]any) { m["datepublished"] = m["datePublished"] }, "NewsArticle.datepublished", "unknown property"},
		{"type as property", "newsarticle.json", func(m map[string]any) { m["Person"] = "صائمہ خان" }, "NewsArticle.Person", "is a type, not a property"},
		{"property on wrong type", "newsarticle.json", func(m map[string]any) { m["jobTitle"] = "نامہ نگار" }, "NewsArticle.jobTitle", "not a property of NewsArticle"},
		{"property on wrong nested type", "newsarticle.json", func(m map[string]any) {
			obj(arr(m["author"])[0])["headline"] = "سرخی"
		}, "NewsArticle.author[0].headline", "not a property of Person"},
		{"superseded type", "newsarticle.json", func(m map[string]any) { obj(m["publisher"])["@type"] = "Taxi" }, "NewsArticle.publisher.@type", "superseded by TaxiService"},
		{"superseded property", "newsarticle.json", func(m map[string]any) { m["interactionCount"] = "12" }, "NewsArticle.interactionCount", "superseded by interactionStatistic"},
		{"text where a node is expected", "newsarticle.json", func(m map[string]any) { m["publisher"] = "دانشگاه" }, "NewsArticle.publisher", "expected Organization or Person"},
		{"node of the wrong type", "newsarticle.json", func(m map[string]any) {
			arr(m["author"])[0] = map[string]any{"@type": "Place", "name": "پیانگ یانگ"}
		}, "NewsArticle.author[0]", "expected Organization or Person, got Place"},
		{"node where text is expected", "newsarticle.json", func(m map[string]any) {
			m["headline"] = map[string]any{"@type": "Thing", "name": "سرخی"}
		}, "NewsArticle.headline", "expected Text, got Thing"},
		{"number where text is expected", "newsarticle.json", func(m map[string]any) { m["articleSection"] = 3 }, "NewsArticle.articleSection", "expected Text, got 3"},
		{"nested node without type", "newsarticle.json", func(m map[string]any) {
			delete(obj(m["publisher"]), "@type")
		}, "NewsArticle.publisher", "missing @type"},
		{"date in words", "newsarticle.json", func(m map[string]any) { m["datePublished"] = "18 فروری 2026" }, "NewsArticle.datePublished", "expected Date or DateTime"},
		{"impossible date", "newsarticle.json", func(m map[string]any) { m["datePublished"] = "2026-02-30T09:30:00+05:00" }, "NewsArticle.datePublished", "ISO 8601"},
		{"date and time without zone", "newsarticle.json", func(m map[string]any) { m["dateModified"] = "2026-02-18T11:05:00" }, "NewsArticle.dateModified", "with a zone"},
		{"modified before published", "newsarticle.json", func(m map[string]any) { m["dateModified"] = "2026-02-17T11:05:00+05:00" }, "NewsArticle.dateModified", "before datePublished"},
		{"relative URL", "newsarticle.json", func(m map[string]any) { obj(m["publisher"])["url"] = "/" }, "NewsArticle.publisher.url", "absolute http(s) URL"},
		{"URL with another scheme", "newsarticle.json", func(m map[string]any) {
			obj(arr(m["author"])[0])["url"] = "ftp://akhbar.example/author/saima-khan"
		}, "NewsArticle.author[0].url", "expected URL"},
		{"fractional integer", "newsarticle.json", func(m map[string]any) { m["wordCount"] = 412.5 }, "NewsArticle.wordCount", "expected Integer"},
		{"text boolean", "newsarticle.json", func(m map[string]any) { m["isAccessibleForFree"] = "ہاں" }, "NewsArticle.isAccessibleForFree", "expected Boolean"},
		{"bare number as distance", "newsarticle.json", func(m map[string]any) { obj(arr(m["image"])[0])["width"] = 1200 }, "NewsArticle.image[0].width", "1200 px"},
		{"null value", "newsarticle.json", func(m map[string]any) { m["description"] = nil }, "NewsArticle.description", "null"},
		{"empty text", "newsarticle.json", func(m map[string]any) { m["description"] = "" }, "NewsArticle.description", "empty text"},
		{"long headline", "newsarticle.json", func(m map[string]any) { m["headline"] = long }, "NewsArticle.headline", "140 characters"},
		{"publisher is a person", "newsarticle.json", func(m map[string]any) {
			m["publisher"] = map[string]any{"@type": "Person", "name": "صائمہ خان"}
		}, "NewsArticle.publisher", "must be an Organization, not Person"},
		{"logo as a bare URL", "newsarticle.json", func(m map[string]any) {
			obj(m["publisher"])["logo"] = "https://akhbar.example/static/logo.png"
		}, "NewsArticle.publisher.logo", "must be an ImageObject"},
		{"author as text", "newsarticle.json", func(m map[string]any) { m["author"] = "https://akhbar.example/author/saima-khan" }, "NewsArticle.author", "Person or Organization"},
		{"positions not consecutive", "breadcrumb.json", func(m map[string]any) {
			obj(arr(m["itemListElement"])[2])["position"] = 4
		}, "BreadcrumbList.itemListElement", "got 1, 2, 4"},
		{"positions from zero", "breadcrumb.json", func(m map[string]any) {
			for i, e := range arr(m["itemListElement"]) {
				obj(e)["position"] = i
			}
		}, "BreadcrumbList.itemListElement", "got 0, 1, 2"},
		{"repeated position", "breadcrumb.json", func(m map[string]any) {
			obj(arr(m["itemListElement"])[1])["position"] = 1
		}, "BreadcrumbList.itemListElement", "got 1, 1, 3"},
		{"fractional position", "breadcrumb.json", func(m map[string]any) {
			obj(arr(m["itemListElement"])[1])["position"] = 1.5
		}, "BreadcrumbList.itemListElement[1].position", "whole number"},
		{"breadcrumb that is not a ListItem", "breadcrumb.json", func(m map[string]any) {
			arr(m["itemListElement"])[0] = "ہوم"
		}, "BreadcrumbList.itemListElement[0]", "must be a ListItem"},
		{"breadcrumb item that is not a URL", "breadcrumb.json", func(m map[string]any) {
			obj(arr(m["itemListElement"])[1])["item"] = "بین الاقوامی"
		}, "BreadcrumbList.itemListElement[1].item", "expected Thing"},
		{"breadcrumb item node without URL", "breadcrumb.json", func(m map[string]any) {
			obj(arr(m["itemListElement"])[1])["item"] = map[string]any{"@type": "WebPage", "name": "بین الاقوامی"}
		}, "BreadcrumbList.itemListElement[1].item", "page's URL"},
		{"search target without placeholder", "website.json", func(m map[string]any) {
			obj(obj(m["potentialAction"])["target"])["urlTemplate"] = "https://akhbar.example/search?q="
		}, "WebSite.potentialAction.target.urlTemplate", "no {search_term_string} placeholder"},
		{"search target string without placeholder", "website.json", func(m map[string]any) {
			obj(m["potentialAction"])["target"] = "https://akhbar.example/search"
		}, "WebSite.potentialAction.target", "no {search_term_string} placeholder"},
		{"placeholder names disagree", "website.json", func(m map[string]any) {
			obj(m["potentialAction"])["query-input"] = "required name=q"
		}, "WebSite.potentialAction.target.urlTemplate", "no {q} placeholder"},
		{"query-input not required", "website.json", func(m map[string]any) {
			obj(m["potentialAction"])["query-input"] = "name=search_term_string"
		}, "WebSite.potentialAction.query-input", "required name=search_term_string"},
		{"relative search template", "website.json", func(m map[string]any) {
			obj(obj(m["potentialAction"])["target"])["urlTemplate"] = "/search?q={search_term_string}"
		}, "WebSite.potentialAction.target.urlTemplate", "not an absolute"},
		{"annotation on a property the action lacks", "website.json", func(m map[string]any) {
			obj(m["potentialAction"])["headline-input"] = "required name=x"
		}, "WebSite.potentialAction.headline-input", "not a property of SearchAction"},
		{"annotation outside an action", "website.json", func(m map[string]any) { m["name-input"] = "required" }, "WebSite.name-input", "not an Action"},
		{"JSON-LD keyword not followed", "website.json", func(m map[string]any) { m["@reverse"] = map[string]any{} }, "WebSite.@reverse", "not supported"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := Check(edit(t, c.file, c.edit))
			if !hasProblem(ps, c.path, c.want) {
				t.Errorf("want %s: %q, got:\n%s", c.path, c.want, list(ps))
			}
		})
	}
}

// TestDocuments covers what editing a map cannot express: document shapes,
// key order and duplicates, references and enumerations.
func TestDocuments(t *testing.T) {
	cases := []struct {
		name, doc  string
		path, want string // want "" means the document is clean
	}{
		{"duplicate key", `{"@context":"https://schema.org","@type":"Person","name":"صائمہ خان","name":"عمران حیدر"}`,
			"Person", `duplicate key "name"`},
		{"enumeration member", `{"@context":"https://schema.org","@type":"Offer","availability":"https://schema.org/InStock"}`, "", ""},
		{"not a member of the enumeration", `{"@context":"https://schema.org","@type":"Offer","availability":"https://schema.org/Blue"}`,
			"Offer.availability", "not a value of ItemAvailability"},
		{"duration", `{"@context":"https://schema.org","@type":"VideoObject","name":"بجٹ تقریر","contentUrl":"https://akhbar.example/v.mp4","duration":"PT1H30M"}`, "", ""},
		{"bad duration", `{"@context":"https://schema.org","@type":"VideoObject","name":"بجٹ تقریر","contentUrl":"https://akhbar.example/v.mp4","duration":"90 منٹ"}`,
			"VideoObject.duration", "ISO 8601 duration"},
		{"language-tagged value", `{"@context":"https://schema.org","@type":"Person","name":{"@value":"صائمہ خان","@language":"ur"}}`, "", ""},
		{"reference to a node of the wrong type", `{"@context":"https://schema.org","@graph":[
			{"@type":"Place","@id":"#p","name":"پیانگ یانگ"},
			{"@type":"Person","@id":"#a","name":"صائمہ خان","worksFor":{"@id":"#p"}}]}`,
			"Person(@graph[1]).worksFor", "expected Organization, but #p is a Place"},
		{"publisher reference not described", `{"@context":"https://schema.org","@type":"NewsArticle","headline":"سرخی",
			"image":"https://akhbar.example/i.webp","datePublished":"2026-02-18","dateModified":"2026-02-18",
			"author":{"@type":"Person","name":"صائمہ خان"},"mainEntityOfPage":"https://akhbar.example/a",
			"publisher":{"@id":"https://akhbar.example/#organization"}}`,
			"NewsArticle.publisher", "described in this document"},
		{"context with only a language", `{"@context":{"@language":"ur"},"@type":"Person","name":"صائمہ خان"}`, "Person.@context", "does not bring in schema.org"},
		{"context with a language", `{"@context":["https://schema.org",{"@language":"ur"}],"@type":"Person","name":"صائمہ خان"}`, "", ""},
		{"graph with a foreign context", `{"@context":"https://example.org/","@graph":[{"@type":"Person","name":"صائمہ خان"}]}`, "$.@context", "not schema.org"},
		{"graph without context", `{"@graph":[{"@type":"Person","name":"صائمہ خان"}]}`, "$", "missing @context"},
		{"extra keys beside graph", `{"@context":"https://schema.org","name":"x","@graph":[{"@type":"Person","name":"صائمہ خان"}]}`, "$", `"name" beside @graph`},
		{"array element without context", `[{"@context":"https://schema.org","@type":"Person","name":"صائمہ خان"},{"@type":"Person","name":"عمران حیدر"}]`,
			"Person([1])", "missing @context"},
		{"array element that is not an object", `[{"@context":"https://schema.org","@type":"Person","name":"صائمہ خان"},"text"]`, "[1]", "must be a node object"},
		{"text document", `"https://schema.org"`, "$", "must be an object or an array"},
		{"empty array", `[]`, "$", "empty array"},
		{"empty graph", `{"@context":"https://schema.org","@graph":[]}`, "$", "@graph is empty"},
		{"nested array", `{"@context":"https://schema.org","@type":"Person","name":[["صائمہ خان"]]}`, "Person.name[0]", "nested array"},
		{"prefixed names", `{"@context":"https://schema.org","@type":"schema:Person","schema:name":"صائمہ خان"}`, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := Check([]byte(c.doc))
			if c.want == "" {
				if len(ps) > 0 {
					t.Errorf("want no problems, got:\n%s", list(ps))
				}
				return
			}
			if !hasProblem(ps, c.path, c.want) {
				t.Errorf("want %s: %q, got:\n%s", c.path, c.want, list(ps))
			}
		})
	}
}

// TestMalformed: broken input is a Problem about the document, not a panic.
func TestMalformed(t *testing.T) {
	for _, doc := range []string{
		"",
		"   ",
		"{",
		`{"@context": "https://schema.org",`,
		`{"@type": "Person" "name": "x"}`,
		`[1, 2,]`,
		"nul",
		`{"@type":"Person"} {"@type":"Person"}`,
		`{"@type":"Person"}]`,
		"\xff\xfe{",
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
		strings.Repeat(`{"a":`, 1000) + "1" + strings.Repeat("}", 1000),
	} {
		ps := Check([]byte(doc))
		if len(ps) != 1 || ps[0].Path != "$" || !strings.HasPrefix(ps[0].Message, "malformed JSON") {
			t.Errorf("Check(%.40q) = %v, want one malformed-JSON problem", doc, ps)
		}
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{Path: "NewsArticle.author[0]", Message: "missing name, required for Person"}
	if got, want := p.String(), "NewsArticle.author[0]: missing name, required for Person"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestLiteralFormats(t *testing.T) {
	cases := []struct {
		dt   string
		v    *value
		want bool
	}{
		{"DateTime", &value{kind: kString, s: "2026-02-18T09:30:00+05:00"}, true},
		{"DateTime", &value{kind: kString, s: "2026-02-18T04:30:00Z"}, true},
		{"DateTime", &value{kind: kString, s: "2026-02-18T04:30:00.250Z"}, true},
		{"DateTime", &value{kind: kString, s: "2026-02-18T09:30+05:00"}, true},
		{"DateTime", &value{kind: kString, s: "2026-02-18T09:30:00"}, false},
		{"DateTime", &value{kind: kString, s: "2026-02-18"}, false},
		{"DateTime", &value{kind: kString, s: "2026-02-18 09:30:00+05:00"}, false},
		{"Date", &value{kind: kString, s: "2026-02-18"}, true},
		{"Date", &value{kind: kString, s: "2026-02"}, true},
		{"Date", &value{kind: kString, s: "2026"}, true},
		{"Date", &value{kind: kString, s: "2026-13-01"}, false},
		{"Date", &value{kind: kString, s: "۲۰۲۶-۰۲-۱۸"}, false},
		{"Time", &value{kind: kString, s: "09:30:00"}, true},
		{"Time", &value{kind: kString, s: "25:00"}, false},
		{"URL", &value{kind: kString, s: "https://akhbar.example/international/"}, true},
		{"URL", &value{kind: kString, s: "https://ur.wikipedia.org/wiki/پاکستان"}, true},
		{"URL", &value{kind: kString, s: "//akhbar.example/"}, false},
		{"URL", &value{kind: kString, s: "https://akhbar.example/a b"}, false},
		{"URL", &value{kind: kString, s: "javascript:alert(1)"}, false},
		{"URL", &value{kind: kString, s: "https://"}, false},
		{"Text", &value{kind: kString, s: "کچھ بھی"}, true},
		{"Text", &value{kind: kNumber, s: "3"}, false},
		{"Integer", &value{kind: kNumber, s: "412"}, true},
		{"Integer", &value{kind: kNumber, s: "3.0"}, true},
		{"Integer", &value{kind: kString, s: "7"}, true},
		{"Integer", &value{kind: kNumber, s: "3.5"}, false},
		{"Integer", &value{kind: kString, s: "۷"}, false},
		{"Number", &value{kind: kNumber, s: "4.5"}, true},
		{"Number", &value{kind: kString, s: "NaN"}, false},
		{"Number", &value{kind: kString, s: "0x10"}, false},
		{"Boolean", &value{kind: kBool, b: false}, true},
		{"Boolean", &value{kind: kString, s: "https://schema.org/True"}, true},
		{"Boolean", &value{kind: kString, s: "yes"}, false},
	}
	for _, c := range cases {
		if got := literalMatches(c.v, c.dt); got != c.want {
			t.Errorf("%s %q: got %v, want %v", c.dt, c.v.s, got, c.want)
		}
	}
	for s, want := range map[string]bool{
		"PT1H30M": true, "P1Y2M10DT2H30M": true, "PT0.5S": true, "P2W": true,
		"P": false, "PT": false, "1H": false, "PT1M1H": false, "P1H": false,
	} {
		if got := isDuration(s); got != want {
			t.Errorf("isDuration(%q) = %v, want %v", s, got, want)
		}
	}
}
