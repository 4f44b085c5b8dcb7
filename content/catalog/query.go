package catalog

import (
	"slices"
	"strings"
	"sync"

	"hubdir/content"
)

// Viewer is who reads the catalog. The zero Viewer is the public, who sees
// public listings only; a staff member also sees every listing of the hubs
// they manage (an admin: of every hub).
type Viewer struct{ Staff *content.Staff }

// Facets holds facet counts: facet name ("hub", "sector", "kind",
// "country", "status", "partnership") → value → number of listings. Counts
// are disjunctive: each facet's counts apply every other filter and the
// text query, but not the facet's own filter. Values with no listing are
// left out, except the values the query selected, which appear with 0.
type Facets map[string]map[string]int

// Paging defaults.
const (
	DefaultPerPage = 20
	MaxPerPage     = 100
)

// NeedQuery selects, orders and pages needs. Within a filter, values are
// OR-ed; filters are AND-ed; empty filters match everything.
type NeedQuery struct {
	Text         string   // every search term must occur; see Needs
	Hubs         []string // hub codes
	Sectors      []string // sector codes
	Kinds        []string // need kinds
	Countries    []string // ISO 3166-1 alpha-2 codes
	Partnerships []string // partnership types
	Requesters   []string // requester types (content.RequesterTypes)
	// Statuses as read today: published (also accepted as "open"),
	// expired, closed, and for staff draft and archived.
	Statuses []string
	// Sort is SortNewest (by publication, else creation, time, newest
	// first, then by ref), SortDeadline (open needs by deadline, soonest
	// first, then the others, most recent deadline first) or SortRelevance.
	// The default is SortRelevance when the query has search terms, else
	// SortNewest.
	Sort    string
	Page    int // 1-based; default 1
	PerPage int // default DefaultPerPage, at most MaxPerPage
	Viewer  Viewer
}

// NeedResult is one page of needs. Total is the exact number of needs
// matching the query; Page and PerPage are the values used. The slice is
// the caller's; the needs and the facet maps are shared (public answers
// are cached per catalog state) and must not be modified.
type NeedResult struct {
	Items   []*content.Need
	Total   int
	Page    int
	PerPage int
	Facets  Facets
	TextInfo
}

// CompanyQuery selects and pages companies; filters combine as in
// NeedQuery. Companies are ordered by name in Locale's collation (default
// en); with search terms, a company whose slug equals the query comes
// first.
type CompanyQuery struct {
	Text      string
	Hubs      []string
	Kinds     []string
	Countries []string
	Sectors   []string
	Locale    string
	Page      int
	PerPage   int
	Viewer    Viewer
}

// CompanyResult is one page of companies, with facets hub, kind, country
// and sector.
type CompanyResult struct {
	Items   []*content.Company
	Total   int
	Page    int
	PerPage int
	Facets  Facets
	TextInfo
}

// AgreementQuery selects and pages agreements, newest signed first; with
// search terms, an agreement whose slug equals the query comes first.
// Statuses are as read today (an active agreement past its expiry date
// reads as expired).
type AgreementQuery struct {
	Text     string
	Hubs     []string
	Statuses []string
	Page     int
	PerPage  int
	Viewer   Viewer
}

// AgreementResult is one page of agreements, with facets hub and status.
type AgreementResult struct {
	Items   []*content.Agreement
	Total   int
	Page    int
	PerPage int
	Facets  Facets
	TextInfo
}

// Needs returns the page of needs the query asks for, the exact total and
// the facet counts. The text query matches a need when each of its terms
// (i18n.Tokens) occurs in the folded text of the need's reference code,
// title, summary or body in any locale, so a query in any script searches
// every locale. Relevance puts a need whose reference code equals the
// query first, then needs with more terms in their title, then the newest.
func (c *Catalog) Needs(q NeedQuery) NeedResult {
	st := c.state.Load()
	l := &st.needs
	today := c.today()
	sel := make([][]string, len(needKind.facets))
	sel[needHub] = clean(q.Hubs, true)
	sel[needSector] = clean(q.Sectors, false)
	sel[needKindF] = clean(q.Kinds, false)
	sel[needCountry] = clean(q.Countries, true)
	sel[needStatus] = clean(q.Statuses, false)
	for i, s := range sel[needStatus] {
		if s == "open" {
			sel[needStatus][i] = content.NeedPublished
		}
	}
	sel[needPartnership] = clean(q.Partnerships, false)
	sel[needRequester] = clean(q.Requesters, false)
	// The key holds the query as asked (text and sort), so that a cached
	// answer costs no query analysis.
	var key string
	cached := q.Viewer.Staff == nil && !c.uncached
	if cached {
		key = needKey(q.Text, sel, q.Sort, q.Page, q.PerPage, dayNumber(today))
		if r, ok := st.results.get(key); ok {
			return r
		}
	}
	tq := compileQuery(q.Text, &c.rules)
	sortBy := q.Sort
	switch {
	case sortBy == SortNewest || sortBy == SortDeadline:
	case !tq.empty():
		sortBy = SortRelevance
	default:
		sortBy = SortNewest
	}
	order := &l.orders[needNewest]
	if sortBy == SortDeadline {
		order = &l.orders[needDeadline]
	}
	p := listQuery(c, needKind, l, order, listArgs{text: q.Text, tq: tq, sel: sel, viewer: q.Viewer, today: today,
		page: q.Page, perPage: q.PerPage, sortBy: sortBy}, nil)
	r := NeedResult(p)
	if cached {
		st.results.put(key, r)
	}
	return r
}

// Companies returns the page of companies the query asks for. The text
// query matches the folded slug, name, description and capabilities in
// every locale, as in Needs.
func (c *Catalog) Companies(q CompanyQuery) CompanyResult {
	st := c.state.Load()
	l := &st.companies
	tq := compileQuery(q.Text, &c.rules)
	sel := make([][]string, len(companyKind.facets))
	sel[companyHub] = clean(q.Hubs, true)
	sel[companyKindF] = clean(q.Kinds, false)
	sel[companyCountry] = clean(q.Countries, true)
	sel[companySector] = clean(q.Sectors, false)
	order := &l.orders[localeIndex(q.Locale)]
	p := listQuery(c, companyKind, l, order, listArgs{text: q.Text, tq: tq, sel: sel, viewer: q.Viewer, today: c.today(),
		page: q.Page, perPage: q.PerPage}, nil)
	return CompanyResult(p)
}

// Agreements returns the page of agreements the query asks for. The text
// query matches the folded slug, title, scope and party names.
func (c *Catalog) Agreements(q AgreementQuery) AgreementResult {
	st := c.state.Load()
	l := &st.agreements
	tq := compileQuery(q.Text, &c.rules)
	sel := make([][]string, len(agreementKind.facets))
	sel[agreementHub] = clean(q.Hubs, true)
	sel[agreementStatus] = clean(q.Statuses, false)
	order := &l.orders[0]
	p := listQuery(c, agreementKind, l, order, listArgs{text: q.Text, tq: tq, sel: sel, viewer: q.Viewer, today: c.today(),
		page: q.Page, perPage: q.PerPage}, nil)
	return AgreementResult(p)
}

// matchPool recycles the per-query lists of matching positions.
var matchPool = sync.Pool{New: func() any { s := make([]int32, 0, 1024); return &s }}

// clean trims filter values and drops empty ones; upper upper-cases codes.
func clean(vals []string, upper bool) []string {
	var out []string
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if upper {
			v = strings.ToUpper(v)
		}
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// paging returns the page and page size to use and the bounds of the page
// within total results.
func paging(page, per, total int) (p, pp, off, end int) {
	if per <= 0 {
		per = DefaultPerPage
	}
	per = min(per, MaxPerPage)
	page = max(page, 1)
	off = total
	if page-1 < total/per+1 {
		off = min((page-1)*per, total)
	}
	return page, per, off, min(off+per, total)
}

// search is the state of one scan: filters, the viewer's rights and the
// facet counts.
type search struct {
	filters     [][]bool // per facet: selected value ids; nil when not filtered
	counts      [][]int  // per facet: listings per value id
	manage      []bool   // per hub id: the viewer manages the hub; nil: public
	hubFacet    int
	statusFacet int
	expired     []uint16 // the status facet's value of an expired listing
	today       int32    // as a day number
	text        bool     // the query has search terms
	hits        textHits // the entries matching them, with scores
}

// release gives the search's pooled memory back.
func (s *search) release() {
	s.hits.release()
}

// newSearch prepares a scan of l for the viewer with the selected facet
// values (per facet; nil or empty: no filter).
func newSearch[T any](k *kind[T], l *listing[T], v Viewer, today content.Date, tq *textQuery, sel [][]string) *search {
	nf := len(k.facets)
	s := &search{
		filters: make([][]bool, nf), counts: make([][]int, nf),
		hubFacet: k.hubFacet, statusFacet: k.statusFacet, today: dayNumber(today), text: !tq.empty(),
	}
	if k.statusFacet >= 0 {
		s.expired = []uint16{l.dicts[k.statusFacet].ids[k.expired]}
	}
	if !tq.empty() {
		s.hits = l.text.search(tq, l.delta, l.nextSeq)
	}
	size := 0
	for _, d := range l.dicts {
		size += len(d.vals)
	}
	block := make([]int, size)
	for f, d := range l.dicts {
		s.counts[f], block = block[:len(d.vals):len(d.vals)], block[len(d.vals):]
		if f < len(sel) && len(sel[f]) > 0 {
			flt := make([]bool, len(d.vals))
			for _, v := range sel[f] {
				if id, ok := d.ids[v]; ok {
					flt[id] = true
				}
			}
			s.filters[f] = flt
		}
	}
	if v.Staff != nil {
		hubs := l.dicts[k.hubFacet].vals
		m := make([]bool, len(hubs))
		some := false
		for id, code := range hubs {
			m[id] = v.Staff.CanManage(code)
			some = some || m[id]
		}
		if some {
			s.manage = m
		}
	}
	return s
}

// hits reports whether one of vals is selected.
func hits(vals []uint16, selected []bool) bool {
	for _, v := range vals {
		if selected[v] {
			return true
		}
	}
	return false
}

// textOK reports whether the entry of sl matches the text query.
func textOK[T any](s *search, sl *slot[T]) bool {
	return !s.text || s.hits.bits[sl.seq>>6]&(1<<(sl.seq&63)) != 0
}

// scan appends to out the positions in order of the entries the viewer
// may see that match every filter and the text, and counts facets.
func scan[T any](o *order[T], s *search, out []int32) []int32 {
	for ci, chunk := range o.chunks {
		out = scanChunk(chunk, int32(o.starts[ci]), s, out)
	}
	return out
}

// scanChunk is scan over one chunk whose first slot is at position base.
func scanChunk[T any](chunk []slot[T], base int32, s *search, out []int32) []int32 {
	for i := range chunk {
		e := &chunk[i]
		if !textOK(s, e) {
			continue
		}
		if !e.public && (s.manage == nil || !hits(e.facet(s.hubFacet), s.manage)) {
			continue
		}
		expired := e.exp && e.expiry != 0 && e.expiry < s.today
		miss, missF := 0, -1
		for f, flt := range s.filters {
			if flt == nil {
				continue
			}
			vals := e.vals[e.off[f]:e.off[f+1]]
			if expired && f == s.statusFacet {
				vals = s.expired
			}
			if !hits(vals, flt) {
				if miss++; miss > 1 {
					break
				}
				missF = f
			}
		}
		if miss > 1 {
			continue
		}
		for f, counts := range s.counts {
			if miss == 1 && f != missF {
				// Fails only its own facet's filter: counts for that facet.
				continue
			}
			if expired && f == s.statusFacet {
				counts[s.expired[0]]++
				continue
			}
			for _, v := range e.vals[e.off[f]:e.off[f+1]] {
				counts[v]++
			}
		}
		if miss == 0 {
			out = append(out, base+int32(i))
		}
	}
	return out
}

// facets returns the counts of a scan by facet name and value.
func (s *search) facets(names []string, dicts []*dict, sel [][]string) Facets {
	out := make(Facets, len(names))
	for f, name := range names {
		m := map[string]int{}
		for id, n := range s.counts[f] {
			if n > 0 {
				m[dicts[f].vals[id]] = n
			}
		}
		if f < len(sel) {
			for _, v := range sel[f] {
				m[v] += 0
			}
		}
		out[name] = m
	}
	return out
}
