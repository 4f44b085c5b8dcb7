package catalog

import (
	"context"
	"log/slog"
	"time"

	"hubdir/content"
)

// ChangeFeed is what Sync reads of the store: the newest revision, the
// listings written after a revision, and a whole snapshot.
type ChangeFeed interface {
	Revision(ctx context.Context) (int64, error)
	Changes(ctx context.Context, rev int64) (*content.Snapshot, error)
	Snapshot(ctx context.Context) (*content.Snapshot, error)
}

// Sync keeps the catalog current with the writes of other processes until
// ctx ends. Every interval it reads st.Revision (one lookup by _id); when
// revisions were allocated that it has not seen, it calls st.Changes from
// its watermark and applies the result. If the catalog was never loaded,
// it loads st.Snapshot first.
//
// Revisions are allocated before their document is written, so writers
// may commit out of order: revision R can appear after R+1. The watermark
// is therefore the highest revision below which every allocated revision
// has been seen or given up on; while revisions above it are missing,
// Changes is asked again from the watermark on each tick. A revision
// missing for 30 s is given up (its write failed, or the document was
// written again since). Errors are logged and retried on the next tick.
func (c *Catalog) Sync(ctx context.Context, st ChangeFeed, interval time.Duration, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if interval <= 0 {
		interval = time.Second
	}
	s := &syncer{c: c, st: st, log: log, now: time.Now}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		s.tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// syncer is the state of one Sync loop.
type syncer struct {
	c   *Catalog
	st  ChangeFeed
	log *slog.Logger
	now func() time.Time

	gen    int64              // the Load the state below starts from
	water  int64              // every revision <= water is seen or given up
	known  int64              // the highest revision known to be allocated
	seen   map[int64]struct{} // revisions > water seen
	epochs []epoch            // when revisions were first known allocated
}

// epoch records that revisions up to upTo were allocated by time at.
type epoch struct {
	upTo int64
	at   time.Time
}

// tick runs one round of the sync.
func (s *syncer) tick(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	if !s.c.Loaded() {
		if !s.reload(ctx) {
			return
		}
	}
	s.c.mu.Lock()
	load := s.c.load
	timeout := s.c.gapTimeout
	s.c.mu.Unlock()
	if load.gen != s.gen {
		s.restart(load)
	}
	rev, err := s.st.Revision(ctx)
	if err != nil {
		s.log.Warn("catalog sync: reading the revision", "err", err)
		return
	}
	if rev < s.water {
		s.log.Warn("catalog sync: the revision went backwards; reloading", "revision", rev, "watermark", s.water)
		s.reload(ctx)
		return
	}
	s.allocated(rev)
	if s.water >= s.known {
		s.c.synced.mark()
		return // nothing new, nothing missing
	}
	ch, err := s.st.Changes(ctx, s.water)
	if err != nil {
		s.log.Warn("catalog sync: reading changes", "since", s.water, "err", err)
		return
	}
	s.c.Apply(ch)
	s.allocated(ch.Rev)
	for _, r := range snapshotRevs(ch) {
		s.allocated(r)
		if r > s.water {
			s.seen[r] = struct{}{}
		}
	}
	s.advance(timeout)
	if s.water >= s.known {
		s.c.synced.mark()
	}
}

// reload loads a full snapshot; it reports whether it succeeded.
func (s *syncer) reload(ctx context.Context) bool {
	snap, err := s.st.Snapshot(ctx)
	if err != nil {
		s.log.Warn("catalog sync: loading a snapshot", "err", err)
		return false
	}
	s.c.Load(snap)
	return true
}

// restart sets the sync's state from a Load: the revisions of the window
// below the snapshot's revision that none of its documents carries may
// still be in flight.
func (s *syncer) restart(load loadInfo) {
	s.gen = load.gen
	s.water = max(0, load.rev-loadWindow)
	s.known = load.rev
	s.seen = map[int64]struct{}{}
	for _, r := range load.seen {
		if r > s.water {
			s.seen[r] = struct{}{}
		}
	}
	s.epochs = []epoch{{upTo: load.rev, at: load.at}}
	s.advance(0)
}

// allocated records that revisions up to rev are allocated.
func (s *syncer) allocated(rev int64) {
	if rev > s.known {
		s.known = rev
		s.epochs = append(s.epochs, epoch{upTo: rev, at: s.now()})
	}
}

// advance moves the watermark over seen revisions and over missing ones
// known for longer than timeout (timeout 0: none are given up).
func (s *syncer) advance(timeout time.Duration) {
	now := s.now()
	gaveUp, from := 0, int64(0)
	for s.water < s.known {
		r := s.water + 1
		if _, ok := s.seen[r]; ok {
			delete(s.seen, r)
			s.water = r
			continue
		}
		if timeout <= 0 || now.Sub(s.noticed(r)) < timeout {
			break
		}
		if gaveUp == 0 {
			from = r
		}
		gaveUp++
		s.water = r
	}
	if gaveUp > 0 {
		s.log.Debug("catalog sync: gave up waiting for revisions", "from", from, "count", gaveUp)
	}
	s.c.mu.Lock()
	if s.c.load.gen == s.gen {
		s.c.water.Store(s.water)
	}
	s.c.mu.Unlock()
	i := 0
	for i < len(s.epochs)-1 && s.epochs[i].upTo <= s.water {
		i++
	}
	s.epochs = s.epochs[i:]
}

// noticed returns when revision r was first known to be allocated.
func (s *syncer) noticed(r int64) time.Time {
	for _, e := range s.epochs {
		if r <= e.upTo {
			return e.at
		}
	}
	return s.now()
}
