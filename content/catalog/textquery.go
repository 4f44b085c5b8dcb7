package catalog

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"hubdir/i18n"
)

// rules are the search rules a catalog applies. The zero value is every
// rule on; tests turn single rules off to measure what each contributes
// (the ablation of docs/search.md).
type rules struct {
	analysis  i18n.Analysis // term analysis (Turkish stemming, Persian plurals)
	noTypo    bool          // no one-edit matching at all
	narrow    bool          // typos for Latin words of 5 letters or more only (the old rule)
	noPrefix  bool          // the last word does not match as a prefix
	noPartial bool          // no partial matches when nothing matches every term
	noExpand  bool          // no glossary or sector-name expansion
	noHead    bool          // no boost for titles holding the whole query
}

// Expansion says that a term of a query was also searched as its
// equivalents in the glossary (i18n.TheGlossary): the sector taxonomy's
// names and technical terms, in fa, zh, en and tr.
type Expansion struct {
	Term string   `json:"term"` // as the glossary writes the term the query names
	With []string `json:"with"` // the other forms searched, every language
}

// TextInfo tells the reader how a text query was understood. Partial is
// true when no listing matched every term of the query and the items are
// those matching most of them (the more terms, the higher). Expanded lists
// the terms also searched in their other languages (glossary and sector
// names). DidYouMean is a respelling of the query from the catalog's own
// words, offered when the query found few or no listings; "" when none.
type TextInfo struct {
	Partial    bool
	Expanded   []Expansion
	DidYouMean string
}

// idSeq returns the number of the entry whose reference code or slug,
// folded, equals the folded query text, or -1. Ids are rebuilt from the
// folded text: upper case for reference codes, lower case for slugs, with
// hyphens for spaces.
func idSeq[T any](l *listing[T], text string) int64 {
	key := i18n.Fold(text)
	if key == "" || len(key) > 64 {
		return -1
	}
	id := strings.ReplaceAll(key, " ", "-")
	for _, cand := range []string{strings.ToUpper(id), id} {
		if e := l.get(cand); e != nil && e.idKey == key {
			return int64(e.seq)
		}
	}
	return -1
}

// qterm is one term of a text query with how it may match.
type qterm struct {
	text   string
	word   string  // the folded query word it comes from
	prefix bool    // may match words it is a prefix of
	typo   bool    // may match words of its script one edit away
	han1   bool    // a single Han character: matches inside Han words
	mult   float32 // the weight of its score (1; less for an expansion)
}

// clause is one unit of a query: a listing matches the query when it
// matches every clause, and a clause when it matches one of its
// alternatives, each a list of terms that must all match. A plain term is
// a clause of one alternative (two when the term has a Turkish reading);
// a glossary term is a clause with one alternative per language and
// synonym.
type clause struct {
	alts [][]qterm
}

// textQuery is a compiled text query.
type textQuery struct {
	clauses  []clause
	expanded []Expansion
	glossed  []string // folded query words that name a glossary term
	noHead   bool     // no boost for titles holding the whole query
}

// empty reports whether the query has no terms.
func (tq *textQuery) empty() bool { return tq == nil || len(tq.clauses) == 0 }

// compileQuery returns the clauses of a text query under the rules r. The
// last word of the query matches as a prefix unless the query ends with a
// space.
func compileQuery(text string, r *rules) *textQuery {
	if strings.TrimSpace(text) == "" {
		return &textQuery{}
	}
	typing := !strings.HasSuffix(text, " ") && !r.noPrefix
	sts := r.analysis.SearchTerms(text)
	mk := func(t string, st i18n.SearchTerm) qterm {
		q := qterm{text: t, word: st.Word, mult: 1}
		n := utf8.RuneCountInString(t)
		switch {
		case i18n.IsHan(t):
			q.han1 = n == 1
		default:
			q.prefix = st.Last && typing && n >= minPrefix
			q.typo = typoOK(t, st, r)
		}
		return q
	}
	var matches []i18n.GlossaryMatch
	if !r.noExpand {
		matches = i18n.TheGlossary().Match(sts)
	}
	tq := &textQuery{noHead: r.noHead}
	seen := map[string]bool{}
	for i, mi := 0, 0; i < len(sts); {
		if mi < len(matches) && matches[mi].Start == i {
			m := matches[mi]
			mi++
			tq.clauses = append(tq.clauses, expandClause(m, sts, mk))
			tq.expanded = appendExpansion(tq.expanded, m)
			for _, st := range sts[m.Start:m.End] {
				tq.glossed = append(tq.glossed, st.Word)
			}
			i = m.End
			// A Chinese bigram straddling two glossary terms of one word
			// ("光纤|应变传感器" gives 纤应) is not a term of either.
			if i < len(sts) && mi < len(matches) && matches[mi].Start == i+1 &&
				i18n.IsHan(sts[i].Text) && sts[i].Word == sts[i-1].Word && sts[i].Word == sts[i+1].Word {
				i++
			}
			continue
		}
		st := sts[i]
		i++
		if seen[st.Text] {
			continue
		}
		seen[st.Text] = true
		c := clause{alts: [][]qterm{{mk(st.Text, st)}}}
		if st.Alt != "" {
			c.alts = append(c.alts, []qterm{mk(st.Alt, st)})
		}
		tq.clauses = append(tq.clauses, c)
	}
	return tq
}

// typoOK reports whether a query term may match words one edit away:
// Latin words of 5 letters or more; Turkish words (with a Turkish letter
// or a Turkish reading) and Persian words of 4 or more.
func typoOK(t string, st i18n.SearchTerm, r *rules) bool {
	if r.noTypo {
		return false
	}
	n := utf8.RuneCountInString(st.Word)
	switch {
	case i18n.IsLatin(t):
		if n >= minTypo {
			return true
		}
		turkish := st.Alt != "" || !isASCII(st.Word)
		return !r.narrow && turkish && n >= minTypoFa
	case isArabic(t):
		return !r.narrow && utf8.RuneCountInString(t) >= minTypoFa
	}
	return false
}

// expandClause returns the clause of a glossary match: the query's own
// terms (and their Turkish reading), then every other form of the entry,
// matched exactly and weighted multExpand.
func expandClause(m i18n.GlossaryMatch, sts []i18n.SearchTerm, mk func(string, i18n.SearchTerm) qterm) clause {
	var c clause
	own := make([]qterm, 0, m.End-m.Start)
	alt := make([]qterm, 0, m.End-m.Start)
	hasAlt := false
	for _, st := range sts[m.Start:m.End] {
		own = append(own, mk(st.Text, st))
		t := st.Text
		if st.Alt != "" {
			t, hasAlt = st.Alt, true
		}
		alt = append(alt, mk(t, st))
	}
	c.alts = append(c.alts, own)
	if hasAlt {
		c.alts = append(c.alts, alt)
	}
	for j, f := range m.Entry.Forms {
		if j == m.Form || sameTerms(f.Terms, own) || hasAlt && sameTerms(f.Terms, alt) {
			continue
		}
		terms := make([]qterm, len(f.Terms))
		for k, t := range f.Terms {
			terms[k] = qterm{text: t, word: t, mult: multExpand, han1: i18n.IsHan(t) && utf8.RuneCountInString(t) == 1}
		}
		c.alts = append(c.alts, terms)
	}
	if m.Entry.Sector != "" {
		c.alts = append(c.alts, []qterm{{text: i18n.SectorTerm(m.Entry.Sector), word: m.Entry.Sector, mult: multSector}})
	}
	return c
}

// sameTerms reports whether the terms are those of the qterms.
func sameTerms(terms []string, q []qterm) bool {
	if len(terms) != len(q) {
		return false
	}
	for i, t := range terms {
		if q[i].text != t {
			return false
		}
	}
	return true
}

// appendExpansion records a glossary match for the reader.
func appendExpansion(out []Expansion, m i18n.GlossaryMatch) []Expansion {
	e := Expansion{Term: m.Entry.Forms[m.Form].Text, With: []string{}}
	for j, f := range m.Entry.Forms {
		if j != m.Form && !slices.Contains(e.With, f.Text) && f.Text != e.Term {
			e.With = append(e.With, f.Text)
		}
	}
	if slices.ContainsFunc(out, func(x Expansion) bool { return x.Term == e.Term }) {
		return out
	}
	return append(out, e)
}

// isArabic reports whether a term is in Arabic script (Persian).
func isArabic(term string) bool {
	r, _ := utf8.DecodeRuneInString(term)
	return unicode.Is(unicode.Arabic, r)
}

// wordMatch is a vocabulary word a query term matches, with the multiplier
// of its score.
type wordMatch struct {
	id   int
	mult float32
}

// expand returns the vocabulary words q matches.
func (ix *textIndex) expand(q *qterm) []wordMatch {
	var out []wordMatch
	seen := func(id int) bool {
		return slices.ContainsFunc(out, func(m wordMatch) bool { return m.id == id })
	}
	exact := ix.find(q.text)
	if exact >= 0 {
		out = append(out, wordMatch{exact, 1})
	}
	if q.han1 {
		for _, id := range ix.han {
			if int(id) != exact && strings.Contains(ix.words[id], q.text) {
				out = append(out, wordMatch{int(id), 1})
			}
		}
		return out
	}
	if q.prefix {
		lo, _ := slices.BinarySearch(ix.words, q.text)
		hi := lo
		for hi < len(ix.words) && strings.HasPrefix(ix.words[hi], q.text) {
			hi++
		}
		ids := make([]int, 0, hi-lo)
		for id := lo; id < hi; id++ {
			if ix.words[id] != q.text {
				ids = append(ids, id)
			}
		}
		if len(ids) > maxPrefix {
			slices.SortFunc(ids, func(a, b int) int { return ix.df(int(b)) - ix.df(int(a)) })
			ids = ids[:maxPrefix]
		}
		for _, id := range ids {
			out = append(out, wordMatch{id, multPrefix})
		}
		// A word being typed may already be longer than its stem
		// ("testi" for "test").
		if ascii := q.word; len(ascii) >= 5 && isASCII(ascii) {
			for k := 1; k <= 3 && len(ascii)-k >= 4; k++ {
				if id := ix.find(ascii[:len(ascii)-k]); id >= 0 && !seen(id) {
					out = append(out, wordMatch{id, multPrefix})
				}
			}
		}
	}
	if q.typo {
		byLen := ix.latin
		if isArabic(q.text) {
			byLen = ix.arabic
		}
		n := utf8.RuneCountInString(q.text)
		for l := n - 1; l <= n+1; l++ {
			if l < 0 || l >= len(byLen) {
				continue
			}
			for _, id := range byLen[l] {
				if w := ix.words[id]; w != q.text && i18n.WithinOneEdit(w, q.text) && !seen(int(id)) {
					out = append(out, wordMatch{int(id), multTypo})
				}
			}
		}
	}
	return out
}

// matchWord returns the multiplier with which q matches the word w, 0 when
// it does not: as expand does, for the delta.
func (q *qterm) matchWord(w string) float32 {
	switch {
	case w == q.text:
		return 1
	case q.han1:
		if i18n.IsHan(w) && strings.Contains(w, q.text) {
			return 1
		}
		return 0
	case q.prefix && strings.HasPrefix(w, q.text):
		return multPrefix
	case q.prefix && len(q.word) >= 5 && len(w) >= 4 && len(q.word)-len(w) <= 3 && strings.HasPrefix(q.word, w) && isASCII(q.word):
		return multPrefix
	case q.typo && (i18n.IsLatin(w) && i18n.IsLatin(q.text) || isArabic(w) && isArabic(q.text)) && i18n.WithinOneEdit(w, q.text):
		return multTypo
	}
	return 0
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
