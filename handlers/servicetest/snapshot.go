package servicetest

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/handlers"
)

// snapshotStore is a store that holds nothing but a fixed snapshot: the
// catalog is loaded from it, and any other call (nil embedded interface)
// panics, so a test that reaches the database by mistake fails loudly.
type snapshotStore struct {
	handlers.Store
	snap *content.Snapshot
}

func (s snapshotStore) Snapshot(context.Context) (*content.Snapshot, error) { return s.snap, nil }
func (s snapshotStore) Revision(context.Context) (int64, error)             { return s.snap.Rev, nil }
func (s snapshotStore) Ping(context.Context) error                          { return nil }
func (s snapshotStore) RecoverEvents(context.Context) (int, error)          { return 0, nil }

// FromSnapshot assembles the service over a catalog loaded from snap, at
// the fixed time now in UTC, with no database behind it: for tests and
// benchmarks of the public reads.
func FromSnapshot(tb testing.TB, snap *content.Snapshot, now time.Time) *handlers.Server {
	tb.Helper()
	cfg := handlers.Config{Zone: time.UTC, DefaultLang: "en", Now: func() time.Time { return now }, Quiet: true}
	svc, err := handlers.Assemble(context.Background(), cfg, snapshotStore{snap: snap}, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	return svc.Server
}
