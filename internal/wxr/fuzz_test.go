package wxr_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
	"time"

	"akhbar/internal/wxr"
)

// FuzzReader feeds the reader arbitrary bytes, seeded with the fixtures. It
// must never panic, every call to Next must consume input or end the
// stream, a fatal error must stay put, line numbers must point into the
// input, and reading one byte at a time must give the same results as
// reading all at once.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"<rss><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>a</title></item></channel></rss>",
		"<rss xmlns:wp='http://wordpress.org/export/1.2/'><channel><wp:wxr_version>1.2</wp:wxr_version><item/><item><item></channel>",
		"<rss><channel><wp:wxr_version>1.2</wp:wxr_version><item><![CDATA[</item>]]]]><![CDATA[>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// A hang must fail as a crash, which the fuzzer keeps, rather
		// than stall the run.
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				panic(fmt.Sprintf("reading %d bytes took over 10 s", len(data)))
			}
		}()
		lines := bytes.Count(data, []byte("\n")) + 1
		whole := fuzzRead(t, wxr.NewReader(bytes.NewReader(data)), data, lines)
		bytewise := fuzzRead(t, wxr.NewReader(iotest.OneByteReader(bytes.NewReader(data))), data, lines)
		if len(whole) != len(bytewise) {
			t.Fatalf("%d results read whole, %d byte by byte:\n%q\n%q", len(whole), len(bytewise), whole, bytewise)
		}
		for i := range whole {
			if whole[i] != bytewise[i] {
				t.Fatalf("result %d: %q read whole, %q byte by byte", i, whole[i], bytewise[i])
			}
		}
	})
}

// fuzzRead reads r to its end, checking the invariants, and describes what
// it read.
func fuzzRead(t *testing.T, r *wxr.Reader, data []byte, lines int) []string {
	r.MaxItemSize = 4 << 10 // small enough that the fixtures' largest item trips it
	var out []string
	var off int64
	sites := 0
	for calls := 0; ; calls++ {
		if calls > len(data)+2 {
			t.Fatalf("%d calls to Next for %d bytes", calls, len(data))
		}
		rec, err := r.Next()
		if r.Offset() < off || r.Offset() > int64(len(data)) || r.Line() < 1 || r.Line() > lines {
			t.Fatalf("offset %d (was %d) of %d, line %d of %d", r.Offset(), off, len(data), r.Line(), lines)
		}
		if err == io.EOF {
			if rec != nil {
				t.Fatalf("record %T with io.EOF", rec)
			}
			if _, again := r.Next(); again != io.EOF {
				t.Fatalf("Next after io.EOF = %v", again)
			}
			return out
		}
		var ie *wxr.ItemError
		var fe *wxr.FatalError
		switch {
		case errors.As(err, &ie):
			if rec != nil || ie.Line < 1 || ie.EndLine < ie.Line || ie.EndLine > lines || ie.ErrLine < 0 || ie.ErrLine > lines {
				t.Fatalf("item error %v with record %T: lines %d-%d, at %d, of %d", ie, rec, ie.Line, ie.EndLine, ie.ErrLine, lines)
			}
		case errors.As(err, &fe):
			if rec != nil || fe.Line < 1 || fe.Line > lines || fe.Offset != r.Offset() {
				t.Fatalf("fatal error %v with record %T at line %d offset %d", fe, rec, fe.Line, fe.Offset)
			}
			if again, err2 := r.Next(); again != nil || err2 != err {
				t.Fatalf("Next after a fatal error = %v, %v", again, err2)
			}
			return append(out, describe(step{rec, err}))
		case err != nil:
			t.Fatalf("error of type %T: %v", err, err)
		case rec == nil:
			t.Fatal("nil record without an error")
		}
		// Every result but the end consumes input, so no call can spin;
		// the Site alone may come without, and only once.
		if _, ok := rec.(*wxr.Site); ok {
			if sites++; sites > 1 {
				t.Fatal("two Site records")
			}
		} else if r.Offset() <= off {
			t.Fatalf("Next returned %s without consuming input (offset %d)", describe(step{rec, err}), off)
		}
		off = r.Offset()
		if l := recordLine(rec); rec != nil && (l < 1 || l > lines) {
			t.Fatalf("record %s at line %d of %d", describe(step{rec, err}), l, lines)
		}
		out = append(out, describe(step{rec, err}))
	}
}

func recordLine(rec wxr.Record) int {
	switch v := rec.(type) {
	case *wxr.Site:
		return v.Line
	case *wxr.Author:
		return v.Line
	case *wxr.Category:
		return v.Line
	case *wxr.Tag:
		return v.Line
	case *wxr.Term:
		return v.Line
	case *wxr.Item:
		return v.Line
	}
	return 0
}
