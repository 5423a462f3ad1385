package popular

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

type memSink struct {
	mu   sync.Mutex
	fail bool
	got  map[int64]map[int64]int64
}

func (m *memSink) AddViews(_ context.Context, hour int64, counts map[int64]int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail {
		return errors.New("database is down")
	}
	if m.got == nil {
		m.got = map[int64]map[int64]int64{}
	}
	if m.got[hour] == nil {
		m.got[hour] = map[int64]int64{}
	}
	for id, n := range counts {
		m.got[hour][id] += n
	}
	return nil
}

func TestCounterLosesNothing(t *testing.T) {
	sink := &memSink{fail: true}
	now := time.Date(2026, 2, 18, 10, 30, 0, 0, time.UTC)
	c := NewCounter(sink, func() time.Time { return now }, nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Add(7)
			}
		})
	}
	wg.Wait()
	c.Add(9)
	if err := c.Flush(context.Background()); err == nil {
		t.Fatal("flush into a failing sink reported no error")
	}
	sink.fail = false
	c.Add(9)
	if err := c.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := now.Unix() / 3600
	if sink.got[h][7] != 8000 || sink.got[h][9] != 2 {
		t.Errorf("flushed %v, want 8000 views of 7 and 2 of 9", sink.got[h])
	}
}

func TestRunFlushesOnStop(t *testing.T) {
	sink := &memSink{}
	c := NewCounter(sink, time.Now, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx, time.Hour); close(done) }()
	c.Add(1)
	c.Add(1)
	cancel()
	<-done
	var total int64
	for _, m := range sink.got {
		total += m[1]
	}
	if total != 2 {
		t.Errorf("%d views saved on stop, want 2", total)
	}
}

func TestIsBot(t *testing.T) {
	for ua, want := range map[string]bool{
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)":                                 true,
		"Mozilla/5.0 (compatible; bingbot/2.0)":                                                                    true,
		"facebookexternalhit/1.1":                                                                                  true,
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0":                                  true,
		"Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)":                                   true,
		"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Applebot/0.1)" + strings.Repeat(" x", 400): true,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1" + strings.Repeat(" x", 400):          false,
		"Mozilla/5.0 (Linux; Android 14; SM-A145F) AppleWebKit/537.36 Chrome/120 Mobile":                           false,
		"": true,
	} {
		if got := IsBot(ua); got != want {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, want)
		}
	}
}

// TestFlushWhileCounting: views counted during flushes are never lost nor
// counted twice.
func TestFlushWhileCounting(t *testing.T) {
	sink := &memSink{}
	now := time.Date(2026, 2, 18, 10, 30, 0, 0, time.UTC)
	c := NewCounter(sink, func() time.Time { return now }, nil)
	stop := make(chan struct{})
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		for {
			select {
			case <-stop:
				return
			default:
				c.Flush(context.Background())
			}
		}
	}()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20000 {
				c.Add(int64(g*10 + i%3))
			}
		})
	}
	wg.Wait()
	close(stop)
	<-flushed
	if err := c.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, n := range sink.got[now.Unix()/3600] {
		total += n
	}
	if total != 8*20000 {
		t.Errorf("stored %d views, counted %d", total, 8*20000)
	}
}

// TestFlushedAndPending: metrics see how many views wait, and since when
// none older than a moment has: a failed flush moves neither forward.
func TestFlushedAndPending(t *testing.T) {
	sink := &memSink{}
	now := time.Date(2026, 2, 18, 10, 30, 0, 0, time.UTC)
	c := NewCounter(sink, func() time.Time { return now }, nil)
	if !c.Flushed().IsZero() || c.Pending() != 0 {
		t.Fatalf("new counter: flushed %v, pending %d", c.Flushed(), c.Pending())
	}
	c.Add(1)
	c.Add(1)
	c.Add(2)
	if c.Pending() != 3 {
		t.Fatalf("pending %d, want 3", c.Pending())
	}
	if err := c.Flush(context.Background()); err != nil || !c.Flushed().Equal(now) || c.Pending() != 0 {
		t.Fatalf("after a flush: %v, flushed %v, pending %d", err, c.Flushed(), c.Pending())
	}
	first := now
	now = now.Add(5 * time.Second)
	sink.fail = true
	c.Add(3)
	if err := c.Flush(context.Background()); err == nil || !c.Flushed().Equal(first) || c.Pending() != 1 {
		t.Fatalf("after a failed flush: %v, flushed %v (want %v), pending %d", err, c.Flushed(), first, c.Pending())
	}
}
