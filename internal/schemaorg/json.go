package schemaorg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxDepth bounds nesting so that hostile input cannot make the checker
// recurse without end; real structured data is a handful of levels deep.
const maxDepth = 64

type kind int

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

// value is a JSON value that keeps object members in document order and
// keeps duplicate keys, both of which encoding/json's maps would lose: order
// makes the reported problems read like the document, and a duplicate key is
// itself a problem (JSON-LD processors keep only one of them).
type value struct {
	kind kind
	b    bool
	s    string // a string, or a number's literal text
	arr  []*value
	obj  []member
}

type member struct {
	raw string // the key as written
	key string // the key as a schema.org name: "schema:name" becomes "name"
	val *value
}

// get returns the first member named key, or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != kObject {
		return nil
	}
	for _, m := range v.obj {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// items returns the value as a list: an array's elements, or the value alone.
// JSON-LD treats a single value and a one-element array alike.
func (v *value) items() []*value {
	if v == nil {
		return nil
	}
	if v.kind == kArray {
		return v.arr
	}
	return []*value{v}
}

func (k kind) String() string {
	switch k {
	case kNull:
		return "null"
	case kBool:
		return "a boolean"
	case kNumber:
		return "a number"
	case kString:
		return "text"
	case kArray:
		return "an array"
	}
	return "an object"
}

// parseJSON reads exactly one JSON value from data.
func parseJSON(data []byte) (*value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := readValue(dec, 0)
	if err != nil {
		return nil, describe(err, dec)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the JSON value at byte %d", dec.InputOffset())
	}
	return v, nil
}

func describe(err error, dec *json.Decoder) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%v (at byte %d)", se, se.Offset)
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("unexpected end of input at byte %d", dec.InputOffset())
	}
	return err
}

func readValue(dec *json.Decoder, depth int) (*value, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &value{kind: kNull}, nil
	case bool:
		return &value{kind: kBool, b: t}, nil
	case json.Number:
		return &value{kind: kNumber, s: string(t)}, nil
	case string:
		return &value{kind: kString, s: t}, nil
	case json.Delim:
		switch t {
		case '[':
			v := &value{kind: kArray}
			for dec.More() {
				e, err := readValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				v.arr = append(v.arr, e)
			}
			_, err := dec.Token() // ]
			return v, err
		case '{':
			v := &value{kind: kObject}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string) // the decoder only yields strings here
				e, err := readValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				name := key
				if !strings.HasPrefix(key, "@") {
					name = termName(key)
				}
				v.obj = append(v.obj, member{raw: key, key: name, val: e})
			}
			_, err := dec.Token() // }
			return v, err
		}
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}
