package catalog

import (
	"bytes"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"

	"hubdir/content"
	"hubdir/i18n"
)

// maxFacets is the largest number of facets a kind of listing has.
const maxFacets = 7

// hot holds the fields of an entry a scan reads.
type hot struct {
	public bool // the public may see it
	exp    bool // the status reads as expired once expiry is past
	off    [maxFacets + 1]uint8
	seq    uint32            // number in its listing's text index
	expiry int32             // the deadline or expiry date as YYYYMMDD; 0: none
	vals   [maxValues]uint16 // facet value ids; facet f is vals[off[f]:off[f+1]]
}

// facet returns the stored value ids of facet f.
func (h *hot) facet(f int) []uint16 { return h.vals[h.off[f]:h.off[f+1]] }

// entry is one listing of the catalog with everything a query needs
// precomputed at insert time. Entries are immutable once published in a
// state.
type entry[T any] struct {
	hot
	doc   T
	id    string                // reference code or slug
	idKey string                // i18n.Fold(id)
	key   string                // folded search text of every field and locale (i18n.FoldKey); "" for needs: use searchKey
	cut   [numFields - 1]uint32 // ends of the key's fields but the last
	date  content.Date          // deadline or signing date, for ordering
	t     int64                 // publication or creation time (Unix ns), for ordering
	coll  [][]byte              // collation keys of the name, per locale (companies)
	nums  []uint32              // digitHashes of the key, set when its terms are indexed (entryTerms)
}

// slot is an entry's place in an order: a copy of its hot fields (one
// cache line in all), so that a scan reads one contiguous array.
type slot[T any] struct {
	hot
	e *entry[T]
}

func slotOf[T any](e *entry[T]) slot[T]  { return slot[T]{hot: e.hot, e: e} }
func entryOf[T any](s slot[T]) *entry[T] { return s.e }
func self[T any](e *entry[T]) *entry[T]  { return e }

// kind describes one kind of listing (needs, companies, agreements) to the
// generic index code.
type kind[T any] struct {
	facets      []string   // facet names, in the order of entry values
	hubFacet    int        // the facet holding hub codes (staff visibility)
	statusFacet int        // the facet holding the status, or -1
	expired     string     // the status value an expired entry reads as
	seed        [][]string // values interned up front, per facet
	id          func(T) string
	rev         func(T) int64
	deleted     func(T) bool
	prep        func(T, *prepper, *entry[T])    // sets all but vals and seq; safe to run in parallel
	weights     weights                         // of the fields of the search key
	values      func(T, int, []string) []string // appends facet f's values
	orders      []func(a, b *entry[T]) int      // the precomputed orders
}

// listing is the immutable index of one kind of listing.
type listing[T any] struct {
	byID    []*entry[T] // sorted by id
	orders  []order[T]  // each sorted by kind.orders[i]
	dicts   []*dict     // per facet
	text    *textIndex  // the terms of the keys of the entries numbered below text.limit
	delta   []*docTerms // the terms of entries added since, some since replaced
	nextSeq uint32      // the number of the next entry
}

func cmpByID[T any](a, b *entry[T]) int { return strings.Compare(a.id, b.id) }

// empty returns an empty listing with seeded dictionaries.
func (k *kind[T]) empty() listing[T] {
	l := listing[T]{orders: make([]order[T], len(k.orders)), dicts: make([]*dict, len(k.facets)), text: &textIndex{}}
	for f := range k.facets {
		var seed []string
		if f < len(k.seed) {
			seed = k.seed[f]
		}
		l.dicts[f] = newDict(seed)
	}
	return l
}

// get returns the entry with the given id, or nil.
func (l *listing[T]) get(id string) *entry[T] {
	i, ok := slices.BinarySearchFunc(l.byID, id, func(e *entry[T], id string) int { return strings.Compare(e.id, id) })
	if !ok {
		return nil
	}
	return l.byID[i]
}

// intern sets e's facet values, numbering new values in ds.
func (k *kind[T]) intern(e *entry[T], ds *dictSet, buf []string) []string {
	n := 0
	for f := range k.facets {
		e.off[f] = uint8(n)
		start := n
		buf = k.values(e.doc, f, buf[:0])
		for _, v := range buf {
			if v == "" || n == maxValues {
				continue
			}
			id := ds.intern(f, v)
			if !slices.Contains(e.vals[start:n], id) {
				e.vals[n] = id
				n++
			}
		}
	}
	e.off[len(k.facets)] = uint8(n)
	return buf
}

// prepper holds per-goroutine helpers for building entries: collators are
// not safe for concurrent use.
type prepper struct {
	colls []*collate.Collator
	buf   collate.Buffer
}

// collKey returns the collation key of s in the i-th locale.
func (p *prepper) collKey(i int, s string) []byte {
	if p.colls == nil {
		p.colls = make([]*collate.Collator, len(locales))
		for j, l := range locales {
			p.colls[j] = collate.New(l.Tag)
		}
	}
	k := bytes.Clone(p.colls[i].KeyFromString(&p.buf, s))
	p.buf.Reset()
	return k
}

// locales are the supported locales, in i18n's order; companies keep one
// name order per locale.
var locales = i18n.Locales()

// localeIndex returns the index of code in locales, or of "en" when code
// is not supported.
func localeIndex(code string) int {
	def := 0
	for i, l := range locales {
		if l.Code == code {
			return i
		}
		if l.Code == "en" {
			def = i
		}
	}
	return def
}

// prepAll builds entries for docs, in parallel when there are many. The
// entries are allocated together, so that a scan touches less memory.
func prepAll[T any](k *kind[T], docs []T) []*entry[T] {
	out := make([]*entry[T], len(docs))
	slab := make([]entry[T], len(docs))
	workers := 1
	if len(docs) >= 512 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunk := (len(docs) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(docs); lo += chunk {
		hi := min(lo+chunk, len(docs))
		wg.Go(func() {
			p := &prepper{}
			for i := lo; i < hi; i++ {
				k.prep(docs[i], p, &slab[i])
				out[i] = &slab[i]
			}
		})
	}
	wg.Wait()
	return out
}

// latest returns docs with one document per id, the one with the highest
// revision (the later one on a tie), in input order.
func latest[T any](k *kind[T], docs []T) []T {
	if len(docs) < 2 {
		return docs
	}
	at := make(map[string]int, len(docs))
	out := make([]T, 0, len(docs))
	for _, d := range docs {
		id := k.id(d)
		if i, ok := at[id]; ok {
			if k.rev(d) >= k.rev(out[i]) {
				out[i] = d
			}
			continue
		}
		at[id] = len(out)
		out = append(out, d)
	}
	return out
}

// build returns a new listing of docs (deleted ones left out) and records
// their revisions in revs, which it clears first.
func build[T any](k *kind[T], docs []T, revs map[string]int64, an i18n.Analysis) listing[T] {
	clear(revs)
	l := k.empty()
	var live []T
	for _, d := range latest(k, docs) {
		revs[k.id(d)] = k.rev(d)
		if !k.deleted(d) {
			live = append(live, d)
		}
	}
	entries := prepAll(k, live)
	ds := newDictSet(l.dicts, true)
	var buf []string
	for _, e := range entries {
		buf = k.intern(e, ds, buf)
	}
	// Numbered in id order, so that posting lists ascend (postings.go).
	byID := slices.Clone(entries)
	slices.SortFunc(byID, cmpByID[T])
	for i, e := range byID {
		e.seq = uint32(i)
	}
	l.dicts = ds.d
	l.nextSeq = uint32(len(entries))
	k.assemble(&l, entries)
	l.indexText(&k.weights, an)
	return l
}

// assemble sorts entries into l's id index and orders.
func (k *kind[T]) assemble(l *listing[T], entries []*entry[T]) {
	l.byID = slices.Clone(entries)
	slices.SortFunc(l.byID, cmpByID[T])
	var wg sync.WaitGroup
	for i, cmp := range k.orders {
		wg.Go(func() {
			o := slices.Clone(l.byID)
			slices.SortFunc(o, cmp)
			slots := make([]slot[T], len(o))
			for j, e := range o {
				slots[j] = slotOf(e)
			}
			l.orders[i] = newOrder(slots)
		})
	}
	wg.Wait()
}

// apply returns l with docs upserted (a deleted doc removed) and whether
// anything changed. A doc whose revision is below the one held for its id
// (or equal and non-zero: the same write) is ignored; revs is updated.
func apply[T any](k *kind[T], l listing[T], docs []T, revs map[string]int64, an i18n.Analysis) (listing[T], bool) {
	var changed []string
	var add []T
	for _, d := range latest(k, docs) {
		id, r := k.id(d), k.rev(d)
		if held, ok := revs[id]; ok && (r < held || r == held && r != 0) {
			continue
		}
		revs[id] = r
		changed = append(changed, id)
		if !k.deleted(d) {
			add = append(add, d)
		}
	}
	if len(changed) == 0 {
		return l, false
	}
	var removed []*entry[T]
	for _, id := range changed {
		if e := l.get(id); e != nil {
			removed = append(removed, e)
		}
	}
	entries := prepAll(k, add)
	ds := newDictSet(l.dicts, false)
	var buf []string
	for i, e := range entries {
		e.seq = l.nextSeq + uint32(i)
		buf = k.intern(e, ds, buf)
	}
	out := listing[T]{
		orders: make([]order[T], len(k.orders)), dicts: ds.d, text: l.text,
		nextSeq: l.nextSeq + uint32(len(entries)),
	}
	if len(l.delta)+len(entries) <= maxDelta {
		gone := make(map[uint32]bool, len(removed))
		for _, e := range removed {
			gone[e.seq] = true
		}
		out.delta = make([]*docTerms, 0, len(l.delta)+len(entries))
		for _, d := range l.delta {
			if !gone[d.seq] {
				out.delta = append(out.delta, d)
			}
		}
		for _, e := range entries {
			out.delta = append(out.delta, newDocTerms(e, &k.weights, an))
		}
	} else {
		// Merged below, with the terms of the delta and of the new
		// entries: the keys are not read again (keyless.go).
		out.text = nil
		out.delta = make([]*docTerms, 0, len(l.delta)+len(entries))
		out.delta = append(out.delta, l.delta...)
		for _, e := range entries {
			out.delta = append(out.delta, newDocTerms(e, &k.weights, an))
		}
	}
	if len(removed)+len(entries) > len(l.byID)/16+32 {
		// Many changes: rebuild the orders from scratch.
		gone := make(map[*entry[T]]bool, len(removed))
		for _, e := range removed {
			gone[e] = true
		}
		all := make([]*entry[T], 0, len(l.byID)-len(removed)+len(entries))
		for _, e := range l.byID {
			if !gone[e] {
				all = append(all, e)
			}
		}
		k.assemble(&out, append(all, entries...))
	} else {
		out.byID = splice(l.byID, removed, entries, cmpByID[T], self[T], self[T])
		for i, cmp := range k.orders {
			out.orders[i] = l.orders[i].splice(removed, entries, cmp)
		}
	}
	// Entries in the delta cost a look-up each per query: merge them into
	// the index when they are many.
	if out.text == nil {
		out.text = mergeText(l.text, out.delta, out.byID, out.nextSeq)
		out.delta = nil
	}
	return out, true
}

// maxDelta is the most entries the delta of a listing holds before its
// text index is rebuilt.
const maxDelta = 256

// indexText builds the text index of every entry of l.
func (l *listing[T]) indexText(w *weights, an i18n.Analysis) {
	l.text = buildText(l.byID, l.nextSeq, w, an)
	l.delta = nil
}

// splice returns a new slice holding old (sorted by cmp) without the
// entries of remove and with those of add, in cmp order. Elements of old
// are entries or slots: get returns an element's entry and mk makes the
// element of an entry. It costs O(len(old)) copying and O(k log n)
// comparisons.
func splice[E, T any](old []E, remove, add []*entry[T], cmp func(a, b *entry[T]) int, get func(E) *entry[T], mk func(*entry[T]) E) []E {
	skip := make([]int, 0, len(remove))
	for _, e := range remove {
		i, _ := slices.BinarySearchFunc(old, e, func(x E, e *entry[T]) int { return cmp(get(x), e) })
		if i >= len(old) || get(old[i]) != e {
			i = slices.IndexFunc(old, func(x E) bool { return get(x) == e })
		}
		if i >= 0 {
			skip = append(skip, i)
		}
	}
	slices.Sort(skip)
	add = slices.Clone(add)
	slices.SortFunc(add, cmp)
	out := make([]E, 0, len(old)-len(skip)+len(add))
	i, si, ai := 0, 0, 0
	for i < len(old) || ai < len(add) {
		limit := len(old)
		if si < len(skip) {
			limit = skip[si]
		}
		if ai < len(add) {
			a := add[ai]
			j := i + sortSearch(limit-i, func(x int) bool { return cmp(get(old[i+x]), a) > 0 })
			out = append(out, old[i:j]...)
			i = j
			if j < limit || limit == len(old) {
				out = append(out, mk(a))
				ai++
				continue
			}
		} else {
			out = append(out, old[i:limit]...)
			i = limit
		}
		if si < len(skip) && i == skip[si] {
			i++
			si++
		}
	}
	return out
}

// sortSearch is sort.Search without the import.
func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if !f(h) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// dayNumber returns d as the number YYYYMMDD, or 0 for the zero or an
// invalid Date. Day numbers compare as the dates do.
func dayNumber(d content.Date) int32 {
	s := string(d)
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0
	}
	var n int32
	for i := range 10 {
		if i == 4 || i == 7 {
			continue
		}
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int32(s[i]-'0')
	}
	return n
}

// foldKeyTexts returns the folded search key (i18n.FoldKeyIn) of texts,
// each locale in turn (Turkish texts marked for Turkish stemming). Each text is folded on its own, so that ASCII ones
// take Fold's fast path.
func foldKeyTexts(texts ...content.Text) string {
	var b strings.Builder
	for _, t := range texts {
		for _, l := range locales {
			if s, ok := t.In(l.Code); ok {
				if f := i18n.FoldKeyIn(l.Code, s); f != "" {
					if b.Len() > 0 {
						b.WriteByte(' ')
					}
					b.WriteString(f)
				}
			}
		}
	}
	return b.String()
}
