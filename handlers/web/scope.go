package web

import (
	"slices"

	"hubdir/content"
)

// statusAll is the status filter value that shows needs in every public
// status; without a status filter the needs list shows open needs only.
const statusAll = "all"

// listScope says which statuses a needs list shows, and links to the
// other scope, one click away.
type listScope struct {
	Statuses []string // for the catalog: nil means every public status
	OpenOnly bool     // the default: no status chosen
	All      bool     // status=all
	Toggle   string   // the URL of the other scope
}

// needScope reads the scope of the needs list from its state: no status
// chosen means open needs only; status=all means every public status.
func needScope(s *listState) listScope {
	sc := listScope{}
	chosen := slices.DeleteFunc(slices.Clone(s.F["status"]), func(v string) bool { return v == statusAll })
	switch {
	case len(chosen) > 0:
		sc.Statuses = chosen
		sc.Toggle = s.Without("status", "*")
	case slices.Contains(s.F["status"], statusAll):
		sc.All = true
		sc.Toggle = s.Without("status", "*")
	default:
		sc.OpenOnly = true
		sc.Statuses = []string{content.NeedPublished}
		q := s.values("", "", 1)
		q.Set("status", statusAll)
		sc.Toggle = s.url(q)
	}
	return sc
}

// ActiveCount returns how many filter values are chosen, for the badge of
// the filter button on phones.
func (s *listState) ActiveCount() int {
	n := 0
	for _, vs := range s.F {
		for _, v := range vs {
			if v != statusAll {
				n++
			}
		}
	}
	return n
}
