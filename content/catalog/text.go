package catalog

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"hubdir/content"
	"hubdir/i18n"
)

// Fields of a search key, in order; weights give each field's weight per
// kind of listing.
const (
	fieldID     = iota // reference code or slug
	fieldHead          // title or name
	fieldSecond        // summary, capabilities and description, scope
	fieldRest          // body, party names
	numFields
)

// weights are the weights of the fields of a search key in the term
// frequencies of the index (BM25F-style).
type weights [numFields]uint8

// BM25 parameters.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Multipliers of the score of a vocabulary word that matches a query term
// other than exactly.
const (
	multPrefix = 0.7 // the last query word is a prefix of it (search as you type)
	multTypo   = 0.4 // one edit away from a Latin query word of 5 letters or more
	maxPrefix  = 128 // the most frequent words a prefix expands to
	minTypo    = 5   // letters a word needs for typo tolerance
)

// textIndex is the inverted index of the search keys of the entries
// numbered below limit: a sorted vocabulary of terms (i18n.AppendTerms)
// with, per term, the entries that hold it and its weighted frequency in
// each. Entries added later are in the listing's delta until the index is
// rebuilt. The index is immutable.
type textIndex struct {
	limit  uint32     // entries with seq < limit are indexed
	docs   int        // number of entries indexed
	avgLen float32    // average number of terms per entry
	words  []string   // the sorted vocabulary
	posts  [][]uint32 // per word: the seq of each entry holding it
	freqs  [][]uint8  // per word and posting: weighted frequency (capped)
	lens   []uint16   // per seq: the entry's number of terms (capped)
	han    []int32    // ids of the words of Han characters
	latin  [][]int32  // ids of Latin words by length in characters
}

// docTerms are the terms of one entry added since the index was built.
type docTerms struct {
	seq   uint32
	len   uint16
	terms []string // sorted, distinct
	freqs []uint8
}

// keyOf returns the search key and the ends of its fields for a kind of
// listing: the folded id, head, second and rest texts, joined by spaces.
func keyOf(id string, head content.Text, second, rest []content.Text) (string, [numFields - 1]uint32) {
	var cut [numFields - 1]uint32
	var b strings.Builder
	add := func(s string) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	add(i18n.FoldKey(id))
	cut[0] = uint32(b.Len())
	add(foldKeyTexts(head))
	cut[1] = uint32(b.Len())
	add(foldKeyTexts(second...))
	cut[2] = uint32(b.Len())
	add(foldKeyTexts(rest...))
	return b.String(), cut
}

// entryTerms calls emit with every term of e's key and its field's weight;
// it returns the number of terms.
func entryTerms[T any](e *entry[T], w *weights, buf []string, emit func(term string, weight uint8)) ([]string, int) {
	n := 0
	start := 0
	for f := range numFields {
		end := len(e.key)
		if f < numFields-1 {
			end = int(e.cut[f])
		}
		if end <= start {
			continue
		}
		buf = i18n.AppendTerms(buf[:0], e.key[start:end])
		for _, t := range buf {
			emit(t, w[f])
		}
		n += len(buf)
		start = end
	}
	return buf, n
}

// newDocTerms returns the terms of an entry for the delta.
func newDocTerms[T any](e *entry[T], w *weights) *docTerms {
	m := map[string]int{}
	_, n := entryTerms(e, w, nil, func(t string, wt uint8) { m[t] += int(wt) })
	d := &docTerms{seq: e.seq, len: uint16(min(n, math.MaxUint16)), terms: make([]string, 0, len(m))}
	for t := range m {
		d.terms = append(d.terms, t)
	}
	slices.Sort(d.terms)
	d.freqs = make([]uint8, len(d.terms))
	for i, t := range d.terms {
		d.freqs[i] = uint8(min(m[t], math.MaxUint8))
	}
	return d
}

// buildText indexes the search keys of entries, all numbered below limit.
func buildText[T any](entries []*entry[T], limit uint32, w *weights) *textIndex {
	workers := 1
	if len(entries) >= 2048 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunk := max(1, (len(entries)+workers-1)/workers)
	lens := make([]uint16, limit)
	var parts []*textIndex
	var mu sync.Mutex
	var wg sync.WaitGroup
	for lo := 0; lo < len(entries); lo += chunk {
		part := entries[lo:min(lo+chunk, len(entries))]
		wg.Go(func() {
			ix := indexWords(part, w, lens)
			mu.Lock()
			parts = append(parts, ix)
			mu.Unlock()
		})
	}
	wg.Wait()
	var ix *textIndex
	if len(parts) == 1 {
		ix = parts[0]
	} else {
		ix = &textIndex{}
		at := map[string]int{}
		for _, p := range parts {
			for i, word := range p.words {
				j, ok := at[word]
				if !ok {
					j = len(ix.words)
					at[word] = j
					ix.words = append(ix.words, word)
					ix.posts = append(ix.posts, nil)
					ix.freqs = append(ix.freqs, nil)
				}
				ix.posts[j] = append(ix.posts[j], p.posts[i]...)
				ix.freqs[j] = append(ix.freqs[j], p.freqs[i]...)
			}
		}
	}
	if ix == nil {
		ix = &textIndex{}
	}
	ix.limit, ix.docs, ix.lens = limit, len(entries), lens
	total := 0
	for _, e := range entries {
		total += int(lens[e.seq])
	}
	ix.avgLen = float32(total) / float32(max(1, len(entries)))
	ix.sortWords()
	return ix
}

// sortWords sorts the vocabulary and lists its Han and Latin words.
func (ix *textIndex) sortWords() {
	order := make([]int32, len(ix.words))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(ix.words[a], ix.words[b]) })
	words := make([]string, len(order))
	posts := make([][]uint32, len(order))
	freqs := make([][]uint8, len(order))
	for i, j := range order {
		words[i], posts[i], freqs[i] = ix.words[j], slices.Clip(ix.posts[j]), slices.Clip(ix.freqs[j])
	}
	ix.words, ix.posts, ix.freqs = words, posts, freqs
	ix.han, ix.latin = nil, nil
	for i, w := range words {
		switch {
		case i18n.IsHan(w):
			ix.han = append(ix.han, int32(i))
		case i18n.IsLatin(w):
			n := utf8.RuneCountInString(w)
			for len(ix.latin) <= n {
				ix.latin = append(ix.latin, nil)
			}
			ix.latin[n] = append(ix.latin[n], int32(i))
		}
	}
}

// indexWords indexes the terms of the keys of entries, setting their
// lengths in lens.
func indexWords[T any](entries []*entry[T], w *weights, lens []uint16) *textIndex {
	ix := &textIndex{}
	at := map[string]int{}
	var buf []string
	for _, e := range entries {
		var n int
		buf, n = entryTerms(e, w, buf, func(t string, wt uint8) {
			j, ok := at[t]
			if !ok {
				j = len(ix.words)
				t = strings.Clone(t) // do not keep the whole key alive for a stem
				at[t] = j
				ix.words = append(ix.words, t)
				ix.posts = append(ix.posts, nil)
				ix.freqs = append(ix.freqs, nil)
			}
			if p := ix.posts[j]; len(p) > 0 && p[len(p)-1] == e.seq {
				f := ix.freqs[j]
				f[len(f)-1] = uint8(min(int(f[len(f)-1])+int(wt), math.MaxUint8))
				return
			}
			ix.posts[j] = append(ix.posts[j], e.seq)
			ix.freqs[j] = append(ix.freqs[j], wt)
		})
		lens[e.seq] = uint16(min(n, math.MaxUint16))
	}
	return ix
}

// find returns the id of word, or -1.
func (ix *textIndex) find(word string) int {
	i, ok := slices.BinarySearch(ix.words, word)
	if !ok {
		return -1
	}
	return i
}

// qterm is one term of a text query with how it may match.
type qterm struct {
	text   string
	word   string // the folded query word it comes from
	prefix bool   // may match words it is a prefix of
	typo   bool   // may match Latin words one edit away
	han1   bool   // a single Han character: matches inside Han words
}

// compileQuery returns the distinct terms of a text query. The last word
// of the query matches as a prefix unless the query ends with a space.
func compileQuery(text string) []qterm {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	typing := !strings.HasSuffix(text, " ")
	var out []qterm
	for _, st := range i18n.SearchTerms(text) {
		if slices.ContainsFunc(out, func(q qterm) bool { return q.text == st.Text }) {
			continue
		}
		q := qterm{text: st.Text, word: st.Word}
		switch {
		case i18n.IsHan(q.text):
			q.han1 = utf8.RuneCountInString(q.text) == 1
		default:
			q.prefix = st.Last && typing && utf8.RuneCountInString(q.text) >= 2
			q.typo = i18n.IsLatin(q.text) && utf8.RuneCountInString(st.Word) >= minTypo
		}
		out = append(out, q)
	}
	return out
}

// termsOf returns the texts of the terms.
func termsOf(q []qterm) []string {
	out := make([]string, len(q))
	for i, t := range q {
		out[i] = t.text
	}
	return out
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
			slices.SortFunc(ids, func(a, b int) int { return len(ix.posts[b]) - len(ix.posts[a]) })
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
		n := utf8.RuneCountInString(q.text)
		for l := n - 1; l <= n+1; l++ {
			if l < 0 || l >= len(ix.latin) {
				continue
			}
			for _, id := range ix.latin[l] {
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
	case q.typo && i18n.IsLatin(w) && i18n.WithinOneEdit(w, q.text):
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

// idf returns the inverse document frequency of a term held by df of n
// entries.
func idf(df, n int) float32 {
	df = max(df, 1)
	return float32(math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5)))
}

// tfNorm returns BM25's saturated term frequency.
func tfNorm(f uint8, length uint16, avg float32) float32 {
	tf := float32(f)
	if avg <= 0 {
		avg = 1
	}
	return tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*float32(length)/avg))
}

// textHits is the result of a text query over a listing: the entries
// matching every term (a bitmap by seq) and their relevance scores.
type textHits struct {
	bits   []uint64
	scores []float32
	bitsp  *[]uint64
	scorep *[]float32
}

// release gives the pooled memory back.
func (h *textHits) release() {
	if h.bitsp != nil {
		bitsPool.Put(h.bitsp)
	}
	if h.scorep != nil {
		scorePool.Put(h.scorep)
	}
	*h = textHits{}
}

// bitsPool recycles per-query bitmaps.
var bitsPool = sync.Pool{New: func() any { return new([]uint64) }}

// scorePool recycles per-query score arrays.
var scorePool = sync.Pool{New: func() any { return new([]float32) }}

// getBits returns a cleared bitmap of n bits from the pool.
func getBits(n uint32) *[]uint64 {
	b := bitsPool.Get().(*[]uint64)
	words := int(n+63) / 64
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

// search matches the query terms (non-empty) against the index and the
// delta, for entries numbered below n.
func (ix *textIndex) search(q []qterm, delta []*docTerms, n uint32) textHits {
	h := textHits{bitsp: getBits(n), scorep: getScores(n)}
	h.bits, h.scores = *h.bitsp, *h.scorep
	tmp := getBits(n)
	defer bitsPool.Put(tmp)
	docs := ix.docs + len(delta)
	for i := range q {
		t := &q[i]
		b := h.bits
		if i > 0 {
			b = *tmp
			clear(b)
		}
		for _, m := range ix.expand(t) {
			w := m.mult * idf(len(ix.posts[m.id]), docs)
			freqs := ix.freqs[m.id]
			for j, s := range ix.posts[m.id] {
				b[s>>6] |= 1 << (s & 63)
				h.scores[s] += w * tfNorm(freqs[j], ix.lens[s], ix.avgLen)
			}
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
			if best == 0 || d.seq >= n {
				continue
			}
			df := 1
			if id := ix.find(bestW); id >= 0 {
				df += len(ix.posts[id])
			}
			b[d.seq>>6] |= 1 << (d.seq & 63)
			h.scores[d.seq] += best * idf(df, docs) * tfNorm(f, d.len, ix.avgLen)
		}
		if i > 0 {
			for j, w := range b {
				h.bits[j] &= w
			}
		}
	}
	return h
}
