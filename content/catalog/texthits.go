package catalog

import (
	"math/bits"
	"slices"
	"sync"
	"unicode/utf8"
)

// textHits is the result of a text query over a listing: the entries
// matching every clause (a bitmap by seq), their relevance scores, and
// for a query of several clauses the entries matching each clause (for
// partial matches).
type textHits struct {
	bits    []uint64
	scores  []float32
	clauses [][]uint64 // per clause; nil for a query of one clause
	counts  []uint8    // per entry: clauses matched, once relax has run
	bitsp   *[]uint64
	scorep  *[]float32
	blockp  *[]uint64 // backs clauses
	headp   *[]uint32 // per entry: clauses found in its title (see search)
}

// release gives the pooled memory back.
func (h *textHits) release() {
	for _, p := range []*[]uint64{h.bitsp, h.blockp} {
		if p != nil {
			bitsPool.Put(p)
		}
	}
	if h.scorep != nil {
		scorePool.Put(h.scorep)
	}
	if h.headp != nil {
		headPool.Put(h.headp)
	}
	*h = textHits{}
}

// bitsPool recycles per-query bitmaps.
var bitsPool = sync.Pool{New: func() any { return new([]uint64) }}

// scorePool recycles per-query score arrays.
var scorePool = sync.Pool{New: func() any { return new([]float32) }}

// headPool recycles per-query title counters.
var headPool = sync.Pool{New: func() any { return new([]uint32) }}

// headBoost multiplies the score of an entry whose title (or name) holds
// every clause of a query of several.
const headBoost = 1.5

// getBits returns a cleared bitmap of n bits from the pool.
func getBits(n uint32) *[]uint64 { return getWords(int(n+63) / 64) }

// getWords returns a cleared slice of n words from the pool.
func getWords(words int) *[]uint64 {
	b := bitsPool.Get().(*[]uint64)
	if cap(*b) < words {
		*b = make([]uint64, words)
	} else {
		*b = (*b)[:words]
		clear(*b)
	}
	return b
}

// getScores returns n zero scores from the pool.
func getScores(n uint32) *[]float32 {
	s := scorePool.Get().(*[]float32)
	if cap(*s) < int(n) {
		*s = make([]float32, n)
	} else {
		*s = (*s)[:n]
		clear(*s)
	}
	return s
}

// search matches a compiled query (with at least one clause) against the
// index and the delta, for entries numbered below n.
func (ix *textIndex) search(tq *textQuery, delta []*docTerms, n uint32) textHits {
	h := textHits{bitsp: getBits(n), scorep: getScores(n)}
	h.bits, h.scores = *h.bitsp, *h.scorep
	words := len(h.bits)
	nc := len(tq.clauses)
	if nc > 1 {
		h.blockp = getWords(words * nc)
		block := *h.blockp
		h.clauses = make([][]uint64, nc)
		for i := range h.clauses {
			h.clauses[i] = block[i*words : (i+1)*words : (i+1)*words]
		}
	}
	var tmp, tmp2 *[]uint64
	defer func() {
		for _, p := range []*[]uint64{tmp, tmp2} {
			if p != nil {
				bitsPool.Put(p)
			}
		}
	}()
	// heads counts, per entry, the clauses with a term of the query's own
	// (not an expansion) in its title: the low byte is the count, the
	// rest the last clause counted plus one.
	var heads []uint32
	if nc > 1 && !tq.noHead {
		h.headp = headPool.Get().(*[]uint32)
		if cap(*h.headp) < int(n) {
			*h.headp = make([]uint32, n)
		}
		heads = (*h.headp)[:n]
		clear(heads)
	}
	docs := ix.docs + len(delta)
	ix.shortPrefixes(tq, delta)
	for ci := range tq.clauses {
		ht := headTally{heads: heads, clause: uint32(ci+1) << 8}
		cb := h.bits
		if nc > 1 {
			cb = h.clauses[ci]
		}
		for ai, alt := range tq.clauses[ci].alts {
			// An entry holding the query's own words gets nothing more
			// for their equivalents in other languages.
			var skip []uint64
			if ai > 0 && alt[0].mult < 1 {
				skip = cb
			}
			if len(alt) == 1 {
				ix.termInto(&alt[0], delta, n, docs, cb, h.scores, skip, ht)
				continue
			}
			if tmp == nil {
				tmp, tmp2 = getBits(n), getBits(n)
			}
			ab, tb := *tmp, *tmp2
			clear(ab)
			ix.termInto(&alt[0], delta, n, docs, ab, h.scores, skip, ht)
			for k := 1; k < len(alt); k++ {
				clear(tb)
				ix.termInto(&alt[k], delta, n, docs, tb, h.scores, skip, ht)
				for j, w := range tb {
					ab[j] &= w
				}
			}
			for j, w := range ab {
				cb[j] |= w
			}
		}
	}
	if nc > 1 {
		copy(h.bits, h.clauses[0])
		for _, cb := range h.clauses[1:] {
			for j, w := range cb {
				h.bits[j] &= w
			}
		}
		for s, c := range heads {
			if int(c&0xff) == nc {
				h.scores[s] *= headBoost
			}
		}
	}
	return h
}

// shortPrefixes turns prefix matching off for the very short last words
// of the query that are words of the index or the delta ("مس", copper):
// their prefixes would drown them.
func (ix *textIndex) shortPrefixes(tq *textQuery, delta []*docTerms) {
	for ci := range tq.clauses {
		for _, alt := range tq.clauses[ci].alts {
			for k := range alt {
				t := &alt[k]
				if !t.prefix || utf8.RuneCountInString(t.text) > shortWord {
					continue
				}
				known := ix.find(t.text) >= 0
				for _, d := range delta {
					if known {
						break
					}
					_, known = slices.BinarySearch(d.terms, t.text)
				}
				t.prefix = !known
			}
		}
	}
}

// headTally counts the clauses of a query found in entries' titles.
type headTally struct {
	heads  []uint32 // nil: not counted
	clause uint32   // the clause's number plus one, shifted left 8
}

// mark counts the clause for entry s once.
func (ht headTally) mark(s uint32) {
	if c := ht.heads[s]; c&^0xff != ht.clause {
		ht.heads[s] = ht.clause | (c&0xff + 1)
	}
}

// termInto sets in b the entries (numbered below n) matching the term t
// and adds its score to theirs, except for the entries set in skip (nil:
// none).
func (ix *textIndex) termInto(t *qterm, delta []*docTerms, n uint32, docs int, b []uint64, scores []float32, skip []uint64, ht headTally) {
	tally := ht.heads != nil && t.mult == 1
	for _, m := range ix.expand(t) {
		w := t.mult * m.mult * idf(ix.df(m.id), docs)
		ix.postings(m.id, func(s uint32, f uint8) bool {
			if skip != nil && skip[s>>6]&(1<<(s&63)) != 0 {
				return true
			}
			if tally && f&headFlag != 0 {
				ht.mark(s)
			}
			b[s>>6] |= 1 << (s & 63)
			scores[s] += w * tfNorm(f, ix.lens[s], ix.avgLen)
			return true
		})
	}
	for _, d := range delta {
		best, bestW := float32(0), ""
		var f uint8
		if !t.prefix && !t.typo && !t.han1 {
			if j, ok := slices.BinarySearch(d.terms, t.text); ok {
				best, bestW, f = 1, t.text, d.freqs[j]
			}
		} else {
			for j, word := range d.terms {
				if mult := t.matchWord(word); mult > best {
					best, bestW, f = mult, word, d.freqs[j]
				}
			}
		}
		if best == 0 || d.seq >= n || skip != nil && skip[d.seq>>6]&(1<<(d.seq&63)) != 0 {
			continue
		}
		df := 1
		if id := ix.find(bestW); id >= 0 {
			df += ix.df(id)
		}
		if tally && f&headFlag != 0 {
			ht.mark(d.seq)
		}
		b[d.seq>>6] |= 1 << (d.seq & 63)
		scores[d.seq] += t.mult * best * idf(df, docs) * tfNorm(f, d.len, ix.avgLen)
	}
}

// partialBoost is added to the score of a partial match per clause it
// matches, so that listings matching more of the query rank first.
const partialBoost = 1000

// relax makes the hits the entries matching at least need clauses of the
// query (a query of several clauses), ranked by the number of clauses
// matched, then by score. It reports whether any entry qualifies; it may
// be called again with a lower need.
func (h *textHits) relax(need int) bool {
	if len(h.clauses) < 2 || need < 1 {
		return false
	}
	if h.counts == nil {
		h.counts = make([]uint8, len(h.scores))
		for _, cb := range h.clauses {
			for j, w := range cb {
				for w != 0 {
					s := j*64 + bits.TrailingZeros64(w)
					w &= w - 1
					if s < len(h.counts) {
						h.counts[s]++
					}
				}
			}
		}
		for s, c := range h.counts {
			h.scores[s] += float32(partialBoost * int(c))
		}
	}
	clear(h.bits)
	found := false
	for s, c := range h.counts {
		if int(c) >= need {
			h.bits[s>>6] |= 1 << (s & 63)
			found = true
		}
	}
	return found
}
