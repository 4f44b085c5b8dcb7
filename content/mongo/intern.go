package mongo

import (
	"slices"

	"hubdir/content"
)

// interner makes equal strings of the needs read at start-up share one
// copy: the driver allocates every string of every document, and the
// hub, kind, country, status, sectors, partnership types, authors and
// dates of 100,000 needs are a few hundred distinct values (about 150
// bytes a need; docs/performance.md). Not safe for concurrent use: one per
// goroutine.
type interner struct {
	strs  map[string]string
	lists map[string][]string // by the elements joined with NUL
}

func newInterner() *interner {
	return &interner{strs: map[string]string{}, lists: map[string][]string{}}
}

// str returns the shared copy of s.
func (in *interner) str(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := in.strs[s]; ok {
		return v
	}
	in.strs[s] = s
	return s
}

// list returns a shared slice equal to l (nil stays nil, empty stays
// empty). Callers never modify a listing's slices (catalog documents are
// shared read-only).
func (in *interner) list(l []string) []string {
	if len(l) == 0 {
		return l
	}
	k := ""
	for i, s := range l {
		if i > 0 {
			k += "\x00"
		}
		k += s
	}
	if v, ok := in.lists[k]; ok {
		return v
	}
	v := slices.Clip(slices.Clone(l))
	for i, s := range v {
		v[i] = in.str(s)
	}
	in.lists[k] = v
	return v
}

// need makes n's repeated strings shared.
func (in *interner) need(n *content.Need) {
	n.Hub, n.Kind, n.Country, n.Status = in.str(n.Hub), in.str(n.Kind), in.str(n.Country), in.str(n.Status)
	n.IPStatus, n.CreatedBy, n.UpdatedBy = in.str(n.IPStatus), in.str(n.CreatedBy), in.str(n.UpdatedBy)
	n.ReviewRequestedBy = in.str(n.ReviewRequestedBy)
	n.Deadline = content.Date(in.str(string(n.Deadline)))
	n.Sectors, n.Partnerships = in.list(n.Sectors), in.list(n.Partnerships)
	if r := n.Requester; r != nil {
		r.Type, r.Size = in.str(r.Type), in.str(r.Size)
	}
	if b := n.Budget; b != nil {
		b.Currency = in.str(b.Currency)
	}
}
