package catalog

import (
	"slices"
	"strings"
	"unicode/utf8"

	"hubdir/i18n"
)

// fewResults is the most matches for which a query gets a "did you mean".
const fewResults = 2

// textScan scans order with s (see scan). When the query has text and no
// entry matches every clause, it falls back to the entries matching most
// clauses (at least half of them), ranked by the number matched: the
// answer is then partial. When few entries match, it offers a respelling
// of the query from the listing's vocabulary.
func textScan[T any](o *order[T], s *search, l *listing[T], tq *textQuery, text string, r *rules, out []int32) ([]int32, TextInfo) {
	m := scan(o, s, out)
	var info TextInfo
	if !s.text {
		return m, info
	}
	info.Expanded = tq.expanded
	if k := len(tq.clauses); len(m) == 0 && !r.noPartial && tq.words() > 1 {
		full := slices.Clone(s.hits.bits)
		for need := k - 1; need >= max(1, (k+1)/2); need-- {
			if !s.hits.relax(need) {
				continue
			}
			s.resetCounts()
			if m = scan(o, s, m[:0]); len(m) > 0 {
				info.Partial = true
				break
			}
		}
		if !info.Partial {
			copy(s.hits.bits, full)
			s.resetCounts()
			m = scan(o, s, m[:0])
		}
	}
	if len(m) <= fewResults {
		info.DidYouMean = didYouMean(l, text, tq.glossed, r)
	}
	return m, info
}

// words returns the number of clauses of the query that are words: not
// numbers or one- and two-letter fragments (of a reference code, say),
// which alone make no partial match.
func (tq *textQuery) words() int {
	n := 0
	for _, c := range tq.clauses {
		t := c.alts[0][0].text
		if !isNumber(t) && (i18n.IsHan(t) || utf8.RuneCountInString(t) >= 3) {
			n++
		}
	}
	return n
}

// resetCounts clears the facet counts of a scan, for another scan.
func (s *search) resetCounts() {
	for _, c := range s.counts {
		clear(c)
	}
}

// Limits of "did you mean": a word is respelt when it occurs in fewer than
// rareWord entries, with a word at most maxSpellEdits edits away (one for
// words of fewer than minTypo letters) that occurs in more entries.
const (
	rareWord      = 2
	maxSpellEdits = 2
)

// didYouMean returns text with each rare word (Latin or Persian) replaced
// by the most frequent word of the listing's vocabulary within a few
// edits, written as the listings write it; "" when no word changes. Words
// that name a glossary term (glossed) are understood as they are.
func didYouMean[T any](l *listing[T], text string, glossed []string, r *rules) string {
	if r.noTypo {
		return ""
	}
	words := strings.Fields(i18n.Fold(text))
	changed := false
	for i, w := range words {
		terms := r.analysis.AppendTerms(nil, w)
		if len(terms) != 1 || i18n.IsHan(terms[0]) || isNumberWord(terms[0]) || slices.Contains(glossed, w) {
			continue
		}
		t := terms[0]
		df := l.df(t)
		if alt := r.analysis.AppendTerms(nil, i18n.TurkishOn+" "+w); len(alt) == 1 && alt[0] != t {
			df += l.df(alt[0])
		}
		if df >= rareWord {
			continue
		}
		if best, ok := l.nearest(t, df); ok {
			if sw := l.surface(best); sw != "" {
				words[i], changed = sw, true
			}
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(words, " ")
}

// isNumberWord reports whether a term is all digits.
func isNumberWord(t string) bool { return t != "" && isNumber(t) }

// df returns the number of entries holding the term, in the index and the
// delta.
func (l *listing[T]) df(t string) int {
	n := 0
	if id := l.text.find(t); id >= 0 {
		n = l.text.df(id)
	}
	for _, d := range l.delta {
		if _, ok := slices.BinarySearch(d.terms, t); ok {
			n++
		}
	}
	return n
}

// nearest returns the indexed word of t's script nearest to t (fewest
// edits, then most entries) that occurs in more than df entries.
func (l *listing[T]) nearest(t string, df int) (string, bool) {
	ix := l.text
	byLen := ix.latin
	switch {
	case isArabic(t):
		byLen = ix.arabic
	case !i18n.IsLatin(t):
		return "", false
	}
	n := utf8.RuneCountInString(t)
	maxEd := maxSpellEdits
	if n < minTypo {
		maxEd = 1
	}
	rt := []rune(t)
	best, bestEd, bestDF := "", maxEd+1, df
	for ln := max(1, n-maxEd); ln <= n+maxEd && ln < len(byLen); ln++ {
		for _, id := range byLen[ln] {
			w := ix.words[id]
			d := editDistance(rt, []rune(w), maxEd)
			if d > maxEd || d == 0 {
				continue
			}
			wdf := ix.df(int(id))
			if d < bestEd && wdf > df || d == bestEd && wdf > bestDF {
				best, bestEd, bestDF = w, d, wdf
			}
		}
	}
	return best, best != ""
}

// surface returns a word of a listing's text whose term is t, as the text
// writes it (folded), or "".
func (l *listing[T]) surface(t string) string {
	id := l.text.find(t)
	if id < 0 {
		return ""
	}
	seq, ok := l.text.first(id)
	if !ok {
		return ""
	}
	i := slices.IndexFunc(l.byID, func(e *entry[T]) bool { return e.seq == seq })
	if i < 0 {
		return ""
	}
	turkish := false
	var buf []string
	key, _ := searchKey(l.byID[i])
	for w := range strings.FieldsSeq(key) {
		switch w {
		case i18n.TurkishOn, i18n.TurkishOff:
			turkish = w == i18n.TurkishOn
			continue
		}
		buf = i18n.AppendWordTerms(buf[:0], w, turkish)
		if len(buf) > 0 && buf[len(buf)-1] == t {
			return w
		}
	}
	return ""
}

// editDistance returns the optimal string alignment distance of a and b
// (insertions, deletions, substitutions, transpositions of neighbours), or
// a value above limit once it is sure to exceed it.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
