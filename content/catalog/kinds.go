package catalog

import (
	"bytes"
	"cmp"
	"strings"

	"hubdir/content"
	"hubdir/i18n"
)

// Facet names, as used in Facets.
const (
	FacetHub         = "hub"
	FacetSector      = "sector"
	FacetKind        = "kind"
	FacetCountry     = "country"
	FacetStatus      = "status"
	FacetPartnership = "partnership"
	FacetRequester   = "requester" // a need's requester type
)

// Sort orders of NeedQuery.Sort.
const (
	SortNewest    = "newest"
	SortDeadline  = "deadline"
	SortRelevance = "relevance"
)

// Orders of the need index.
const (
	needNewest = iota
	needDeadline
)

// Facet positions of needs.
const (
	needHub = iota
	needSector
	needKindF
	needCountry
	needStatus
	needPartnership
	needRequester
)

var needKind = &kind[*content.Need]{
	facets:      []string{FacetHub, FacetSector, FacetKind, FacetCountry, FacetStatus, FacetPartnership, FacetRequester},
	hubFacet:    needHub,
	statusFacet: needStatus,
	expired:     content.NeedExpired,
	seed:        [][]string{needStatus: content.NeedStatuses()},
	weights:     weights{fieldID: 8, fieldHead: 4, fieldSecond: 2, fieldRest: 1},
	id:          func(n *content.Need) string { return n.Ref },
	rev:         func(n *content.Need) int64 { return n.Rev },
	deleted:     func(n *content.Need) bool { return n.DeletedAt != nil },
	prep: func(n *content.Need, _ *prepper, e *entry[*content.Need]) {
		t := n.CreatedAt
		if n.PublishedAt != nil {
			t = *n.PublishedAt
		}
		*e = entry[*content.Need]{
			doc: n, id: n.Ref, idKey: i18n.Fold(n.Ref),
			hot:  hot{public: n.Public(), exp: n.Status == content.NeedPublished, expiry: dayNumber(n.Deadline)},
			date: n.Deadline, t: t.UnixNano(),
		}
		// No key: see searchKey.
	},
	values: func(n *content.Need, f int, buf []string) []string {
		switch f {
		case needHub:
			return append(buf, n.Hub)
		case needSector:
			return append(buf, n.Sectors...)
		case needKindF:
			return append(buf, n.Kind)
		case needCountry:
			return append(buf, n.Country)
		case needStatus:
			return append(buf, n.Status)
		case needPartnership:
			return append(buf, n.Partnerships...)
		case needRequester:
			if n.Requester != nil && n.Requester.Type != "" {
				return append(buf, n.Requester.Type)
			}
			return buf
		}
		return buf
	},
	orders: []func(a, b *entry[*content.Need]) int{
		needNewest:   cmpNewest[*content.Need],
		needDeadline: cmpDeadline[*content.Need],
	},
}

// cmpNewest orders by time, newest first, then by id.
func cmpNewest[T any](a, b *entry[T]) int {
	if c := cmp.Compare(b.t, a.t); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

// cmpDeadline orders by date, soonest first and no date last, then by id.
func cmpDeadline[T any](a, b *entry[T]) int {
	if c := cmpDate(a.date, b.date); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

// cmpDate compares dates, the zero Date after every other.
func cmpDate(a, b content.Date) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return strings.Compare(string(a), string(b))
}

// Facet positions of companies.
const (
	companyHub = iota
	companyKindF
	companyCountry
	companySector
)

var companyKind = &kind[*content.Company]{
	facets:      []string{FacetHub, FacetKind, FacetCountry, FacetSector},
	hubFacet:    companyHub,
	statusFacet: -1,
	weights:     weights{fieldID: 4, fieldHead: 4, fieldSecond: 2, fieldRest: 1},
	id:          func(c *content.Company) string { return c.Slug },
	rev:         func(c *content.Company) int64 { return c.Rev },
	deleted:     func(c *content.Company) bool { return c.DeletedAt != nil },
	prep: func(c *content.Company, p *prepper, e *entry[*content.Company]) {
		*e = entry[*content.Company]{
			doc: c, id: c.Slug, idKey: i18n.Fold(c.Slug),
			hot: hot{public: c.Public()}, t: c.CreatedAt.UnixNano(),
			coll: make([][]byte, len(locales)),
		}
		e.key, e.cut = keyOf(c.Slug, c.Name, []content.Text{c.Capabilities, c.Description}, labTexts(c), c.Sectors...)
		for i, l := range locales {
			name, _ := c.Name.Pick(l.Code, "en")
			e.coll[i] = p.collKey(i, name)
		}
	},
	values: func(c *content.Company, f int, buf []string) []string {
		switch f {
		case companyHub:
			return append(buf, c.Hubs...)
		case companyKindF:
			return append(buf, c.Kind)
		case companyCountry:
			return append(buf, c.Country)
		case companySector:
			return append(buf, c.Sectors...)
		}
		return buf
	},
	orders: companyOrders(),
}

// companyOrders returns one name order per supported locale.
func companyOrders() []func(a, b *entry[*content.Company]) int {
	out := make([]func(a, b *entry[*content.Company]) int, len(locales))
	for i := range locales {
		out[i] = func(a, b *entry[*content.Company]) int {
			if c := bytes.Compare(a.coll[i], b.coll[i]); c != 0 {
				return c
			}
			return strings.Compare(a.id, b.id)
		}
	}
	return out
}

// Facet positions of agreements.
const (
	agreementHub = iota
	agreementStatus
)

var agreementKind = &kind[*content.Agreement]{
	facets:      []string{FacetHub, FacetStatus},
	hubFacet:    agreementHub,
	statusFacet: agreementStatus,
	expired:     content.AgreementExpired,
	seed:        [][]string{agreementStatus: content.AgreementStatuses()},
	weights:     weights{fieldID: 4, fieldHead: 4, fieldSecond: 2, fieldRest: 1},
	id:          func(a *content.Agreement) string { return a.Slug },
	rev:         func(a *content.Agreement) int64 { return a.Rev },
	deleted:     func(a *content.Agreement) bool { return a.DeletedAt != nil },
	prep: func(a *content.Agreement, _ *prepper, e *entry[*content.Agreement]) {
		var parties []content.Text
		for _, p := range a.Parties {
			parties = append(parties, p.Name)
		}
		*e = entry[*content.Agreement]{
			doc: a, id: a.Slug, idKey: i18n.Fold(a.Slug),
			hot: hot{
				public: a.Public(),
				exp:    a.Status == content.AgreementActive || a.Status == content.AgreementSigned,
				expiry: dayNumber(a.ExpiresOn),
			},
			date: a.SignedOn, t: a.CreatedAt.UnixNano(),
		}
		e.key, e.cut = keyOf(a.Slug, a.Title, []content.Text{a.Scope}, parties)
	},
	values: func(a *content.Agreement, f int, buf []string) []string {
		switch f {
		case agreementHub:
			return append(buf, a.Hub)
		case agreementStatus:
			return append(buf, a.Status)
		}
		return buf
	},
	orders: []func(a, b *entry[*content.Agreement]) int{cmpSigned},
}

// cmpSigned orders agreements newest signed first (no date last), then
// newest created, then by slug.
func cmpSigned(a, b *entry[*content.Agreement]) int {
	if c := cmpDate(b.date, a.date); c != 0 {
		if a.date == "" || b.date == "" {
			return -c
		}
		return c
	}
	if c := cmp.Compare(b.t, a.t); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}
