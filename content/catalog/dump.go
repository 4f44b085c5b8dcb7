package catalog

import "hubdir/content"

// Dump returns every hub and listing the catalog holds (deleted ones are
// never held) as a snapshot at the sync's watermark: every write with a
// revision up to its Rev is in it (or was given up on by the sync), and
// later ones may be. It reports false while the catalog is not loaded or
// its sync has not yet run. The documents are shared with the catalog and
// must not be modified. A process writes it to the snapshot file, from
// which the next start reads the changes since Rev (see cmd/hubdir).
func (c *Catalog) Dump() (*content.Snapshot, bool) {
	water := c.water.Load()
	if !c.Loaded() || water <= 0 {
		return nil, false
	}
	st := c.state.Load() // read after the watermark: it holds at least that
	s := &content.Snapshot{Rev: water}
	s.Hubs = append([]*content.Hub(nil), st.hubs...)
	s.Needs = docsOf(st.needs)
	s.Companies = docsOf(st.companies)
	s.Agreements = docsOf(st.agreements)
	s.Offers = docsOf(st.offers)
	return s, true
}

// Watermark returns the revision up to which the sync has seen (or given
// up on) every write, 0 before it has run.
func (c *Catalog) Watermark() int64 { return c.water.Load() }

// docsOf returns the documents of a listing, in id order.
func docsOf[T any](l listing[T]) []T {
	out := make([]T, len(l.byID))
	for i, e := range l.byID {
		out[i] = e.doc
	}
	return out
}
