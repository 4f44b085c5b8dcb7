package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"hubdir/content/catalog"
	"hubdir/content/mongo"
	"hubdir/handlers"
)

// The snapshot file is kept near the catalog while serve runs on the
// embedded store: written from the catalog (never from a read of the
// store) once writes have settled, and at shutdown, so that the next start
// reads the file and only the few listings written since it
// (catalogSnapshot). Readers never wait for it: the catalog's state is
// immutable and the file is written by its own goroutine.

// Timing of the snapshot file's writes.
const (
	snapCheck  = 10 * time.Second // how often the writer looks
	snapSettle = 30 * time.Second // no write for this long: writes have settled
	snapEvery  = 5 * time.Minute  // at most one background write per this time
	// snapBehind revisions behind the catalog make the writer write even
	// while writes go on (a start would read that many changes).
	snapBehind = 5000
	// pruneKeep revisions of the change log below the file's are kept
	// (other processes' syncs read the recent ones); pruneBatch is the
	// least number of rows pruned at once.
	pruneKeep  = 5000
	pruneBatch = 10000
)

// snapWriter writes the catalog's snapshot file.
type snapWriter struct {
	path   string
	cat    *catalog.Catalog
	st     *mongo.Store
	logger *slog.Logger
	now    func() time.Time

	mu      sync.Mutex // one write at a time; guards what follows
	fileRev int64      // the revision of the file last written or read
	wrote   time.Time  // when the writer last wrote
	water   int64      // the catalog's watermark when last looked at
	moved   time.Time  // when it last moved
}

// newSnapWriter returns the writer of the snapshot file of the embedded
// store in dataDir.
func newSnapWriter(dataDir string, cat *catalog.Catalog, st *mongo.Store, logger *slog.Logger) *snapWriter {
	w := &snapWriter{path: filepath.Join(dataDir, snapFileName), cat: cat, st: st, logger: logger, now: time.Now}
	if rev, err := mongo.SnapshotFileRev(w.path); err == nil {
		w.fileRev = rev
	}
	w.moved = w.now()
	return w
}

// keepSnapshotFile keeps the snapshot file of the embedded store near the
// catalog until the returned function is called, which writes it a last
// time (at shutdown, after the requests in flight).
func keepSnapshotFile(cfg Config, svc *handlers.Service, st *mongo.Store, logger *slog.Logger) (stop func()) {
	w := newSnapWriter(cfg.DataDir, svc.Catalog, st, logger)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.run(ctx)
	}()
	return func() {
		cancel()
		<-done
		w.write(context.Background(), "shutdown")
	}
}

// run writes the file in the background until ctx ends.
func (w *snapWriter) run(ctx context.Context) {
	t := time.NewTicker(snapCheck)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if w.due() {
			w.write(ctx, "writes settled")
		}
	}
}

// due reports whether a background write is due.
func (w *snapWriter) due() bool {
	water := w.cat.Watermark()
	now := w.now()
	w.mu.Lock()
	defer w.mu.Unlock()
	if water != w.water {
		w.water, w.moved = water, now
	}
	if water > w.fileRev {
		// The start-up may have written the file since (catalogSnapshot).
		if rev, err := mongo.SnapshotFileRev(w.path); err == nil {
			w.fileRev = max(w.fileRev, rev)
		}
	}
	if water <= w.fileRev || now.Sub(w.wrote) < snapEvery {
		return false
	}
	return now.Sub(w.moved) >= snapSettle || water-w.fileRev >= snapBehind
}

// write writes the file from the catalog when it is newer than the file,
// then prunes the change log below it.
func (w *snapWriter) write(ctx context.Context, why string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	snap, ok := w.cat.Dump()
	if !ok || snap.Rev <= w.fileRev {
		return
	}
	start := w.now()
	if err := mongo.WriteSnapshotFile(w.path, snap); err != nil {
		w.logger.Warn("writing the catalog snapshot file", "file", w.path, "err", err)
		return
	}
	w.fileRev, w.wrote = snap.Rev, w.now()
	w.logger.Info("catalog snapshot file written", "file", w.path, "rev", snap.Rev, "why", why,
		"took_ms", w.now().Sub(start).Milliseconds())
	// Encoding the file made garbage of the size of the file: give it back.
	freeMemory(w.logger, w.cat, "snapshot file written")
	if prune := snap.Rev - pruneKeep; prune > 0 {
		start, _ := w.logStart(ctx)
		if prune-start >= pruneBatch {
			if err := w.st.PruneChanges(ctx, prune); err != nil {
				w.logger.Warn("pruning the change log", "below", prune, "err", err)
			}
		}
	}
}

// logStart returns where the store's change log starts (0 when unknown).
func (w *snapWriter) logStart(ctx context.Context) (int64, error) {
	start, _, err := w.st.LogStart(ctx)
	return start, err
}
