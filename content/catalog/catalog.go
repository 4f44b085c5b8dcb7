// Package catalog is Hubdir's in-memory read model: the hubs and listings
// that public pages and the public API are served from, so that the
// database is never queried per public request.
//
// A Catalog holds an immutable state behind an atomic pointer. Readers load
// the pointer and never block; writers (Load, Apply and the Put methods,
// serialised by a mutex) build a new state copy-on-write, sharing every
// unchanged entry, and publish it with one store. Every listing carries
// precomputed search keys, facet value numbers and sort positions, so a
// filtered, faceted page of 10,000 needs is one pass over a presorted,
// contiguous slice; text terms are looked up in a word index of the search
// keys (substring matching over the vocabulary), so a text query does not
// read every listing's text.
//
// Every pointer a Catalog returns is shared with the catalog and other
// readers: callers must not modify the documents or slices they get.
package catalog

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"hubdir/content"
)

// Catalog is the in-memory read model of hubs and listings. It is safe for
// concurrent use; reads never wait for writes.
type Catalog struct {
	zone *time.Location
	now  func() time.Time

	state  atomic.Pointer[state]
	loaded atomic.Bool
	water  atomic.Int64 // the sync's watermark (Watermark)
	synced syncStamp    // when last known current (stats.go)

	mu         sync.Mutex // serialises writers and guards what follows
	hubRevs    map[string]int64
	needRevs   map[string]int64 // revision held per ref, deleted ones included
	compRevs   map[string]int64
	agreeRevs  map[string]int64
	offerRevs  map[string]int64
	load       loadInfo
	gapTimeout time.Duration // how long Sync waits for a missing revision

	// uncached turns the cache of public need answers off, so that
	// benchmarks measure the query itself; set before first use.
	uncached bool
	// rules are the search rules in force (all, unless a test turns one
	// off to measure it); set before first use.
	rules rules
	// texts holds the texts of needs out of the heap (MapTexts); nil: in
	// the heap.
	texts *textFile
}

// state is one immutable version of the catalog.
type state struct {
	rev        int64
	version    uint64         // one more than the state it replaced (Version)
	hubs       []*content.Hub // by code
	needs      listing[*content.Need]
	companies  listing[*content.Company]
	agreements listing[*content.Agreement]
	offers     listing[*content.Offer]
	figures    *atomic.Pointer[figures] // cache of Figures for one day
	results    *resultCache             // answers to public need queries
}

// loadInfo records the last Load for Sync.
type loadInfo struct {
	gen  int64     // number of Loads so far
	rev  int64     // highest revision of the snapshot
	at   time.Time // when it was loaded
	seen []int64   // revisions of its documents near rev
}

// loadWindow is how many revisions below a loaded snapshot's revision Sync
// looks again at, in case their writes were still in flight when the
// snapshot was read.
const loadWindow = 1000

// New returns an empty catalog. zone is the park's time zone, which decides
// "today" for deadlines; now returns the current time (nil: time.Now).
func New(zone *time.Location, now func() time.Time) *Catalog {
	if zone == nil {
		zone = time.UTC
	}
	if now == nil {
		now = time.Now
	}
	c := &Catalog{
		zone: zone, now: now,
		hubRevs: map[string]int64{}, needRevs: map[string]int64{},
		compRevs: map[string]int64{}, agreeRevs: map[string]int64{}, offerRevs: map[string]int64{},
		gapTimeout: 30 * time.Second,
	}
	c.state.Store(&state{
		needs: needKind.empty(), companies: companyKind.empty(), agreements: agreementKind.empty(),
		offers: offerKind.empty(), figures: new(atomic.Pointer[figures]), results: new(resultCache),
	})
	return c
}

// today returns the park's current calendar date.
func (c *Catalog) today() content.Date { return content.Today(c.now(), c.zone) }

// Load replaces the whole content of the catalog with the snapshot (at
// start-up). Deleted documents in it are left out.
func (c *Catalog) Load(s *content.Snapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ns := &state{rev: s.Rev, figures: new(atomic.Pointer[figures]), results: new(resultCache)}
	ns.version = c.state.Load().version + 1
	clear(c.hubRevs)
	ns.hubs = applyHubs(nil, s.Hubs, c.hubRevs)
	ns.needs = build(needKind, s.Needs, c.needRevs, c.rules.analysis)
	c.texts.mapNeeds(ns.needs.byID) // once indexed: the index read the heap's copies
	ns.companies = build(companyKind, s.Companies, c.compRevs, c.rules.analysis)
	ns.agreements = build(agreementKind, s.Agreements, c.agreeRevs, c.rules.analysis)
	ns.offers = build(offerKind, s.Offers, c.offerRevs, c.rules.analysis)
	seen := snapshotRevs(s)
	for _, r := range seen {
		ns.rev = max(ns.rev, r)
	}
	var near []int64
	for _, r := range seen {
		if r > ns.rev-loadWindow {
			near = append(near, r)
		}
	}
	c.load = loadInfo{gen: c.load.gen + 1, rev: ns.rev, at: time.Now(), seen: near}
	c.water.Store(0) // until the sync starts from this load
	c.state.Store(ns)
	c.loaded.Store(true)
	c.synced.mark()
}

// Apply upserts every document of the snapshot: a document with DeletedAt
// set is removed, and one older (by Rev) than the version held is ignored,
// as is the version held itself. Rev becomes at least s.Rev.
func (c *Catalog) Apply(s *content.Snapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.state.Load()
	ns := *old
	var changed [5]bool
	if hubs := applyHubs(old.hubs, s.Hubs, c.hubRevs); hubs != nil {
		ns.hubs, changed[0] = hubs, true
	}
	ns.needs, changed[1] = apply(needKind, old.needs, s.Needs, c.needRevs, c.rules.analysis)
	if changed[1] && c.texts != nil {
		c.texts.mapNeeds(addedNeeds(ns.needs, s.Needs))
	}
	ns.companies, changed[2] = apply(companyKind, old.companies, s.Companies, c.compRevs, c.rules.analysis)
	ns.agreements, changed[3] = apply(agreementKind, old.agreements, s.Agreements, c.agreeRevs, c.rules.analysis)
	ns.offers, changed[4] = apply(offerKind, old.offers, s.Offers, c.offerRevs, c.rules.analysis)
	ns.rev = max(old.rev, s.Rev)
	for _, r := range snapshotRevs(s) {
		ns.rev = max(ns.rev, r)
	}
	if !slices.Contains(changed[:], true) && ns.rev == old.rev {
		return
	}
	ns.figures = new(atomic.Pointer[figures])
	ns.results = new(resultCache)
	ns.version = old.version + 1
	c.state.Store(&ns)
}

// PutNeed applies one need, as Apply does; call it after each successful
// write of a need.
func (c *Catalog) PutNeed(n *content.Need) { c.Apply(&content.Snapshot{Needs: []*content.Need{n}}) }

// PutCompany applies one company, as Apply does.
func (c *Catalog) PutCompany(co *content.Company) {
	c.Apply(&content.Snapshot{Companies: []*content.Company{co}})
}

// PutAgreement applies one agreement, as Apply does.
func (c *Catalog) PutAgreement(a *content.Agreement) {
	c.Apply(&content.Snapshot{Agreements: []*content.Agreement{a}})
}

// PutHub applies one hub, as Apply does.
func (c *Catalog) PutHub(h *content.Hub) { c.Apply(&content.Snapshot{Hubs: []*content.Hub{h}}) }

// Rev returns the highest revision applied: of a document or of a
// snapshot.
func (c *Catalog) Rev() int64 { return c.state.Load().rev }

// Version returns a number that changes with every change of the
// catalog's content (each Load, and each Apply or Put that changed
// something): a key for caches of what pages show. Read it before reading
// the catalog for what is cached under it.
func (c *Catalog) Version() uint64 { return c.state.Load().version }

// Loaded reports whether Load has been called.
func (c *Catalog) Loaded() bool { return c.loaded.Load() }

// applyHubs returns hubs (sorted by code) with the given ones upserted, or
// nil when none of them is newer than the one held.
func applyHubs(hubs, put []*content.Hub, revs map[string]int64) []*content.Hub {
	var out []*content.Hub
	for _, h := range put {
		if held, ok := revs[h.Code]; ok && (h.Rev < held || h.Rev == held && h.Rev != 0) {
			continue
		}
		revs[h.Code] = h.Rev
		if out == nil {
			out = slices.Clone(hubs)
			if out == nil {
				out = []*content.Hub{}
			}
		}
		i, found := slices.BinarySearchFunc(out, h.Code, func(x *content.Hub, code string) int {
			return strings.Compare(x.Code, code)
		})
		if found {
			out[i] = h
		} else {
			out = slices.Insert(out, i, h)
		}
	}
	return out
}

// snapshotRevs returns the revisions of every document of s and those s
// covers besides (Snapshot.Covered).
func snapshotRevs(s *content.Snapshot) []int64 {
	out := make([]int64, 0, len(s.Hubs)+len(s.Needs)+len(s.Companies)+len(s.Agreements)+len(s.Offers)+len(s.Covered))
	out = append(out, s.Covered...)
	for _, h := range s.Hubs {
		out = append(out, h.Rev)
	}
	for _, n := range s.Needs {
		out = append(out, n.Rev)
	}
	for _, co := range s.Companies {
		out = append(out, co.Rev)
	}
	for _, a := range s.Agreements {
		out = append(out, a.Rev)
	}
	for _, o := range s.Offers {
		out = append(out, o.Rev)
	}
	return out
}

// addedNeeds returns the entries of l made of the given documents (the
// same pointers): those apply has just added.
func addedNeeds(l listing[*content.Need], docs []*content.Need) []*entry[*content.Need] {
	var out []*entry[*content.Need]
	for _, d := range docs {
		if e := l.get(d.Ref); e != nil && e.doc == d {
			out = append(out, e)
		}
	}
	return out
}
