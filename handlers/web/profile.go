package web

import (
	"hubdir/content"
	"hubdir/content/catalog"
)

// SimilarOpen returns up to three open needs like n, for the top of an
// expired or closed need's page: needs sharing a sector, soonest deadline
// first, then (when there are too few) other open needs of the same hub.
func (h *Handler) SimilarOpen(n *content.Need) []*content.Need {
	const want = 3
	var out []*content.Need
	add := func(q catalog.NeedQuery) {
		q.Statuses, q.Sort, q.PerPage = []string{content.NeedPublished}, catalog.SortDeadline, 10
		for _, m := range h.cfg.Catalog.Needs(q).Items {
			if len(out) < want && m.Ref != n.Ref && !containsNeed(out, m.Ref) {
				out = append(out, m)
			}
		}
	}
	if len(n.Sectors) > 0 {
		add(catalog.NeedQuery{Sectors: n.Sectors})
	}
	if len(out) < want {
		add(catalog.NeedQuery{Hubs: []string{n.Hub}})
	}
	return out
}

func containsNeed(ns []*content.Need, ref string) bool {
	for _, n := range ns {
		if n.Ref == ref {
			return true
		}
	}
	return false
}
