package catalog

import (
	"crypto/subtle"
	"strings"
	"sync"

	"hubdir/content"
	"hubdir/i18n"
)

// Facet positions of offers.
const (
	offerHub = iota
	offerKindF
	offerSector
	offerStatus
	offerPartnership
)

var offerKind = &kind[*content.Offer]{
	facets:      []string{FacetHub, FacetKind, FacetSector, FacetStatus, FacetPartnership},
	hubFacet:    offerHub,
	statusFacet: offerStatus,
	expired:     content.NeedExpired,
	seed:        [][]string{offerStatus: content.NeedStatuses()},
	weights:     weights{fieldID: 8, fieldHead: 4, fieldSecond: 2, fieldRest: 1},
	id:          func(o *content.Offer) string { return o.Ref },
	rev:         func(o *content.Offer) int64 { return o.Rev },
	deleted:     func(o *content.Offer) bool { return o.DeletedAt != nil },
	prep: func(o *content.Offer, _ *prepper, e *entry[*content.Offer]) {
		t := o.CreatedAt
		if o.PublishedAt != nil {
			t = *o.PublishedAt
		}
		*e = entry[*content.Offer]{
			doc: o, id: o.Ref, idKey: i18n.Fold(o.Ref),
			hot:  hot{public: o.Public(), exp: o.Status == content.NeedPublished, expiry: dayNumber(o.Deadline)},
			date: o.Deadline, t: t.UnixNano(),
		}
		// Standards go with the body, not the summary: matching takes its
		// terms from title and summary and names standards on its own.
		rest := []content.Text{standardsText(o.Standards), o.Body, vocabText("kind.offer." + o.Kind)}
		for _, s := range o.Sectors {
			rest = append(rest, vocabText("sector."+s))
		}
		e.key, e.cut = keyOf(o.Ref, o.Title, []content.Text{o.Summary}, rest, o.Sectors...)
	},
	values: func(o *content.Offer, f int, buf []string) []string {
		switch f {
		case offerHub:
			return append(buf, o.Hubs...)
		case offerKindF:
			return append(buf, o.Kind)
		case offerSector:
			return append(buf, o.Sectors...)
		case offerStatus:
			return append(buf, o.Status)
		case offerPartnership:
			return append(buf, o.Partnerships...)
		}
		return buf
	},
	orders: []func(a, b *entry[*content.Offer]) int{cmpNewest[*content.Offer]},
}

// labTexts returns the texts of a laboratory's profile that search sees
// (nil for a company without one): its standards in every written form,
// test method and equipment names, makers, sample types, accreditation
// scopes, and the names of "laboratory" and of its sectors in every
// locale.
func labTexts(c *content.Company) []content.Text {
	p := c.Lab
	if p == nil {
		return nil
	}
	out := []content.Text{standardsText(p.Standards()), vocabText("kind.company.laboratory")}
	for _, m := range p.Methods {
		out = append(out, m.Name)
	}
	var makers []string
	for _, e := range p.Equipment {
		out = append(out, e.Name)
		if e.Maker != "" {
			makers = append(makers, e.Maker)
		}
	}
	if len(makers) > 0 {
		out = append(out, content.Text{"en": strings.Join(makers, " ")})
	}
	for _, a := range p.Accreditations {
		out = append(out, a.Scope, content.Text{"en": a.Body})
	}
	out = append(out, p.SampleTypes)
	for _, s := range c.Sectors {
		out = append(out, vocabText("sector."+s))
	}
	return out
}

// standardsText returns the search text of standard codes: each code as
// written and in the forms people type it, so that "ISO/IEC 17025",
// "ISO 17025", "ISO17025" and "isoiec17025", or "ASTM D638", "ASTM D 638"
// and "ASTMD638", all find it (StandardForms).
func standardsText(codes []string) content.Text {
	if len(codes) == 0 {
		return nil
	}
	var b strings.Builder
	for _, c := range codes {
		for _, f := range StandardForms(c) {
			b.WriteString(f)
			b.WriteByte(' ')
		}
	}
	return content.Text{"en": strings.TrimSpace(b.String())}
}

// maxStandardParts bounds the parts of a code StandardForms combines.
const maxStandardParts = 6

// standardParts returns the parts of a standard code: its folded runs of
// letters and of digits ("GB/T 2423.1-2008": gb, t, 2423, 1, 2008).
func standardParts(code string) []string {
	var parts []string
	for _, w := range strings.Fields(i18n.Fold(code)) {
		start := 0
		for i := 1; i <= len(w); i++ {
			if i == len(w) || isDigit(w[i]) != isDigit(w[i-1]) {
				parts = append(parts, w[start:i])
				start = i
			}
		}
	}
	if len(parts) > maxStandardParts {
		parts = parts[:maxStandardParts]
	}
	return parts
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// StandardForms returns the written forms of a standard code that search
// indexes: the code folded, its letter and digit parts apart, every run
// of two or more consecutive parts joined ("isoiec17025", "d638"), and the
// first part joined to every later run ("iso17025", "gb2423"), so that a
// query with or without spaces, hyphens, slashes or the joint body finds
// it.
func StandardForms(code string) []string {
	parts := standardParts(code)
	if len(parts) == 0 {
		return nil
	}
	out := []string{i18n.Fold(code), strings.Join(parts, " ")}
	for i := range parts {
		for j := i + 2; j <= len(parts); j++ {
			out = append(out, strings.Join(parts[i:j], ""))
		}
	}
	for i := 2; i < len(parts); i++ {
		for j := i + 1; j <= len(parts); j++ {
			out = append(out, parts[0]+strings.Join(parts[i:j], ""))
		}
	}
	return out
}

// vocab holds the name of every vocabulary value (sector, kind) in every
// locale, read once from the embedded catalogs; it never changes.
var vocab = sync.OnceValue(func() map[string]content.Text {
	m := map[string]content.Text{}
	b, err := i18n.NewBundle()
	if err != nil {
		return m
	}
	var keys []string
	for _, s := range content.Sectors() {
		keys = append(keys, "sector."+s)
	}
	for _, k := range content.OfferKinds() {
		keys = append(keys, "kind.offer."+k)
	}
	keys = append(keys, "kind.company.laboratory")
	for _, code := range i18n.Codes() {
		l := b.Localizer(code)
		for _, k := range keys {
			if s := l.T(k); s != k {
				if m[k] == nil {
					m[k] = content.Text{}
				}
				m[k][code] = s
			}
		}
	}
	return m
})

// vocabText returns the names of a vocabulary key in every locale.
func vocabText(key string) content.Text { return vocab()[key] }

// OfferQuery selects, orders and pages offers; filters combine as in
// NeedQuery. Offers are ordered newest first, or by relevance with search
// terms.
type OfferQuery struct {
	Text         string
	Hubs         []string
	Kinds        []string
	Sectors      []string
	Partnerships []string
	// Statuses as read today: published ("open"), expired, closed, and
	// for staff draft and archived.
	Statuses []string
	// Company limits the result to the offers of one company.
	Company string
	Page    int
	PerPage int
	Viewer  Viewer
}

// OfferResult is one page of offers, with facets hub, kind, sector,
// status and partnership. The offers are shared.
type OfferResult struct {
	Items   []*content.Offer
	Total   int
	Page    int
	PerPage int
	Facets  Facets
	TextInfo
}

// Offers returns the page of offers the query asks for. The text query
// matches the folded reference, title, summary, body, standards (in every
// written form) and the names of the offer's kind and sectors in every
// locale, so a Chinese query finds a Persian offer by its kind.
func (c *Catalog) Offers(q OfferQuery) OfferResult {
	st := c.state.Load()
	l := &st.offers
	tq := compileQuery(q.Text, &c.rules)
	sel := make([][]string, len(offerKind.facets))
	sel[offerHub] = clean(q.Hubs, true)
	sel[offerKindF] = clean(q.Kinds, false)
	sel[offerSector] = clean(q.Sectors, false)
	sel[offerStatus] = clean(q.Statuses, false)
	for i, s := range sel[offerStatus] {
		if s == "open" {
			sel[offerStatus][i] = content.NeedPublished
		}
	}
	sel[offerPartnership] = clean(q.Partnerships, false)
	var keep func(*content.Offer) bool
	if q.Company != "" {
		keep = func(o *content.Offer) bool { return o.Company == q.Company }
	}
	p := listQuery(c, offerKind, l, &l.orders[0], listArgs{text: q.Text, tq: tq, sel: sel, viewer: q.Viewer, today: c.today(),
		page: q.Page, perPage: q.PerPage}, keep)
	return OfferResult(p)
}

// Offer returns the offer with the given reference (also in lower case)
// if the viewer may see it: the public sees public offers, staff also
// every offer of a hub they manage. The offer is shared.
func (c *Catalog) Offer(ref string, v Viewer) (*content.Offer, bool) {
	l := &c.state.Load().offers
	e := l.get(ref)
	if e == nil {
		e = l.get(strings.ToUpper(ref))
	}
	if e == nil || !(e.public || v.Staff.CanManageAny(e.doc.Hubs)) {
		return nil, false
	}
	return e.doc, true
}

// PutOffer applies one offer, as Apply does; call it after each
// successful write of an offer.
func (c *Catalog) PutOffer(o *content.Offer) {
	c.Apply(&content.Snapshot{Offers: []*content.Offer{o}})
}

// SubmittedOffer returns the offer ref, whatever its status, when it was
// proposed through the public form with the secret key, so that its
// submitter can follow the review. The offer is shared.
func (c *Catalog) SubmittedOffer(ref, key string) (*content.Offer, bool) {
	e := c.state.Load().offers.get(strings.ToUpper(ref))
	if e == nil || !keyMatches(e.doc.Submission, key) {
		return nil, false
	}
	return e.doc, true
}

// SubmittedLab returns the company slug, published or not, when it was
// proposed through the public form with the secret key.
func (c *Catalog) SubmittedLab(slug, key string) (*content.Company, bool) {
	e := c.state.Load().companies.get(slug)
	if e == nil || !keyMatches(e.doc.Submission, key) {
		return nil, false
	}
	return e.doc, true
}

// keyMatches reports whether key is the secret of submission s.
func keyMatches(s *content.Submission, key string) bool {
	if s == nil || s.KeyHash == "" || key == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(s.KeyHash), []byte(content.SubmissionKeyHash(key))) == 1
}
