// Package schemaorg checks JSON-LD structured data against the schema.org
// vocabulary and against the properties Google Search needs, so that tests
// of the public site fail when a page's NewsArticle, BreadcrumbList or
// WebSite markup is wrong or incomplete, long before a search console says so.
//
// The vocabulary is schema.org's own release, reduced and embedded (see
// README.md); the extra requirements are in rules.go, each with its source.
// It understands the JSON-LD that sites publish for search engines (a
// schema.org @context, bare term names, @id references within the document),
// not JSON-LD in general: a @context that defines its own terms is reported
// rather than followed.
package schemaorg

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a document.
type Problem struct {
	// Path says where: the top-level node's type, then property names and
	// array indexes, as in "NewsArticle.author[0]". A node in a top-level
	// array or @graph also carries its index: "BreadcrumbList(@graph[1])".
	// "$" stands for the document itself.
	Path    string
	Message string
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// Check parses one JSON-LD document (an object, an array of objects, or an
// object with @graph) and reports every problem. A clean document gives nil.
// Malformed input is reported as a Problem too; Check never panics.
func Check(doc []byte) []Problem {
	root, err := parseJSON(doc)
	if err != nil {
		return []Problem{{Path: "$", Message: "malformed JSON: " + err.Error()}}
	}
	c := &checker{v: vocab(), ids: map[string]*value{}}
	c.document(root)
	return c.problems
}

type checker struct {
	v        *vocabulary
	problems []Problem
	ids      map[string]*value // @id → the node that describes it
}

func (c *checker) report(path, format string, args ...any) {
	c.problems = append(c.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// document finds the top-level nodes and checks each.
func (c *checker) document(root *value) {
	type top struct {
		node       *value
		label      string // index part of the path, "" for a lone object
		hasContext bool   // the @graph object has a @context for its nodes
	}
	var tops []top
	switch root.kind {
	case kObject:
		graph := root.get("@graph")
		if graph == nil {
			tops = append(tops, top{node: root})
			break
		}
		// A wrong context is reported once, here, not again for each node.
		c.context(root, "$", true)
		ok := root.get("@context") != nil
		for _, m := range root.obj {
			switch m.key {
			case "@context", "@graph", "@id":
			default:
				c.report("$", "%q beside @graph is not checked: put it in a node inside @graph", m.raw)
			}
		}
		for i, n := range graph.items() {
			tops = append(tops, top{node: n, label: "@graph[" + strconv.Itoa(i) + "]", hasContext: ok})
		}
		if len(tops) == 0 {
			c.report("$", "@graph is empty")
		}
	case kArray:
		for i, n := range root.arr {
			tops = append(tops, top{node: n, label: "[" + strconv.Itoa(i) + "]"})
		}
		if len(tops) == 0 {
			c.report("$", "the document is an empty array")
		}
	default:
		c.report("$", "a JSON-LD document must be an object or an array of objects, not %v", root.kind)
		return
	}
	for _, t := range tops {
		c.index(t.node, 0)
	}
	for _, t := range tops {
		path := t.label
		if t.node.kind == kObject {
			path = c.typeLabel(t.node)
			if t.label != "" {
				path += "(" + t.label + ")"
			}
		}
		if t.node.kind != kObject {
			c.report(pathOr(path), "a top-level item must be a node object, not %v", t.node.kind)
			continue
		}
		if t.node.get("@context") == nil && !t.hasContext {
			c.report(path, "missing @context: use \"https://schema.org\"")
		}
		if t.node.get("@type") == nil {
			c.report(path, "missing @type")
		}
		c.node(t.node, path)
	}
}

func pathOr(p string) string {
	if p == "" {
		return "$"
	}
	return p
}

// typeLabel names a node by its first @type, for paths.
func (c *checker) typeLabel(n *value) string {
	if ts := typeNames(n); len(ts) > 0 && ts[0] != "" {
		return ts[0]
	}
	return "(untyped)"
}

// index records every node that describes an @id, so that references such
// as "publisher": {"@id": "https://akhbar.example/#organization"} can be followed.
func (c *checker) index(v *value, depth int) {
	if depth > maxDepth {
		return
	}
	switch v.kind {
	case kArray:
		for _, e := range v.arr {
			c.index(e, depth+1)
		}
	case kObject:
		if id := v.get("@id"); id != nil && id.kind == kString && !isReference(v) {
			if _, seen := c.ids[id.s]; !seen {
				c.ids[id.s] = v
			}
		}
		for _, m := range v.obj {
			c.index(m.val, depth+1)
		}
	}
}

// isReference reports whether an object only names a node described
// elsewhere: {"@id": "..."} and nothing else.
func isReference(v *value) bool {
	if v.kind != kObject || v.get("@id") == nil {
		return false
	}
	for _, m := range v.obj {
		if m.key != "@id" {
			return false
		}
	}
	return true
}

// resolve returns the node a value stands for: itself, or the node in this
// document that a reference names. A reference to something not described
// here gives nil.
func (c *checker) resolve(v *value) *value {
	if v == nil || v.kind != kObject {
		return nil
	}
	if isReference(v) {
		if id := v.get("@id"); id.kind == kString {
			return c.ids[id.s]
		}
		return nil
	}
	return v
}

// schema.org's names can be written bare ("NewsArticle"), as compact IRIs
// with the "schema" prefix its context defines, or as full IRIs.
var schemaPrefixes = []string{"https://schema.org/", "http://schema.org/", "schema:"}

func termName(s string) string {
	for _, p := range schemaPrefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return rest
		}
	}
	return s
}

// typeNames returns a node's @type values as schema.org names.
func typeNames(n *value) []string {
	var out []string
	for _, t := range n.get("@type").items() {
		if t.kind == kString {
			out = append(out, termName(t.s))
		}
	}
	return out
}

// context checks a node's @context: schema.org's, by URL or as @vocab,
// optionally with a default @language. top says the node must have one.
func (c *checker) context(n *value, path string, top bool) {
	ctx := n.get("@context")
	if ctx == nil {
		if top {
			c.report(path, "missing @context: use \"https://schema.org\"")
		}
		return
	}
	schema, reported := false, len(c.problems)
	for _, e := range ctx.items() {
		switch {
		case e.kind == kString && isSchemaContext(e.s):
			schema = true
		case e.kind == kObject:
			for _, m := range e.obj {
				switch {
				case m.key == "@vocab" && m.val.kind == kString && isSchemaContext(m.val.s):
					schema = true
				case m.key == "@language" && m.val.kind == kString:
				default:
					c.report(path+".@context", "the context defines %q, which this checker does not follow: use \"https://schema.org\" alone", m.raw)
				}
			}
		default:
			c.report(path+".@context", "@context %s is not schema.org: use \"https://schema.org\"", show(e))
		}
	}
	if !schema && len(c.problems) == reported {
		c.report(path+".@context", "@context does not bring in schema.org: use \"https://schema.org\"")
	}
}

func isSchemaContext(s string) bool {
	s = strings.TrimSuffix(s, "/")
	return s == "https://schema.org" || s == "http://schema.org"
}

// node checks one node object: its keywords, its types, each property and
// its values, then the requirements for its types.
func (c *checker) node(n *value, path string) {
	if n.get("@context") != nil {
		c.context(n, path, false)
	}
	seen := map[string]bool{}
	for _, m := range n.obj {
		if seen[m.raw] {
			c.report(path, "duplicate key %q: JSON-LD keeps only one of them", m.raw)
		}
		seen[m.raw] = true
	}

	var types []string
	if t := n.get("@type"); t != nil {
		for i, e := range t.items() {
			p := path + ".@type"
			if t.kind == kArray {
				p += "[" + strconv.Itoa(i) + "]"
			}
			if e.kind != kString {
				c.report(p, "@type must be text, not %v", e.kind)
				continue
			}
			name := termName(e.s)
			if r := c.v.superseded[name]; r != "" {
				c.report(p, "type %s is superseded by %s", name, r)
			}
			switch {
			case c.v.isType(name):
				types = append(types, name)
			case c.v.superseded[name] != "":
			case c.v.members[name] != nil:
				c.report(p, "%s is a value of %s, not a type", name, strings.Join(c.v.members[name], " or "))
			default:
				c.report(p, "unknown type %q: not in the schema.org vocabulary", e.s)
			}
		}
	}
	if id := n.get("@id"); id != nil && (id.kind != kString || strings.TrimSpace(id.s) == "") {
		c.report(path+".@id", "@id must be a non-empty IRI")
	}
	isAction := c.v.anyIsA(types, []string{"Action"})

	for _, m := range n.obj {
		ppath := path + "." + m.raw
		switch m.key {
		case "@context", "@type", "@id":
			continue
		}
		if strings.HasPrefix(m.key, "@") {
			c.report(ppath, "JSON-LD keyword %s is not supported here", m.key)
			continue
		}
		name := m.key
		// schema.org's Action annotations: "query-input" says how the action's
		// "query" is filled (https://schema.org/docs/actions.html).
		if base, ok := actionAnnotation(name); ok {
			c.annotation(m.val, ppath, name, base, types, isAction)
			continue
		}
		prop, ok := c.v.props[name]
		if !ok {
			if r := c.v.superseded[name]; r != "" {
				c.report(ppath, "property %s is superseded by %s", name, r)
			} else if c.v.isType(name) {
				c.report(ppath, "%s is a type, not a property", name)
			} else {
				c.report(ppath, "unknown property %q: not in the schema.org vocabulary", m.raw)
			}
			continue
		}
		if r := c.v.superseded[name]; r != "" {
			c.report(ppath, "property %s is superseded by %s", name, r)
		}
		if len(types) > 0 && !c.v.definedOn(prop, types) {
			c.report(ppath, "%s is not a property of %s (it is defined on %s)", name, strings.Join(types, ", "), strings.Join(prop.domains, ", "))
		}
		c.values(m.val, ppath, prop.ranges)
	}
	c.requirements(n, path, types)
}

// actionAnnotation recognises "<property>-input" and "<property>-output".
func actionAnnotation(key string) (string, bool) {
	for _, suffix := range []string{"-input", "-output"} {
		if base, ok := strings.CutSuffix(key, suffix); ok && base != "" {
			return base, true
		}
	}
	return "", false
}

// annotation checks an Action's "-input"/"-output" annotation: the node must
// be an Action, the annotated property must be defined on it, and the value
// must be text in schema.org's short form or a PropertyValueSpecification.
func (c *checker) annotation(v *value, path, key, base string, types []string, isAction bool) {
	prop, ok := c.v.props[base]
	switch {
	case len(types) > 0 && !isAction:
		c.report(path, "%s is an Action annotation, but %s is not an Action", key, strings.Join(types, ", "))
		return
	case !ok:
		c.report(path, "%s annotates unknown property %q", key, base)
		return
	case len(types) > 0 && !c.v.definedOn(prop, types):
		c.report(path, "%s annotates %s, which is not a property of %s", key, base, strings.Join(types, ", "))
	}
	c.values(v, path, []string{"Text", "PropertyValueSpecification"})
}

// values checks a property's value, or each of its values, against the
// property's rangeIncludes.
func (c *checker) values(v *value, path string, ranges []string) {
	if v.kind != kArray {
		c.value(v, path, ranges)
		return
	}
	if len(v.arr) == 0 {
		c.report(path, "empty array: leave the property out instead")
	}
	for i, e := range v.arr {
		p := path + "[" + strconv.Itoa(i) + "]"
		if e.kind == kArray {
			c.report(p, "nested array: schema.org values are flat lists")
			continue
		}
		c.value(e, p, ranges)
	}
}

func (c *checker) value(v *value, path string, ranges []string) {
	switch v.kind {
	case kNull:
		c.report(path, "null value: leave the property out instead")
	case kObject:
		if lit := v.get("@value"); lit != nil {
			c.valueObject(v, lit, path, ranges)
			return
		}
		if isReference(v) {
			c.reference(v, path, ranges)
			return
		}
		c.node(v, path)
		types := typeNames(v)
		var known []string
		for _, t := range types {
			if c.v.isType(t) {
				known = append(known, t)
			}
		}
		if len(known) > 0 && !c.v.anyIsA(known, ranges) {
			c.report(path, "expected %s, got %s", orList(ranges), strings.Join(known, ", "))
		}
		if len(types) == 0 {
			c.report(path, "missing @type: expected %s", orList(ranges))
		}
	default:
		c.literal(v, path, ranges)
	}
}

// valueObject checks {"@value": ..., "@language": ...} as the literal it holds.
func (c *checker) valueObject(v, lit *value, path string, ranges []string) {
	for _, m := range v.obj {
		switch m.key {
		case "@value", "@language", "@type", "@direction":
		default:
			c.report(path, "%q is not allowed in a value object", m.raw)
		}
	}
	if lit.kind == kObject || lit.kind == kArray || lit.kind == kNull {
		c.report(path+".@value", "@value must be text, a number or a boolean, not %v", lit.kind)
		return
	}
	c.literal(lit, path, ranges)
}

// reference checks {"@id": ...}: when the node it names is described in the
// document, that node's types must fit the range; otherwise the range must
// allow some node at all.
func (c *checker) reference(v *value, path string, ranges []string) {
	id := v.get("@id")
	if id.kind != kString || strings.TrimSpace(id.s) == "" {
		c.report(path+".@id", "@id must be a non-empty IRI")
		return
	}
	if target := c.ids[id.s]; target != nil {
		var known []string
		for _, t := range typeNames(target) {
			if c.v.isType(t) {
				known = append(known, t)
			}
		}
		if len(known) > 0 && !c.v.anyIsA(known, ranges) {
			c.report(path, "expected %s, but %s is a %s", orList(ranges), id.s, strings.Join(known, ", "))
		}
		return
	}
	if !c.hasClass(ranges) {
		c.report(path, "expected %s, got a reference to %s", orList(ranges), id.s)
	}
}

// hasClass reports whether a range admits nodes, not only literals.
func (c *checker) hasClass(ranges []string) bool {
	for _, r := range ranges {
		if !c.v.isDatatype(r) {
			return true
		}
	}
	return false
}

// literal checks text, a number or a boolean against a range. A datatype in
// the range accepts values of its format (URL is a Text, so any text fits
// Text but only an absolute URL fits URL). Where the range is an
// Enumeration a schema.org member IRI fits, and where it is any other type
// an absolute URL fits as a reference to the thing (as Google reads
// "item": "https://..." in breadcrumbs); other text does not.
func (c *checker) literal(v *value, path string, ranges []string) {
	if v.kind == kString && strings.TrimSpace(v.s) == "" {
		c.report(path, "empty text: leave the property out instead")
		return
	}
	for _, r := range ranges {
		if c.v.isDatatype(r) && literalMatches(v, r) {
			return
		}
		if c.v.isA(r, "Quantity") && quantityMatches(v, r) {
			return
		}
	}
	if v.kind == kString {
		if member, ok := schemaIRI(v.s); ok {
			for _, e := range c.v.members[member] {
				for _, r := range ranges {
					if c.v.isA(e, r) {
						return
					}
				}
			}
			if c.enumerationIn(ranges) {
				c.report(path, "%s is not a value of %s", v.s, orList(ranges))
				return
			}
		}
		if c.hasClass(ranges) && isAbsoluteURL(v.s) && !c.enumerationOnly(ranges) {
			return
		}
	}
	var hints []string
	for _, r := range ranges {
		if c.v.isDatatype(r) || c.v.isA(r, "Quantity") {
			if h := formatHint(r); h != "" && !slices.Contains(hints, h) {
				hints = append(hints, h)
			}
		}
	}
	msg := fmt.Sprintf("expected %s, got %s", orList(ranges), show(v))
	if len(hints) > 0 {
		msg += " (" + strings.Join(hints, ", or ") + ")"
	}
	c.report(path, "%s", msg)
}

// schemaIRI returns the term a schema.org IRI names.
func schemaIRI(s string) (string, bool) {
	for _, p := range schemaPrefixes[:2] {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" {
			return rest, true
		}
	}
	return "", false
}

func (c *checker) enumerationIn(ranges []string) bool {
	for _, r := range ranges {
		if c.v.isA(r, "Enumeration") {
			return true
		}
	}
	return false
}

// enumerationOnly reports whether every node type in the range is an
// Enumeration, whose values are schema.org members, not arbitrary URLs.
func (c *checker) enumerationOnly(ranges []string) bool {
	found := false
	for _, r := range ranges {
		if c.v.isDatatype(r) {
			continue
		}
		if !c.v.isA(r, "Enumeration") {
			return false
		}
		found = true
	}
	return found
}

func orList(ts []string) string {
	switch len(ts) {
	case 0:
		return "nothing"
	case 1:
		return ts[0]
	}
	return strings.Join(ts[:len(ts)-1], ", ") + " or " + ts[len(ts)-1]
}

// show quotes a scalar for a message, shortening long text.
func show(v *value) string {
	switch v.kind {
	case kString:
		s := v.s
		if r := []rune(s); len(r) > 60 {
			s = string(r[:57]) + "..."
		}
		return strconv.Quote(s)
	case kNumber:
		return v.s
	case kBool:
		return strconv.FormatBool(v.b)
	}
	return v.kind.String()
}
