package catalog

import (
	"sync/atomic"
	"time"
)

// Stats are figures about the catalog for monitoring.
type Stats struct {
	// Hubs, Needs, Companies and Agreements count the documents held,
	// drafts and unpublished ones included (deleted ones are not held).
	Hubs, Needs, Companies, Agreements int
	// Rev is the highest revision applied.
	Rev int64
	// SyncedAt is when the catalog last knew itself current with the store:
	// its last Load, or the last tick of Sync that found nothing new or
	// missing. Zero before either.
	SyncedAt time.Time
}

// syncStamp records when the catalog was last known current, in Unix
// nanoseconds of the wall clock (not the catalog's clock, which tests may
// fix).
type syncStamp struct{ at atomic.Int64 }

// mark records that the catalog is current now.
func (s *syncStamp) mark() { s.at.Store(time.Now().UnixNano()) }

// Stats returns the catalog's current figures.
func (c *Catalog) Stats() Stats {
	st := c.state.Load()
	out := Stats{
		Hubs: len(st.hubs), Needs: len(st.needs.byID), Companies: len(st.companies.byID),
		Agreements: len(st.agreements.byID), Rev: st.rev,
	}
	if ns := c.synced.at.Load(); ns != 0 {
		out.SyncedAt = time.Unix(0, ns)
	}
	return out
}
