package main

import (
	"strings"
	"testing"
)

// A few statements in the shapes the release uses, including the ones gen
// must skip: literals, terms from other vocabularies, and the DataType
// meta-class.
const sample = `<http://schema.org/Thing> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2000/01/rdf-schema#Class> <http://schema.org/> .
<http://schema.org/Thing> <http://www.w3.org/2000/01/rdf-schema#label> "Thing" <http://schema.org/> .
<http://schema.org/CreativeWork> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://schema.org/Thing> <http://schema.org/> .
<http://schema.org/Article> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://schema.org/CreativeWork> <http://schema.org/> .
<http://schema.org/Article> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <https://example.org/Doc> <http://schema.org/> .
<http://schema.org/DataType> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://www.w3.org/2000/01/rdf-schema#Class> <http://schema.org/> .
<http://schema.org/Text> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/DataType> <http://schema.org/> .
<http://schema.org/URL> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://schema.org/Text> <http://schema.org/> .
<http://schema.org/headline> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> <http://schema.org/> .
<http://schema.org/headline> <http://schema.org/domainIncludes> <http://schema.org/CreativeWork> <http://schema.org/> .
<http://schema.org/headline> <http://schema.org/rangeIncludes> <http://schema.org/Text> <http://schema.org/> .
<http://schema.org/headline> <http://www.w3.org/2000/01/rdf-schema#comment> "Headline of the article, with <b>markup</b>." <http://schema.org/> .
<http://schema.org/True> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Boolean> <http://schema.org/> .
<http://schema.org/oldHeadline> <http://schema.org/supersededBy> <http://schema.org/headline> <http://schema.org/> .
<http://data.europa.eu/eli/ontology#amends> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> <http://schema.org/> .
`

func TestReduce(t *testing.T) {
	v, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	v.write(&b)
	want := `T Article CreativeWork
T CreativeWork Thing
D Text
T Thing
D URL Text
P headline CreativeWork Text
M True Boolean
S oldHeadline headline
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}
