package schemaorg

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// vocabText is the schema.org vocabulary reduced to what checking needs;
// internal/gen writes it from the pinned official release (see README.md).
//
//go:generate go run ./internal/gen -out vocab.txt
//go:embed vocab.txt
var vocabText string

// vocabulary answers the questions Check asks of schema.org: does a type or
// property exist, what is a subtype of what, where may a property be used
// and what may it hold.
type vocabulary struct {
	parents    map[string][]string        // type → direct supertypes
	datatypes  map[string]bool            // Text, URL, Date, ...
	props      map[string]property        // property → domains and ranges
	members    map[string][]string        // enumeration member → enumerations
	superseded map[string]string          // old term → its replacement
	ancestors  map[string]map[string]bool // type → itself and every supertype
}

type property struct {
	domains []string // domainIncludes
	ranges  []string // rangeIncludes
}

// vocab parses the embedded file once. A malformed file is a build mistake
// (the generator wrote it), so it panics; TestVocabularyLoads catches that
// before anything else could.
var vocab = sync.OnceValue(func() *vocabulary {
	v, err := parseVocabulary(vocabText)
	if err != nil {
		panic("schemaorg: embedded vocab.txt: " + err.Error())
	}
	return v
})

func parseVocabulary(text string) (*vocabulary, error) {
	v := &vocabulary{
		parents:    map[string][]string{},
		datatypes:  map[string]bool{},
		props:      map[string]property{},
		members:    map[string][]string{},
		superseded: map[string]string{},
	}
	for n, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			return nil, fmt.Errorf("line %d: too few fields", n+1)
		}
		switch f[0] {
		case "T", "D":
			v.parents[f[1]] = f[2:]
			if f[0] == "D" {
				v.datatypes[f[1]] = true
			}
		case "P":
			if len(f) != 4 {
				return nil, fmt.Errorf("line %d: property needs domains and ranges", n+1)
			}
			v.props[f[1]] = property{domains: strings.Split(f[2], ","), ranges: strings.Split(f[3], ",")}
		case "M":
			if len(f) != 3 {
				return nil, fmt.Errorf("line %d: member needs its enumerations", n+1)
			}
			v.members[f[1]] = strings.Split(f[2], ",")
		case "S":
			if len(f) != 3 {
				return nil, fmt.Errorf("line %d: superseded term needs its replacement", n+1)
			}
			v.superseded[f[1]] = f[2]
		default:
			return nil, fmt.Errorf("line %d: unknown kind %q", n+1, f[0])
		}
	}
	if len(v.parents["NewsArticle"]) == 0 || len(v.props["headline"].domains) == 0 {
		return nil, fmt.Errorf("NewsArticle or headline missing")
	}
	v.ancestors = make(map[string]map[string]bool, len(v.parents))
	for t := range v.parents {
		seen := map[string]bool{}
		queue := []string{t}
		for len(queue) > 0 {
			c := queue[0]
			queue = queue[1:]
			if seen[c] {
				continue
			}
			seen[c] = true
			queue = append(queue, v.parents[c]...)
		}
		v.ancestors[t] = seen
	}
	return v, nil
}

// isType reports whether name is a schema.org type (datatypes included).
func (v *vocabulary) isType(name string) bool {
	_, ok := v.parents[name]
	return ok
}

// isA reports whether t is sup or one of its subtypes.
func (v *vocabulary) isA(t, sup string) bool {
	return v.ancestors[t][sup]
}

// anyIsA reports whether one of types is a sup, for any sup in sups.
func (v *vocabulary) anyIsA(types, sups []string) bool {
	for _, t := range types {
		for _, s := range sups {
			if v.isA(t, s) {
				return true
			}
		}
	}
	return false
}

// definedOn reports whether the property may be used on a node with one of
// types: schema.org's domainIncludes, inherited by subtypes.
func (v *vocabulary) definedOn(p property, types []string) bool {
	return v.anyIsA(types, p.domains)
}

// isDatatype reports whether t is a DataType (Text, URL, Number, ...).
func (v *vocabulary) isDatatype(t string) bool {
	return v.datatypes[t]
}
