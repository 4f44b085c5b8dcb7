package page

import "hubdir/content"

// Join joins items with the locale's list separator (fa «، », zh 、,
// Latin ", ").
func (v *View) Join(items []string) string { return v.Loc.JoinList(items) }

// ProfileView is a need's requester profile as shown.
type ProfileView struct {
	Type, Size string // localized names; "" when not given
	Named      bool
	Name       LocalText
	TRL        string // "TRL 7 — system prototype demonstrated…"
	IP         string
	Partner    LocalText
	Budget     string
}

// Empty reports whether there is nothing to show.
func (p ProfileView) Empty() bool {
	return p.Type == "" && p.TRL == "" && p.IP == "" && p.Partner.S == "" && p.Budget == ""
}

// Profile returns the requester profile of the need, its texts in the
// locale chosen for the need (one locale per listing) and the requester's
// name falling back like every name.
func (v *View) Profile(n *content.Need) ProfileView {
	var p ProfileView
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
		l := content.ChooseLocale(v.Order(n.Hub), n.Title, n.Summary, n.Body)
		if _, ok := n.PartnerSought.In(l); ok {
			p.Partner = v.TextIn(n.PartnerSought, l, false)
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
func (v *View) BudgetRange(b *content.Budget) string {
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

// Partnerships returns the names of partnership forms.
func (v *View) Partnerships(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = v.Partnership(c)
	}
	return out
}

// LocaleLink is the page in another locale, by the locale's own name.
type LocaleLink struct {
	Lang, Name, URL string
}

// MoreIn returns the locales that have text of the need that the locale
// the page shows it in lacks (a partial translation), as links to the
// page in each: the page never mixes languages, so it points to them.
func (v *View) MoreIn(n *content.Need) []LocaleLink {
	order := v.Order(n.Hub)
	l := content.ChooseLocale(order, n.Title, n.Summary, n.Body)
	var out []LocaleLink
	for _, code := range content.MissingIn(l, order, n.Summary, n.Body) {
		out = append(out, LocaleLink{Lang: code, Name: v.s.cfg.Bundle.Localizer(code).T("locale.name"), URL: v.href(code)})
	}
	return out
}
