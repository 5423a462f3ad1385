package wxr_test

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"testing"

	"akhbar/internal/wxr"
	"akhbar/internal/wxr/wxrgen"
)

// benchFile is a generated export of 10,000 posts (about 75 MB), made once.
var benchFile = sync.OnceValues(func() ([]byte, error) {
	var b bytes.Buffer
	err := wxrgen.Write(&b, 10_000)
	return b.Bytes(), err
})

// BenchmarkReader reads a generated export of 10,000 Urdu posts (and their
// 2,000 images) from memory, so it measures the reader, not the disk.
func BenchmarkReader(b *testing.B) {
	data, err := benchFile()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	runs, items := 0, 0
	for b.Loop() {
		r := wxr.NewReader(bytes.NewReader(data))
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if _, ok := rec.(*wxr.Item); ok {
				items++
			}
		}
		runs++
	}
	b.ReportMetric(float64(items)/b.Elapsed().Seconds(), "items/s")
	b.ReportMetric(float64(items/runs), "items/op")
}

// TestBoundedMemory streams a generated export of 10,000 posts (about
// 70 MB) through a pipe into the reader: the heap must stay a small
// constant, however long the file.
func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 70 MB")
	}
	const n = 10_000
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(wxrgen.Write(pw, n)) }()
	r := wxr.NewReader(pr)
	items := 0
	var peak uint64
	var ms runtime.MemStats
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if it, ok := rec.(*wxr.Item); ok {
			if items++; items%2000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			_ = it
		}
	}
	if items != n+n/5 {
		t.Errorf("%d items, want %d", items, n+n/5)
	}
	t.Logf("%d items, %d MB read, peak heap in use %.1f MB", items, r.Offset()>>20, float64(peak)/(1<<20))
	if peak > 32<<20 {
		t.Errorf("heap reached %d MB", peak>>20)
	}
}
