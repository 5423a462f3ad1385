package wpimport

import (
	"context"
	"errors"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

// writer saves converted batches on its own goroutine while the importer
// reads and converts the next ones: on two cores, converting (XML, the
// body's clean-up) and writing (SQLite, its search index) overlap. One
// writer takes the batches in the order they were made and each is one
// transaction with its import records, so an import stopped at any point
// has saved a prefix of the posts, whole, and resumes after it.
type writer struct {
	store   *store.ArticleImporter
	changed func(ctx context.Context, ids ...int64)
	in      chan []pending
	out     chan written
	done    chan struct{}
}

// written is a batch's outcome: saved[i] marks a post written,
// conflict[i] one refused because the newsroom edited its article during
// the import; err is a failure that stops the import.
type written struct {
	batch           []pending
	saved, conflict []bool
	err             error
}

// queued bounds the batches converted ahead of the one being written:
// enough to keep both cores busy, few enough to keep memory flat.
const queued = 1

// startWriter starts a writer. Batches already handed to it are written
// even after ctx is cancelled (Ctrl-C): they are converted and at most
// two, and what was converted before the stop is then kept.
func startWriter(ctx context.Context, s *store.Store, changed func(context.Context, ...int64)) *writer {
	w := &writer{store: s.ArticleImporter(), changed: changed,
		in: make(chan []pending, queued), out: make(chan written, queued+2), done: make(chan struct{})}
	go w.run(context.WithoutCancel(ctx))
	return w
}

func (w *writer) run(ctx context.Context) {
	defer close(w.done)
	defer close(w.out)
	failed := false
	for batch := range w.in {
		if failed { // the importer stops at the first error; drop the rest
			continue
		}
		r := w.write(ctx, batch)
		failed = r.err != nil
		w.out <- r
	}
}

// write saves one batch. A batch refused because the newsroom edited one
// of its articles meanwhile is written again post by post, so only that
// one is skipped.
func (w *writer) write(ctx context.Context, batch []pending) written {
	r := written{batch: batch, saved: make([]bool, len(batch)), conflict: make([]bool, len(batch))}
	var ids []int64
	defer func() {
		if len(ids) > 0 && w.changed != nil {
			w.changed(ctx, ids...)
		}
	}()
	all := make([]store.ArticleImport, len(batch))
	for i, p := range batch {
		all[i] = p.ArticleImport
	}
	err := w.store.ImportArticles(ctx, all)
	if err == nil {
		for i, p := range batch {
			r.saved[i] = true
			ids = append(ids, p.Article.ID)
		}
		return r
	}
	if !errors.Is(err, content.ErrConflict) {
		r.err = err
		return r
	}
	for i, p := range batch {
		err := w.store.ImportArticles(ctx, []store.ArticleImport{p.ArticleImport})
		switch {
		case errors.Is(err, content.ErrConflict):
			r.conflict[i] = true
		case err != nil:
			r.err = err
			return r
		default:
			r.saved[i] = true
			ids = append(ids, p.Article.ID)
		}
	}
	return r
}

// send queues a batch, handing back the outcomes of the batches written
// meanwhile.
func (w *writer) send(ctx context.Context, batch []pending) ([]written, error) {
	var got []written
	for {
		select {
		case w.in <- batch:
			return got, nil
		case r, ok := <-w.out:
			if !ok { // cannot happen while in is open: the writer lives until then
				return got, errors.New("wpimport: the writer stopped")
			}
			got = append(got, r)
		case <-ctx.Done():
			return got, ctx.Err()
		}
	}
}

// finish waits for every queued batch to be written and hands back their
// outcomes.
func (w *writer) finish() []written {
	close(w.in)
	var got []written
	for r := range w.out {
		got = append(got, r)
	}
	<-w.done
	w.store.Close()
	return got
}
