package catalog

import "hubdir/content"

// PublicAgreement returns a copy of a as the public may read it: its
// linked needs only when they are public, its parties only when they are
// named organisations or public companies (a party that is an unpublished
// company is left out, as on the agreement's page). Staff, who edit the
// lists whole, read the agreement as stored. The slices of the copy are
// its own.
func (c *Catalog) PublicAgreement(a *content.Agreement) content.Agreement {
	st := c.state.Load()
	out := *a
	out.Needs = nil
	for _, ref := range a.Needs {
		if e := st.needs.get(ref); e != nil && e.public {
			out.Needs = append(out.Needs, ref)
		}
	}
	out.Parties = make([]content.Party, 0, len(a.Parties))
	for _, p := range a.Parties {
		if p.Company != "" {
			if e := st.companies.get(p.Company); e == nil || !e.public {
				continue
			}
		}
		out.Parties = append(out.Parties, p)
	}
	return out
}
