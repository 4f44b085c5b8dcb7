package catalog

// The page of a list answer: the matches of a query, already in the
// order of the chosen sort, cut to the requested page.

import (
	"math"
	"slices"

	"hubdir/content"
)

// firstPage returns the documents at positions m[off:end] of order, except
// that the entry whose idKey equals key (if any, key != "") comes first.
func firstPage[T any](o *order[T], m []int32, key string, off, end int) []T {
	first := -1
	if key != "" {
		for i, p := range m {
			if o.at(p).e.idKey == key {
				first = i
				break
			}
		}
	}
	out := make([]T, 0, end-off)
	for k := off; k < end; k++ {
		i := k
		switch {
		case first < 0 || k > first:
		case k == 0:
			i = first
		default:
			i = k - 1
		}
		out = append(out, o.at(m[i]).e.doc)
	}
	return out
}

// deadlinePage returns the page [off, end) of the matches m in a deadline
// order: open needs in order (soonest deadline first), then the others in
// reverse (most recent deadline first).
func deadlinePage[T any](o *order[T], m []int32, today content.Date, off, end int) []T {
	out := make([]T, 0, end-off)
	day := dayNumber(today)
	open := func(e *slot[T]) bool { return e.exp && (e.expiry == 0 || e.expiry >= day) }
	k := 0
	for _, p := range m {
		if k >= end {
			return out
		}
		if e := o.at(p); open(e) {
			if k >= off {
				out = append(out, e.e.doc)
			}
			k++
		}
	}
	for i := len(m) - 1; i >= 0 && k < end; i-- {
		if e := o.at(m[i]); !open(e) {
			if k >= off {
				out = append(out, e.e.doc)
			}
			k++
		}
	}
	return out
}

// relevancePage returns the page [off, end) of the matches m (in the
// listing's default order, ascending) ranked by relevance: the entry
// numbered first (-1: none) first, then by score (BM25 over the weighted
// fields), then in the order of m.
func relevancePage[T any](o *order[T], m []int32, scores []float32, first int64, off, end int) []T {
	if end <= off {
		return []T{}
	}
	type ranked struct {
		score float32
		i     int
	}
	better := func(a, b ranked) bool { return a.score > b.score || a.score == b.score && a.i < b.i }
	// Walk the chunks along m, which is in order: no search per match.
	ci := 0
	score := func(p int32) float32 {
		for o.starts[ci+1] <= int(p) {
			ci++
		}
		seq := o.chunks[ci][int(p)-o.starts[ci]].seq
		if int64(seq) == first {
			return math.MaxFloat32
		}
		return scores[seq]
	}
	if end > 256 {
		// A deep page: sort every match.
		all := make([]ranked, len(m))
		for i, p := range m {
			all[i] = ranked{score(p), i}
		}
		slices.SortFunc(all, func(a, b ranked) int {
			switch {
			case better(a, b):
				return -1
			case better(b, a):
				return 1
			}
			return 0
		})
		out := make([]T, 0, end-off)
		for _, r := range all[off:end] {
			out = append(out, o.at(m[r.i]).e.doc)
		}
		return out
	}
	// Keep the best end matches, sorted, in top.
	top := make([]ranked, 0, end)
	for i, p := range m {
		r := ranked{score(p), i}
		if len(top) == end && !better(r, top[end-1]) {
			continue
		}
		j := sortSearch(len(top), func(j int) bool { return better(r, top[j]) })
		if len(top) < end {
			top = append(top, ranked{})
		}
		copy(top[j+1:], top[j:len(top)-1])
		top[j] = r
	}
	out := make([]T, 0, end-off)
	for _, r := range top[min(off, len(top)):] {
		out = append(out, o.at(m[r.i]).e.doc)
	}
	return out
}
