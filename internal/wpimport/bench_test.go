package wpimport_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"akhbar/internal/store/storetest"
	"akhbar/internal/wpimport"
	"akhbar/internal/wxr/wxrgen"
)

// BenchmarkImport imports a generated 1,000-post export into a new SQLite
// database per iteration; posts/s is the figure to watch (bench/wpimport
// runs the 100,000-post version as a separate process).
func BenchmarkImport(b *testing.B) {
	const posts = 1000
	path := filepath.Join(b.TempDir(), "export.xml")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := wxrgen.Write(f, posts); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		s := storetest.OpenSQLite(b)
		b.StartTimer()
		if _, err := wpimport.Run(context.Background(), s, path, wpimport.Options{Zone: karachi}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(posts*b.N)/b.Elapsed().Seconds(), "posts/s")
}
