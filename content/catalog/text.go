package catalog

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

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
// other than exactly, and of the terms a query is expanded with.
const (
	multPrefix = 0.7 // the last query word is a prefix of it (search as you type)
	multTypo   = 0.4 // one edit away from a query word (see compileQuery)
	multExpand = 0.6 // a glossary equivalent of a query term
	multSector = 0.3 // a listing of the sector a query names
	maxPrefix  = 128 // the most frequent words a prefix expands to
	minPrefix  = 2   // letters a last word needs to match as a prefix
	shortWord  = 2   // a last word this short matches as a prefix only when no word is exactly it
	minTypo    = 5   // letters a Latin word needs for typo tolerance
	minTypoFa  = 4   // letters a Persian or Turkish word needs for it
)

// textIndex is the inverted index of the search keys of the entries
// numbered below limit: a sorted vocabulary of terms (i18n.AppendTerms)
// with, per term, the entries that hold it and its weighted frequency in
// each. Entries added later are in the listing's delta until the index is
// rebuilt. The index is immutable.
type textIndex struct {
	limit  uint32    // entries with seq < limit are indexed
	docs   int       // number of entries indexed
	avgLen float32   // average number of terms per entry
	words  []string  // the sorted vocabulary
	at     []uint32  // word i's postings are numbered at[i] to at[i+1] (postings.go)
	pat    []uint32  // word i's coded seqs are pdata[pat[i]:pat[i+1]]
	pdata  []byte    // per word: the seq of each entry holding it, ascending, as varint gaps
	freqs  []uint8   // per posting: weighted frequency (capped)
	lens   []uint16  // per seq: the entry's number of terms (capped)
	han    []int32   // ids of the words of Han characters
	latin  [][]int32 // ids of Latin words by length in characters
	arabic [][]int32 // ids of Arabic-script (Persian) words by length
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
// The listing's sector codes end the rest field as sector terms
// (i18n.SectorTerm), which a sector's name in a query matches.
func keyOf(id string, head content.Text, second, rest []content.Text, sectors ...string) (string, [numFields - 1]uint32) {
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
	for _, s := range sectors {
		add(i18n.SectorTerm(s))
	}
	return b.String(), cut
}

// Frequencies in the index are weighted (BM25F-style) and flag the terms
// of the head field (title or name), which the ranking favours when a
// title holds the whole query.
const (
	headFlag = 0x80 // the term occurs in the head field
	maxFreq  = 0x7f // the weighted frequency, capped
)

// addFreq adds the weighted, flagged frequencies a and b.
func addFreq(a, b uint8) uint8 {
	return uint8(min(int(a&maxFreq)+int(b&maxFreq), maxFreq)) | (a|b)&headFlag
}

// entryTerms calls emit with every term of e's key and its field's weight
// (flagged with headFlag in the head field); it returns the number of
// terms.
func entryTerms[T any](e *entry[T], w *weights, an i18n.Analysis, buf []string, emit func(term string, weight uint8)) ([]string, int) {
	n := 0
	start := 0
	key, cut := searchKey(e)
	e.nums = digitHashes(key, e.nums[:0])
	for f := range numFields {
		end := len(key)
		if f < numFields-1 {
			end = int(cut[f])
		}
		if end <= start {
			continue
		}
		buf = an.AppendTerms(buf[:0], key[start:end])
		wt := w[f]
		if f == fieldHead {
			wt |= headFlag
		}
		for _, t := range buf {
			emit(t, wt)
		}
		n += len(buf)
		start = end
	}
	return buf, n
}

// newDocTerms returns the terms of an entry for the delta.
func newDocTerms[T any](e *entry[T], w *weights, an i18n.Analysis) *docTerms {
	m := map[string]uint8{}
	_, n := entryTerms(e, w, an, nil, func(t string, wt uint8) { m[t] = addFreq(m[t], wt) })
	d := &docTerms{seq: e.seq, len: uint16(min(n, math.MaxUint16)), terms: make([]string, 0, len(m))}
	for t := range m {
		d.terms = append(d.terms, t)
	}
	slices.Sort(d.terms)
	d.freqs = make([]uint8, len(d.terms))
	for i, t := range d.terms {
		d.freqs[i] = m[t]
	}
	return d
}

// buildText indexes the search keys of entries (in id order, numbered in
// that order: postings.go), all numbered below limit.
func buildText[T any](entries []*entry[T], limit uint32, w *weights, an i18n.Analysis) *textIndex {
	workers := 1
	if len(entries) >= 2048 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunk := max(1, (len(entries)+workers-1)/workers)
	lens := make([]uint16, limit)
	parts := make([]*wordLists, (len(entries)+chunk-1)/chunk)
	var wg sync.WaitGroup
	for p := range parts {
		part := entries[p*chunk : min((p+1)*chunk, len(entries))]
		wg.Go(func() { parts[p] = indexWords(part, w, an, lens) })
	}
	wg.Wait()
	// The parts are joined in entry order, so that each posting list
	// stays ascending.
	var wl *wordLists
	if len(parts) == 1 {
		wl = parts[0]
	} else {
		wl = &wordLists{}
		at := map[string]int{}
		for _, p := range parts {
			for i, word := range p.words {
				j, ok := at[word]
				if !ok {
					j = len(wl.words)
					at[word] = j
					wl.words = append(wl.words, word)
					wl.posts = append(wl.posts, nil)
					wl.freqs = append(wl.freqs, nil)
				}
				wl.posts[j] = append(wl.posts[j], p.posts[i]...)
				wl.freqs[j] = append(wl.freqs[j], p.freqs[i]...)
			}
		}
	}
	if wl == nil {
		wl = &wordLists{}
	}
	ix := &textIndex{limit: limit, docs: len(entries), lens: lens}
	total := 0
	for _, e := range entries {
		total += int(lens[e.seq])
	}
	ix.avgLen = float32(total) / float32(max(1, len(entries)))
	ix.setLists(wl)
	return ix
}

// indexWords indexes the terms of the keys of entries, setting their
// lengths in lens.
func indexWords[T any](entries []*entry[T], w *weights, an i18n.Analysis, lens []uint16) *wordLists {
	ix := &wordLists{}
	at := map[string]int{}
	var buf []string
	for _, e := range entries {
		var n int
		buf, n = entryTerms(e, w, an, buf, func(t string, wt uint8) {
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
				f[len(f)-1] = addFreq(f[len(f)-1], wt)
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

// idf returns the inverse document frequency of a term held by df of n
// entries.
func idf(df, n int) float32 {
	df = max(df, 1)
	return float32(math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5)))
}

// tfNorm returns BM25's saturated term frequency.
func tfNorm(f uint8, length uint16, avg float32) float32 {
	tf := float32(f & maxFreq)
	if avg <= 0 {
		avg = 1
	}
	return tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*float32(length)/avg))
}
