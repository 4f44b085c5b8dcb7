package catalog

import (
	"maps"
	"slices"
	"strings"

	"hubdir/content"
)

// Hubs returns every hub, ordered by code. The slice is the caller's; the
// hubs are shared and must not be modified.
func (c *Catalog) Hubs() []*content.Hub { return slices.Clone(c.state.Load().hubs) }

// Hub returns the hub with the given code. The hub is shared and must not
// be modified.
func (c *Catalog) Hub(code string) (*content.Hub, bool) {
	hubs := c.state.Load().hubs
	i, ok := slices.BinarySearchFunc(hubs, code, func(h *content.Hub, code string) int {
		return strings.Compare(h.Code, code)
	})
	if !ok {
		return nil, false
	}
	return hubs[i], true
}

// Need returns the need with the given reference code (also accepted in
// lower case) if the viewer may see it: the public sees public needs
// (n.Public()), staff also every need of a hub they manage. The need is
// shared and must not be modified.
func (c *Catalog) Need(ref string, v Viewer) (*content.Need, bool) {
	l := &c.state.Load().needs
	e := l.get(ref)
	if e == nil {
		e = l.get(strings.ToUpper(ref))
	}
	if e == nil || !(e.public || v.Staff.CanManage(e.doc.Hub)) {
		return nil, false
	}
	return e.doc, true
}

// Company returns the company with the given slug if the viewer may see
// it: the public sees published companies, staff also the companies of
// the hubs they manage. The company is shared and must not be modified.
func (c *Catalog) Company(slug string, v Viewer) (*content.Company, bool) {
	e := c.state.Load().companies.get(slug)
	if e == nil || !(e.public || v.Staff.CanManageAny(e.doc.Hubs)) {
		return nil, false
	}
	return e.doc, true
}

// Agreement returns the agreement with the given slug if the viewer may
// see it, as Company does. The agreement is shared and must not be
// modified.
func (c *Catalog) Agreement(slug string, v Viewer) (*content.Agreement, bool) {
	e := c.state.Load().agreements.get(slug)
	if e == nil || !(e.public || v.Staff.CanManage(e.doc.Hub)) {
		return nil, false
	}
	return e.doc, true
}

// NeedsOfAgreement returns the needs an agreement is linked to, in the
// agreement's order, that the viewer may see; nil when the viewer may not
// see the agreement. The needs are shared and must not be modified.
func (c *Catalog) NeedsOfAgreement(slug string, v Viewer) []*content.Need {
	st := c.state.Load()
	a := st.agreements.get(slug)
	if a == nil || !(a.public || v.Staff.CanManage(a.doc.Hub)) {
		return nil
	}
	var out []*content.Need
	for _, ref := range a.doc.Needs {
		if e := st.needs.get(ref); e != nil && (e.public || v.Staff.CanManage(e.doc.Hub)) {
			out = append(out, e.doc)
		}
	}
	return out
}

// AgreementsOfNeed returns the agreements linked to a need that the viewer
// may see, newest signed first; nil when the viewer may not see the need.
// The agreements are shared and must not be modified.
func (c *Catalog) AgreementsOfNeed(ref string, v Viewer) []*content.Agreement {
	n, ok := c.Need(ref, v)
	if !ok {
		return nil
	}
	var out []*content.Agreement
	for _, chunk := range c.state.Load().agreements.orders[0].chunks {
		for _, sl := range chunk {
			e := sl.e
			if slices.Contains(e.doc.Needs, n.Ref) && (e.public || v.Staff.CanManage(e.doc.Hub)) {
				out = append(out, e.doc)
			}
		}
	}
	return out
}

// HubFigures are the public figures of one hub for the home page.
type HubFigures struct {
	OpenNeeds  int // public needs open today
	Needs      int // public needs: open, expired or closed
	Companies  int // published companies taking part in the hub
	Agreements int // published agreements
}

// figures caches Figures for one day of one state.
type figures struct {
	today content.Date
	m     map[string]HubFigures
}

// Figures returns the public figures per hub code, for every hub and every
// hub code a listing names. The map is the caller's.
func (c *Catalog) Figures() map[string]HubFigures {
	st := c.state.Load()
	today := c.today()
	if f := st.figures.Load(); f != nil && f.today == today {
		return maps.Clone(f.m)
	}
	m := make(map[string]HubFigures, len(st.hubs))
	for _, h := range st.hubs {
		m[h.Code] = HubFigures{}
	}
	for _, e := range st.needs.byID {
		if !e.public {
			continue
		}
		f := m[e.doc.Hub]
		f.Needs++
		if e.doc.OpenOn(today) {
			f.OpenNeeds++
		}
		m[e.doc.Hub] = f
	}
	for _, e := range st.companies.byID {
		if !e.public {
			continue
		}
		for _, h := range e.doc.Hubs {
			f := m[h]
			f.Companies++
			m[h] = f
		}
	}
	for _, e := range st.agreements.byID {
		if e.public {
			f := m[e.doc.Hub]
			f.Agreements++
			m[e.doc.Hub] = f
		}
	}
	st.figures.Store(&figures{today: today, m: m})
	return maps.Clone(m)
}

// AgreementsNaming returns every agreement held, whatever its status,
// that names the company slug as a party: the workspace refuses to delete
// or unpublish a company an agreement references.
func (c *Catalog) AgreementsNaming(slug string) []*content.Agreement {
	var out []*content.Agreement
	for _, chunk := range c.state.Load().agreements.orders[0].chunks {
		for _, sl := range chunk {
			for _, p := range sl.e.doc.Parties {
				if p.Company == slug {
					out = append(out, sl.e.doc)
					break
				}
			}
		}
	}
	return out
}
