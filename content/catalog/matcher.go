package catalog

import (
	"cmp"
	"slices"
	"strings"
)

// bestMatches is the one matcher of every "may fit" list (companies and
// needs, offers and laboratories and needs): the terms of the listing
// being matched are weighed against the entries of l (termHits); every
// entry keep admits is scored by score with its text hit (nil: no shared
// term), and those that qualify are returned best first, ties by id, at
// most clampLimit(limit), each made by mk. The result is nil when nothing
// qualifies.
func bestMatches[T, M any](l *listing[T], terms []matchTerm, keep func(e *entry[T]) bool,
	score func(e *entry[T], h *hit) (float64, Reasons, bool), mk func(doc T, score float64, r Reasons) M, limit int) []M {
	hits := map[uint32]*hit{}
	termHits(l, terms, hits)
	type scored struct {
		m     M
		score float64
		id    string
	}
	var all []scored
	for _, e := range l.byID {
		if !keep(e) {
			continue
		}
		if s, r, ok := score(e, hits[e.seq]); ok {
			all = append(all, scored{m: mk(e.doc, s, r), score: s, id: e.id})
		}
	}
	if len(all) == 0 {
		return nil
	}
	slices.SortFunc(all, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	out := make([]M, min(len(all), clampLimit(limit)))
	for i := range out {
		out[i] = all[i].m
	}
	return out
}
