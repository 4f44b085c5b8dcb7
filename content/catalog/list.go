package catalog

import "hubdir/content"

// listPage is one page of a list query of any kind of listing; the
// kinds' results (NeedResult, OfferResult…) are made of it.
type listPage[T any] struct {
	Items   []T
	Total   int
	Page    int
	PerPage int
	Facets  Facets
	TextInfo
}

// listArgs are what every list query asks: the text (as typed and
// compiled), the selected facet values, the viewer, the day, the page and
// its size, the order to scan and how to order the page (sortBy:
// SortDeadline, SortRelevance, SortNewest — the order's own — or ""
// for relevance with search terms, else the order's).
type listArgs struct {
	text    string
	tq      *textQuery
	sel     [][]string
	viewer  Viewer
	today   content.Date
	page    int
	perPage int
	sortBy  string
}

// listQuery is the one list query of every kind: the filtered text scan
// of order over l, keep (nil: every match) on the matched listings, the
// facet counts (which keep does not change), the page, in relevance,
// deadline or the order's own order, and the pooled memory given back.
func listQuery[T any](c *Catalog, k *kind[T], l *listing[T], order *order[T], a listArgs, keep func(T) bool) listPage[T] {
	s := newSearch(k, l, a.viewer, a.today, a.tq, a.sel)
	bp := matchPool.Get().(*[]int32)
	m, info := textScan(order, s, l, a.tq, a.text, &c.rules, (*bp)[:0])
	if keep != nil {
		kept := m[:0]
		for _, p := range m {
			if keep(order.at(p).e.doc) {
				kept = append(kept, p)
			}
		}
		m = kept
	}
	r := listPage[T]{Total: len(m), Facets: s.facets(k.facets, l.dicts, a.sel), TextInfo: info}
	var off, end int
	r.Page, r.PerPage, off, end = paging(a.page, a.perPage, len(m))
	switch {
	case a.sortBy == SortDeadline:
		r.Items = deadlinePage(order, m, a.today, off, end)
	case a.sortBy == SortRelevance || a.sortBy == "" && !a.tq.empty():
		r.Items = relevancePage(order, m, s.hits.scores, idSeq(l, a.text), off, end)
	default:
		r.Items = firstPage(order, m, "", off, end)
	}
	*bp = m[:0]
	matchPool.Put(bp)
	s.release()
	return r
}
