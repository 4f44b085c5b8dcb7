package catalog

import (
	"slices"
	"strings"

	"hubdir/content"
	"hubdir/i18n"
)

// Suggestion is one entry of a search-as-you-type list: a need's reference
// code and its title in the language asked for (Lang says which language
// the title is in, after fallbacks).
type Suggestion struct {
	Ref   string `json:"ref"`
	Title string `json:"title"`
	Lang  string `json:"lang"`
}

// MaxSuggestions bounds Suggest's limit.
const MaxSuggestions = 20

// Suggest returns the titles of the needs the viewer may see that best
// match text (ranked as Needs does with SortRelevance; the last word
// matches as a prefix), in locale, falling back to English and then any
// language. limit is at most MaxSuggestions (default 8).
func (c *Catalog) Suggest(text, locale string, v Viewer, limit int) []Suggestion {
	if limit <= 0 {
		limit = 8
	}
	limit = min(limit, MaxSuggestions)
	out := []Suggestion{}
	if strings.TrimSpace(text) == "" {
		return out
	}
	r := c.Needs(NeedQuery{Text: text, Sort: SortRelevance, PerPage: limit, Viewer: v})
	for _, n := range r.Items {
		title, lang := n.Title.Pick(locale, "en")
		out = append(out, Suggestion{Ref: n.Ref, Title: title, Lang: lang})
	}
	return out
}

// Reasons say why a listing may fit another: the sectors they share and
// terms of one that occur in the other (as written in the first, folded).
type Reasons struct {
	Sectors []string `json:"sectors"`
	Terms   []string `json:"terms"`
	// Standards are the standard codes of an offer or laboratory that the
	// need names (supply-side matches only).
	Standards []string `json:"standards,omitempty"`
}

// CompanyMatch is a company that may fit a need.
type CompanyMatch struct {
	Company *content.Company
	Score   float64
	Reasons Reasons
}

// NeedMatch is an open need that may fit a company.
type NeedMatch struct {
	Need    *content.Need
	Score   float64
	Reasons Reasons
}

// Matching weights: a shared sector counts sectorWeight, the text
// similarity (0 to 1) textWeight.
const (
	sectorWeight = 3.0
	textWeight   = 10.0
	maxReasons   = 6 // terms listed as reasons
	maxMatches   = 50
)

// matchTerm is a term of a listing with the word it was written as.
type matchTerm struct{ term, word string }

// fieldTerms returns the distinct terms of the fields [from, to) of e's
// key, skipping stop words, numbers and single Latin letters.
func fieldTerms[T any](e *entry[T], from, to int) []matchTerm {
	key, cut := searchKey(e)
	start := 0
	if from > 0 {
		start = int(cut[from-1])
	}
	end := len(key)
	if to < numFields {
		end = int(cut[to-1])
	}
	if end <= start {
		return nil
	}
	var out []matchTerm
	var buf []string
	turkish := false
	for _, w := range strings.Fields(key[start:end]) {
		switch {
		case w == i18n.TurkishOn, w == i18n.TurkishOff:
			turkish = w == i18n.TurkishOn
			continue
		case i18n.IsSectorTerm(w):
			continue // shared sectors count on their own
		}
		buf = i18n.AppendWordTerms(buf[:0], w, turkish)
		for _, t := range buf {
			if i18n.IsStopWord(t) || i18n.IsStopWord(w) || len(t) < 2 || isNumber(t) ||
				slices.ContainsFunc(out, func(m matchTerm) bool { return m.term == t }) {
				continue
			}
			word := w
			if i18n.IsHan(t) {
				word = t
			}
			out = append(out, matchTerm{t, word})
		}
	}
	return out
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// termHits adds, for each term, its weight to the scores of the entries of
// l holding it, and records the term's word as a reason. A term's weight is
// its inverse document frequency (half for a Chinese bigram, which says
// less than a word) over the weight of all the terms, so that a score is
// the share of the terms' weight an entry holds, from 0 to 1, however long
// and in however many languages the text is.
func termHits[T any](l *listing[T], terms []matchTerm, hits map[uint32]*hit) {
	docs := l.text.docs + len(l.delta)
	total := 0.0
	for _, mt := range terms {
		total += termWeight(mt.term, 1, docs)
	}
	for _, mt := range terms {
		df := 0
		var seqs []uint32
		if id := l.text.find(mt.term); id >= 0 {
			seqs = l.text.seqs(id, nil)
			df = len(seqs)
		}
		for _, d := range l.delta {
			if _, ok := slices.BinarySearch(d.terms, mt.term); ok {
				seqs = append(slices.Clip(seqs), d.seq)
				df++
			}
		}
		if df == 0 || df > docs/2+1 && docs > 4 {
			continue // absent, or too common to tell listings apart
		}
		w := termWeight(mt.term, df, docs) / total
		for _, s := range seqs {
			h := hits[s]
			if h == nil {
				h = &hit{}
				hits[s] = h
			}
			h.score += w
			if len(h.terms) < maxReasons && !slices.Contains(h.terms, mt.word) {
				h.terms = append(h.terms, mt.word)
			}
		}
	}
}

// termWeight returns the weight of a term held by df of docs entries.
func termWeight(term string, df, docs int) float64 {
	w := float64(idf(df, max(docs, 1)))
	if i18n.IsHan(term) {
		w /= 2
	}
	return w
}

// hit accumulates the text similarity of one candidate.
type hit struct {
	score float64
	terms []string
}

// sharedSectors returns the sectors of a that are also in b.
func sharedSectors(a, b []string) []string {
	var out []string
	for _, s := range a {
		if slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// fits reports whether a candidate is worth showing: a shared sector, or
// at least two shared terms.
func fits(sectors []string, h *hit) bool {
	return len(sectors) > 0 || h != nil && len(h.terms) >= 2
}

// CompaniesForNeed returns up to limit companies the viewer may see that
// may fit the need ref (which the viewer must be able to see; nil
// otherwise), best first: each shared sector counts sectorWeight, and each
// term of the need's title and summary that occurs in a company's name,
// capabilities or description its inverse document frequency. A company
// qualifies with a shared sector or two shared terms.
func (c *Catalog) CompaniesForNeed(ref string, v Viewer, limit int) []CompanyMatch {
	n, ok := c.Need(ref, v)
	if !ok {
		return nil
	}
	st := c.state.Load()
	return bestMatches(&st.companies, fieldTerms(st.needs.get(n.Ref), fieldHead, fieldRest),
		func(e *entry[*content.Company]) bool { return e.public || v.Staff.CanManageAny(e.doc.Hubs) },
		func(e *entry[*content.Company], h *hit) (float64, Reasons, bool) {
			return matchScore(n.Sectors, e.doc.Sectors, h)
		},
		func(co *content.Company, s float64, r Reasons) CompanyMatch {
			return CompanyMatch{Company: co, Score: s, Reasons: r}
		}, limit)
}

// NeedsForCompany returns up to limit open needs (published, deadline not
// passed) that may fit the company slug (which the viewer must be able to
// see; nil otherwise), best first, scored as in CompaniesForNeed with the
// terms of the company's capabilities and description against the needs'
// text.
func (c *Catalog) NeedsForCompany(slug string, v Viewer, limit int) []NeedMatch {
	co, ok := c.Company(slug, v)
	if !ok {
		return nil
	}
	st := c.state.Load()
	today := c.today()
	return bestMatches(&st.needs, fieldTerms(st.companies.get(co.Slug), fieldSecond, numFields),
		func(e *entry[*content.Need]) bool {
			return e.public && e.doc.OpenOn(today) && (slices.Contains(co.Hubs, e.doc.Hub) || len(co.Hubs) == 0)
		},
		func(e *entry[*content.Need], h *hit) (float64, Reasons, bool) {
			return matchScore(co.Sectors, e.doc.Sectors, h)
		},
		needMatch, limit)
}

// needMatch makes a NeedMatch.
func needMatch(n *content.Need, s float64, r Reasons) NeedMatch {
	return NeedMatch{Need: n, Score: s, Reasons: r}
}

// matchScore scores one candidate against the listing it may fit: its
// shared sectors and its text hit h (nil: no shared terms). ok is false
// when the candidate does not qualify (see fits).
func matchScore(sectors, candidate []string, h *hit) (score float64, reasons Reasons, ok bool) {
	secs := sharedSectors(sectors, candidate)
	if !fits(secs, h) {
		return 0, Reasons{}, false
	}
	reasons = Reasons{Sectors: secs, Terms: []string{}}
	if reasons.Sectors == nil {
		reasons.Sectors = []string{}
	}
	score = sectorWeight * float64(len(secs))
	if h != nil {
		score += textWeight * h.score
		reasons.Terms = h.terms
	}
	return score, reasons, true
}

// clampLimit returns limit within 1..maxMatches (default 5).
func clampLimit(limit int) int {
	if limit <= 0 {
		return 5
	}
	return min(limit, maxMatches)
}

// Similarity a title needs with an existing one to count as a duplicate:
// the Jaccard index of their term sets in one language.
const duplicateJaccard = 0.8

// SimilarNeeds returns the needs of the hub, in any status but deleted,
// whose title in some language is near-identical to title's in the same
// language: their folded, stemmed term sets overlap by at least
// duplicateJaccard (so case, letter variants, ZWNJ, digits, punctuation and
// word order do not matter). The need exclude (the new one) is left out.
// The result is ordered by reference code; the needs are shared.
func (c *Catalog) SimilarNeeds(hub string, title content.Text, exclude string) []*content.Need {
	want := map[string][]string{} // locale → distinct terms
	var all []string
	for l, s := range title {
		ts := distinctTerms(s)
		if len(ts) > 0 {
			want[l] = ts
			all = append(all, ts...)
		}
	}
	if len(want) == 0 {
		return nil
	}
	st := c.state.Load()
	l := &st.needs
	count := map[uint32]int{}
	for _, t := range distinct(all) {
		if id := l.text.find(t); id >= 0 {
			l.text.postings(id, func(s uint32, _ uint8) bool {
				count[s]++
				return true
			})
		}
		for _, d := range l.delta {
			if _, ok := slices.BinarySearch(d.terms, t); ok {
				count[d.seq]++
			}
		}
	}
	least := len(all)
	for _, ts := range want {
		least = min(least, len(ts))
	}
	var out []*content.Need
	for _, e := range l.byID {
		if e.doc.Hub != hub || e.id == exclude || count[e.seq]*10 < least*8 {
			continue
		}
		for loc, ts := range want {
			if s, ok := e.doc.Title.In(loc); ok && jaccard(ts, distinctTerms(s)) >= duplicateJaccard {
				out = append(out, e.doc)
				break
			}
		}
	}
	return out
}

// distinctTerms returns the distinct terms of a text.
func distinctTerms(s string) []string {
	return distinct(i18n.AppendTerms(nil, i18n.FoldKey(s)))
}

func distinct(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// jaccard returns |a∩b| / |a∪b| of two sorted, distinct lists.
func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for _, t := range a {
		if _, ok := slices.BinarySearch(b, t); ok {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
