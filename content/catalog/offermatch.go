package catalog

import (
	"cmp"
	"slices"
	"strings"

	"hubdir/content"
)

// Matching of the supply side with needs, both ways. A candidate
// qualifies with a shared sector, a standard of the offer or laboratory
// that the need's text names, or two shared terms (stop words never
// count); standardWeight rewards a named standard.
const standardWeight = 4.0

// OfferMatch is an offer that may serve a need, or (NeedsForOffer) the
// reasons a need may be answered by an offer.
type OfferMatch struct {
	Offer   *content.Offer
	Score   float64
	Reasons Reasons
}

// LabMatch is a laboratory that may serve a need.
type LabMatch struct {
	Lab     *content.Company
	Score   float64
	Reasons Reasons
}

// supplyTerms leaves out of matching terms the parts of standard codes
// (bodies such as "iso", and codes with digits): standards are matched on
// their own (namedStandards) and a body's name alone says nothing about a
// fit. Stop words are already left out by fieldTerms (i18n.IsStopWord).
func supplyTerms(terms []matchTerm) []matchTerm {
	out := terms[:0:0]
	for _, t := range terms {
		if standardBodies[t.term] || standardBodies[t.word] || turkishSuffixes[t.word] || strings.ContainsAny(t.term, "0123456789") {
			continue
		}
		out = append(out, t)
	}
	return out
}

// turkishSuffixes are case endings Turkish writes after an apostrophe
// ("ISO 11452'ye", "Tebriz'den"); folding cuts them off as words of their
// own, which are no reason for a match.
var turkishSuffixes = map[string]bool{
	"ye": true, "ya": true, "yi": true, "yı": true, "yu": true, "yü": true, "nin": true, "nın": true,
	"nun": true, "nün": true, "den": true, "dan": true, "ten": true, "tan": true, "de": true, "da": true,
	"te": true, "ta": true, "in": true, "ın": true, "un": true, "ün": true, "deki": true, "daki": true,
}

// standardBodies are the issuing bodies of standard codes, as folded.
var standardBodies = map[string]bool{
	"iso": true, "iec": true, "astm": true, "en": true, "gb": true, "ts": true, "isiri": true,
	"cispr": true, "din": true, "jis": true, "ieee": true, "sae": true, "ul": true,
}

// textParts returns the letter and digit runs of a folded key, in order
// ("iso 17025 آزمون" → iso, 17025, آزمون).
func textParts(key string) []string {
	var out []string
	for _, w := range strings.Fields(key) {
		start := 0
		for i := 1; i <= len(w); i++ {
			if i == len(w) || isDigit(w[i]) != isDigit(w[i-1]) {
				out = append(out, w[start:i])
				start = i
			}
		}
	}
	return out
}

// standardCore splits a standard code's parts into the issuing bodies
// ("iso", "iec", "astm", "gb") and the core that identifies the standard
// (from the first part with a digit, with a one-letter series letter just
// before it: "d 638", "t 2423 1"), leaving out a final year.
func standardCore(code string) (bodies, core []string) {
	parts := standardParts(code)
	first := slices.IndexFunc(parts, func(p string) bool { return isDigit(p[0]) })
	if first < 0 {
		return nil, nil
	}
	if first > 0 && len(parts[first-1]) == 1 {
		first--
	}
	core = parts[first:]
	if n := len(core); n > 1 && len(core[n-1]) == 4 && (strings.HasPrefix(core[n-1], "19") || strings.HasPrefix(core[n-1], "20")) {
		core = core[:n-1]
	}
	return parts[:first], core
}

// namesStandard reports whether text (the parts of a folded key) names
// the standard code: its core in sequence, with one of its issuing bodies
// among the four parts before it (when it has any).
func namesStandard(text []string, code string) bool {
	bodies, core := standardCore(code)
	if len(core) == 0 {
		return false
	}
	for i := 0; i+len(core) <= len(text); i++ {
		if !slices.Equal(text[i:i+len(core)], core) {
			continue
		}
		if len(bodies) == 0 {
			return true
		}
		for j := max(0, i-4); j < i; j++ {
			if slices.Contains(bodies, text[j]) {
				return true
			}
		}
	}
	return false
}

// namedStandards returns the codes that text names.
func namedStandards(text []string, codes []string) []string {
	out := []string{}
	for _, c := range codes {
		if namesStandard(text, c) {
			out = append(out, c)
		}
	}
	return out
}

// supplyScore scores a candidate: shared sectors, named standards and
// text hit h. ok is false when it does not qualify.
func supplyScore(sectors, candidate, standards []string, h *hit) (float64, Reasons, bool) {
	score, reasons, ok := matchScore(sectors, candidate, h)
	if !ok && len(standards) == 0 {
		return 0, Reasons{}, false
	}
	if !ok {
		secs := sharedSectors(sectors, candidate)
		reasons = Reasons{Sectors: secs, Terms: []string{}}
		if reasons.Sectors == nil {
			reasons.Sectors = []string{}
		}
		if h != nil {
			reasons.Terms = h.terms
			score = textWeight * h.score
		}
	}
	reasons.Standards = standards
	return score + standardWeight*float64(len(standards)), reasons, true
}

// OffersForNeed returns up to limit open offers of the need's hub that may
// serve the need ref (which the viewer must be able to see; nil
// otherwise), best first, with their reasons.
func (c *Catalog) OffersForNeed(ref string, v Viewer, limit int) []OfferMatch {
	st := c.state.Load()
	q, ok := c.supplyQueryOf(st, ref, v)
	if !ok {
		return nil
	}
	return c.offersFor(st, q, v, limit)
}

// LabsForNeed returns up to limit published laboratories (companies with
// a laboratory profile) that may serve the need ref, best first: shared
// sectors, standards of the laboratory the need names, shared terms.
func (c *Catalog) LabsForNeed(ref string, v Viewer, limit int) []LabMatch {
	st := c.state.Load()
	q, ok := c.supplyQueryOf(st, ref, v)
	if !ok {
		return nil
	}
	return labsFor(st, q, v, limit)
}

// supplyQuery is what matching one need to offers and laboratories reads
// of it: its search key is computed again for each need (keyless.go), so
// it is computed once for both lists.
type supplyQuery struct {
	need  *content.Need
	text  []string    // the parts of its key, for the standards it names
	terms []matchTerm // its terms that offers and laboratories may share
}

// supplyQueryOf returns the supply query of the need ref when v may see it.
func (c *Catalog) supplyQueryOf(st *state, ref string, v Viewer) (supplyQuery, bool) {
	n, ok := c.Need(ref, v)
	if !ok {
		return supplyQuery{}, false
	}
	ne := st.needs.get(n.Ref)
	if ne == nil {
		return supplyQuery{}, false
	}
	key, _ := searchKey(ne)
	return supplyQuery{need: n, text: textParts(key), terms: supplyTerms(fieldTerms(ne, fieldHead, fieldRest))}, true
}

// offersFor returns up to limit open offers of the need's hub that may
// serve it, best first.
func (c *Catalog) offersFor(st *state, q supplyQuery, v Viewer, limit int) []OfferMatch {
	today := c.today()
	return bestMatches(&st.offers, q.terms,
		func(e *entry[*content.Offer]) bool {
			o := e.doc
			return (e.public || v.Staff.CanManageAny(o.Hubs)) && o.OpenOn(today) && slices.Contains(o.Hubs, q.need.Hub)
		},
		func(e *entry[*content.Offer], h *hit) (float64, Reasons, bool) {
			return supplyScore(q.need.Sectors, e.doc.Sectors, namedStandards(q.text, e.doc.Standards), h)
		},
		func(o *content.Offer, s float64, r Reasons) OfferMatch {
			return OfferMatch{Offer: o, Score: s, Reasons: r}
		}, limit)
}

// labsFor returns up to limit laboratories that may serve the need, best
// first.
func labsFor(st *state, q supplyQuery, v Viewer, limit int) []LabMatch {
	return bestMatches(&st.companies, q.terms,
		func(e *entry[*content.Company]) bool {
			return e.doc.Lab != nil && (e.public || v.Staff.CanManageAny(e.doc.Hubs))
		},
		func(e *entry[*content.Company], h *hit) (float64, Reasons, bool) {
			return supplyScore(q.need.Sectors, e.doc.Sectors, namedStandards(q.text, e.doc.Lab.Standards()), h)
		},
		func(co *content.Company, s float64, r Reasons) LabMatch {
			return LabMatch{Lab: co, Score: s, Reasons: r}
		}, limit)
}

// NeedsForOffer returns up to limit open needs of the offer's hubs that
// the offer ref (which the viewer must be able to see) may answer, best
// first: shared sectors, standards of the offer the need names, and terms
// of the offer's title and summary in the need's text.
func (c *Catalog) NeedsForOffer(ref string, v Viewer, limit int) []NeedMatch {
	o, ok := c.Offer(ref, v)
	if !ok {
		return nil
	}
	st := c.state.Load()
	today := c.today()
	return bestMatches(&st.needs, supplyTerms(fieldTerms(st.offers.get(o.Ref), fieldHead, fieldRest)),
		func(e *entry[*content.Need]) bool {
			return e.public && e.doc.OpenOn(today) && slices.Contains(o.Hubs, e.doc.Hub)
		},
		func(e *entry[*content.Need], h *hit) (float64, Reasons, bool) {
			var named []string
			if len(o.Standards) > 0 && e.mayName(o.Standards) {
				key, _ := searchKey(e)
				named = namedStandards(textParts(key), o.Standards)
			}
			return supplyScore(o.Sectors, e.doc.Sectors, named, h)
		},
		needMatch, limit)
}

// PossibleMatches returns, for the staff's "possible matches" list of a
// hub, every open need of the hub with the offers and laboratories that
// may serve it (needs without any left out), best-matched needs first.
func (c *Catalog) PossibleMatches(hub string, v Viewer, perNeed int) []NeedSupply {
	st := c.state.Load()
	today := c.today()
	var out []NeedSupply
	for _, e := range st.needs.byID {
		n := e.doc
		if n.Hub != hub || !n.OpenOn(today) || !(e.public || v.Staff.CanManage(hub)) {
			continue
		}
		q, ok := c.supplyQueryOf(st, n.Ref, v)
		if !ok {
			continue
		}
		ns := NeedSupply{Need: n, Offers: c.offersFor(st, q, v, perNeed), Labs: labsFor(st, q, v, perNeed)}
		if len(ns.Offers)+len(ns.Labs) == 0 {
			continue
		}
		for _, m := range ns.Offers {
			ns.Best = max(ns.Best, m.Score)
		}
		for _, m := range ns.Labs {
			ns.Best = max(ns.Best, m.Score)
		}
		out = append(out, ns)
	}
	slices.SortFunc(out, func(a, b NeedSupply) int {
		if c := cmp.Compare(b.Best, a.Best); c != 0 {
			return c
		}
		return strings.Compare(a.Need.Ref, b.Need.Ref)
	})
	return out
}

// NeedSupply is one open need with the offers and laboratories that may
// serve it.
type NeedSupply struct {
	Need   *content.Need
	Offers []OfferMatch
	Labs   []LabMatch
	Best   float64
}
