package web

import (
	"hubdir/content"
	"hubdir/content/catalog"
)

// Join joins items with the locale's list separator (fa «، », zh 、,
// Latin ", ").
func (v *view) Join(items []string) string { return v.Loc.JoinList(items) }

// profileView is a need's requester profile as shown.
type profileView struct {
	Type, Size string // localized names; "" when not given
	Named      bool
	Name       localText
	TRL        string // "TRL 7 — system prototype demonstrated…"
	IP         string
	Partner    localText
	Budget     string
}

// Empty reports whether there is nothing to show.
func (p profileView) Empty() bool {
	return p.Type == "" && p.TRL == "" && p.IP == "" && p.Partner.S == "" && p.Budget == ""
}

// Profile returns the requester profile of the need, its texts in the
// locale chosen for the need (one locale per listing) and the requester's
// name falling back like every name.
func (v *view) Profile(n *content.Need) profileView {
	var p profileView
	if r := n.Requester; r != nil {
		if r.Type != "" {
			p.Type = v.T("site.requester.type." + r.Type)
		}
		if r.Size != "" {
			p.Size = v.T("site.requester.size." + r.Size)
		}
		p.Named = r.Named && len(r.Name) > 0
		if p.Named {
			p.Name = v.Pick(r.Name, n.Hub)
		}
	}
	if n.TRL > 0 {
		p.TRL = v.T("site.trl.level", "Level", v.Num(n.TRL), "Meaning", v.T("site.trl."+itoa(n.TRL)))
	}
	if n.IPStatus != "" {
		p.IP = v.T("site.ip_status." + n.IPStatus)
	}
	if len(n.PartnerSought) > 0 {
		// In the need's own locale when it has one, so that the page does not mix.
		l := content.ChooseLocale(v.order(n.Hub), n.Title, n.Summary, n.Body)
		if _, ok := n.PartnerSought.In(l); ok {
			p.Partner = v.textIn(n.PartnerSought, l, false)
		} else {
			p.Partner = v.Pick(n.PartnerSought, n.Hub)
		}
	}
	if b := n.Budget; b != nil {
		p.Budget = v.BudgetRange(b)
	}
	return p
}

// BudgetRange formats a budget in the locale's digits and grouping: "from
// 50,000 EUR", "up to 1.000.000 TRY", "۵۰٬۰۰۰–۲۰۰٬۰۰۰ EUR".
func (v *view) BudgetRange(b *content.Budget) string {
	cur := v.T("site.currency." + b.Currency)
	switch {
	case b.Min > 0 && b.Max > 0 && b.Min != b.Max:
		return v.T("site.budget.range", "Min", v.Loc.Number(b.Min), "Max", v.Loc.Number(b.Max), "Currency", cur)
	case b.Max > 0:
		return v.T("site.budget.upto", "Max", v.Loc.Number(b.Max), "Currency", cur)
	default:
		return v.T("site.budget.from", "Min", v.Loc.Number(b.Min), "Currency", cur)
	}
}

// itoa formats a small non-negative number in ASCII digits.
func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

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

// Partnerships returns the names of partnership forms.
func (v *view) Partnerships(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = v.Partnership(c)
	}
	return out
}
