package main

import (
	"context"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"

	"hubdir/content/catalog"
)

// Memory after start-up (issue 13, third round): the work that follows
// readiness — relaying the events a stopped process left pending
// (RecoverEvents) and writing the snapshot file after a read of the
// store — makes garbage that fills the heap up to the soft memory limit
// (memlimit.go), and the runtime keeps those pages until it needs them
// again. Once that work is done, serve collects and gives the pages back
// to the system, so that the resident size is the live heap and what is
// not heap.

// recoverSignal reports, once, that the first recovery of pending events
// has ended without error.
type recoverSignal struct {
	once sync.Once
	done chan struct{}
}

// newRecoverSignal returns a signal not yet given.
func newRecoverSignal() *recoverSignal { return &recoverSignal{done: make(chan struct{})} }

// give gives the signal (again: no effect).
func (r *recoverSignal) give() { r.once.Do(func() { close(r.done) }) }

// RecoverEvents relays the events writes of a stopped process left pending
// (the store's RecoverEvents) and, when it succeeds, signals that the
// recovery is done.
func (s *snapshotStore) RecoverEvents(ctx context.Context) (int, error) {
	n, err := s.Store.RecoverEvents(ctx)
	if err == nil && s.recovered != nil {
		s.recovered.give()
	}
	return n, err
}

// settleMemory waits until the start-up's work is done (the first recovery
// of pending events, and the snapshot files being written), then returns
// the memory the heap no longer uses to the system. It gives up when ctx
// ends.
func settleMemory(ctx context.Context, s *snapshotStore, cat *catalog.Catalog, logger *slog.Logger) {
	select {
	case <-ctx.Done():
		return
	case <-s.recovered.done:
	}
	s.wait()
	if ctx.Err() != nil {
		return
	}
	freeMemory(logger, cat, "start-up settled")
}

// freeMemory collects and returns the heap's free pages to the system,
// lets it drop the pages of the catalog's body file the process has read
// (catalog.ReleaseMapped), and logs the heap's figures.
func freeMemory(logger *slog.Logger, cat *catalog.Catalog, why string) {
	debug.FreeOSMemory()
	cat.ReleaseMapped()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	logger.Info("memory returned to the system", "why", why, "heap_alloc_mb", m.HeapAlloc>>20,
		"heap_inuse_mb", m.HeapInuse>>20, "heap_released_mb", m.HeapReleased>>20, "sys_mb", m.Sys>>20,
		"text_file_mb", cat.TextBytes()>>20)
}
