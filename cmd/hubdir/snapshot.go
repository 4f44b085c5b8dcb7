package main

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
)

// snapFileName is the catalog's snapshot file in the embedded store's
// folder (mongo.WriteSnapshotFile).
const snapFileName = "catalog.snap"

// catalogSnapshot returns the snapshot the catalog starts from. On the
// embedded store it is read from the snapshot file when the file was
// written at the store's current revision (nothing written since), or at
// an older one that the store's change log covers: then the listings
// written since are read by _id and merged in (mongo.ChangesSince).
// Otherwise it is read from the store, and on the embedded store the file
// is then written again in the background: wait for the returned function
// (never nil) before closing the store. With an external MongoDB, whose
// reads are fast, there is no file.
func catalogSnapshot(ctx context.Context, cfg Config, st *mongo.Store, logger *slog.Logger) (*content.Snapshot, func(), error) {
	done := func() {}
	if cfg.MongoURI != "" {
		snap, err := st.Snapshot(ctx)
		return snap, done, err
	}
	path := filepath.Join(cfg.DataDir, snapFileName)
	// Temporary files of a write cut off by a crash.
	if old, _ := filepath.Glob(filepath.Join(cfg.DataDir, ".catalog-snap-*")); len(old) > 0 {
		for _, f := range old {
			_ = os.Remove(f)
		}
	}
	rev, err := st.Revision(ctx)
	if err != nil {
		return nil, done, err
	}
	start := time.Now()
	snap, err := snapshotFromFile(ctx, st, path, rev)
	switch {
	case err == nil:
		logger.Info("catalog snapshot read from its file", "file", path, "rev", snap.Rev, "took_ms", time.Since(start).Milliseconds())
		return snap, done, nil
	case errors.Is(err, fs.ErrNotExist):
		logger.Info("no catalog snapshot file: reading the store", "file", path)
	case errors.Is(err, mongo.ErrSnapshotStale):
		logger.Info("catalog snapshot file is older than the store: reading the store", "file", path)
	default:
		logger.Warn("catalog snapshot file unusable: reading the store", "file", path, "err", err)
	}
	if snap, err = st.Snapshot(ctx); err != nil {
		return nil, done, err
	}
	written := make(chan struct{})
	go func() {
		defer close(written)
		start := time.Now()
		if err := mongo.WriteSnapshotFile(path, snap); err != nil {
			logger.Warn("writing the catalog snapshot file", "file", path, "err", err)
			return
		}
		logger.Info("catalog snapshot file written", "file", path, "rev", snap.Rev, "took_ms", time.Since(start).Milliseconds())
	}()
	return snap, func() { <-written }, nil
}

// snapshotFromFile reads the snapshot file at path and the changes since
// it from the change log, for the store at revision rev: ErrSnapshotStale
// when the file is older and the log does not cover the changes since.
func snapshotFromFile(ctx context.Context, st *mongo.Store, path string, rev int64) (*content.Snapshot, error) {
	fileRev, err := mongo.SnapshotFileRev(path)
	if err != nil {
		return nil, err
	}
	if fileRev == rev {
		return mongo.ReadSnapshotFile(ctx, path, rev)
	}
	if fileRev > rev {
		return nil, mongo.ErrSnapshotStale
	}
	changes, ok, err := st.ChangesSince(ctx, fileRev)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, mongo.ErrSnapshotStale
	}
	base, err := mongo.ReadSnapshotFile(ctx, path, fileRev)
	if err != nil {
		return nil, err
	}
	return mongo.MergeChanges(base, changes), nil
}

// writeCatalogFile reads a snapshot of the embedded store and writes it to
// the catalog's snapshot file, for the next start (after a seed, when no
// other process writes).
func writeCatalogFile(ctx context.Context, cfg Config, st *mongo.Store) error {
	path := filepath.Join(cfg.DataDir, snapFileName)
	rev, err := st.Revision(ctx)
	if err != nil {
		return err
	}
	// An existing file and the changes since cost less than a full read.
	snap, err := snapshotFromFile(ctx, st, path, rev)
	if err != nil {
		if snap, err = st.Snapshot(ctx); err != nil {
			return err
		}
	}
	return mongo.WriteSnapshotFile(path, snap)
}

// snapshotStore is the store as serve hands it to the service: its
// Snapshot (the catalog's start, and a reload of the sync) goes through
// catalogSnapshot, so that the embedded store is read from the snapshot
// file when the file is current.
type snapshotStore struct {
	*mongo.Store
	cfg    Config
	logger *slog.Logger
	writes sync.WaitGroup // snapshot files being written
	// recovered is given when the first recovery of pending events has
	// ended (settle.go); nil: not watched.
	recovered *recoverSignal
}

// Snapshot returns a snapshot of the store (catalogSnapshot).
func (s *snapshotStore) Snapshot(ctx context.Context) (*content.Snapshot, error) {
	snap, written, err := catalogSnapshot(ctx, s.cfg, s.Store, s.logger)
	s.writes.Go(written)
	return snap, err
}

// wait waits for the snapshot files being written.
func (s *snapshotStore) wait() { s.writes.Wait() }
