package catalog

import (
	"encoding/binary"
	"slices"
	"strings"
	"unicode/utf8"

	"hubdir/i18n"
)

// Posting lists (issue 13, third round): the index of 100,000 needs holds
// about 23 million postings. Kept as a []uint32 and a []uint8 per word
// they took 5 bytes each and two slice headers per word (115 MB). They are
// now kept in three arrays for the whole vocabulary: the entries' numbers
// (seq) of each word's postings, ascending, as varint-coded gaps (most
// gaps take one byte), the weighted frequencies (one byte each), and per
// word where its postings start in both.
//
// Postings ascend by seq: build numbers entries in id order, so that the
// postings of a build (which indexes entries in id order) ascend, and the
// entries a merge adds were numbered after every entry of the index they
// are merged into (mergeText).

// wordLists are the vocabulary and posting lists of an index being built.
type wordLists struct {
	words []string
	posts [][]uint32
	freqs [][]uint8
}

// df returns the number of entries holding word i.
func (ix *textIndex) df(i int) int { return int(ix.at[i+1] - ix.at[i]) }

// postings calls yield with the seq and weighted frequency of each
// posting of word i, in ascending seq order, until it returns false.
func (ix *textIndex) postings(i int, yield func(seq uint32, freq uint8) bool) {
	data := ix.pdata[ix.pat[i]:ix.pat[i+1]]
	freqs := ix.freqs[ix.at[i]:ix.at[i+1]]
	seq, p := uint32(0), 0
	for j := range freqs {
		g, n := uvarint(data[p:])
		p += n
		seq += g
		if !yield(seq, freqs[j]) {
			return
		}
	}
}

// seqs appends the seqs of word i's postings to dst.
func (ix *textIndex) seqs(i int, dst []uint32) []uint32 {
	ix.postings(i, func(s uint32, _ uint8) bool { dst = append(dst, s); return true })
	return dst
}

// first returns the seq of word i's first posting (the lowest), and false
// when it has none.
func (ix *textIndex) first(i int) (uint32, bool) {
	if ix.df(i) == 0 {
		return 0, false
	}
	g, _ := uvarint(ix.pdata[ix.pat[i]:])
	return g, true
}

// uvarint decodes a gap: binary.Uvarint for the gaps this package writes
// (below 2^32), with the one-byte case first.
func uvarint(b []byte) (uint32, int) {
	if b[0] < 0x80 {
		return uint32(b[0]), 1
	}
	v, n := binary.Uvarint(b)
	return uint32(v), n
}

// postWriter appends words' posting lists to an index, in word order.
type postWriter struct {
	ix  *textIndex
	buf [binary.MaxVarintLen32]byte
}

// newPostWriter starts the posting lists of ix for about words words and
// postings postings and bytes bytes of coded seqs.
func newPostWriter(ix *textIndex, words, postings, bytes int) *postWriter {
	ix.at = make([]uint32, 1, words+1)
	ix.pat = make([]uint32, 1, words+1)
	ix.freqs = make([]uint8, 0, postings)
	ix.pdata = make([]byte, 0, bytes)
	return &postWriter{ix: ix}
}

// add appends one posting of the current word; last is the seq of the
// word's previous posting (or 0 for its first).
func (w *postWriter) add(seq, last uint32, freq uint8) {
	n := binary.PutUvarint(w.buf[:], uint64(seq-last))
	w.ix.pdata = append(w.ix.pdata, w.buf[:n]...)
	w.ix.freqs = append(w.ix.freqs, freq)
}

// copyWord appends word i of the index old, whose postings all stay,
// unchanged.
func (w *postWriter) copyWord(old *textIndex, i int) {
	w.ix.pdata = append(w.ix.pdata, old.pdata[old.pat[i]:old.pat[i+1]]...)
	w.ix.freqs = append(w.ix.freqs, old.freqs[old.at[i]:old.at[i+1]]...)
}

// end ends the current word.
func (w *postWriter) end() {
	w.ix.at = append(w.ix.at, uint32(len(w.ix.freqs)))
	w.ix.pat = append(w.ix.pat, uint32(len(w.ix.pdata)))
}

// done clips the arrays to their size.
func (w *postWriter) done() {
	w.ix.at, w.ix.pat = slices.Clip(w.ix.at), slices.Clip(w.ix.pat)
	w.ix.freqs, w.ix.pdata = slices.Clip(w.ix.freqs), slices.Clip(w.ix.pdata)
}

// codedSize returns the bytes of the varint gaps of an ascending list.
func codedSize(seqs []uint32) int {
	n, last := 0, uint32(0)
	for _, s := range seqs {
		n += varintLen(s - last)
		last = s
	}
	return n
}

// varintLen returns the bytes binary.PutUvarint writes for v.
func varintLen(v uint32) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// setLists sorts the vocabulary of wl into ix and codes its posting lists
// (each ascending by seq), then lists its Han, Latin and Arabic-script
// words.
func (ix *textIndex) setLists(wl *wordLists) {
	order := make([]int32, len(wl.words))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(wl.words[a], wl.words[b]) })
	total, bytes := 0, 0
	for _, p := range wl.posts {
		total += len(p)
		bytes += codedSize(p)
	}
	ix.words = make([]string, len(order))
	w := newPostWriter(ix, len(order), total, bytes)
	for i, j := range order {
		ix.words[i] = wl.words[j]
		last := uint32(0)
		for k, s := range wl.posts[j] {
			w.add(s, last, wl.freqs[j][k])
			last = s
		}
		w.end()
	}
	w.done()
	ix.classify()
}

// classify lists the Han, Latin and Arabic-script words of the sorted
// vocabulary.
func (ix *textIndex) classify() {
	ix.han, ix.latin, ix.arabic = nil, nil, nil
	byLen := func(l [][]int32, i int, w string) [][]int32 {
		n := utf8.RuneCountInString(w)
		for len(l) <= n {
			l = append(l, nil)
		}
		l[n] = append(l[n], int32(i))
		return l
	}
	for i, w := range ix.words {
		switch {
		case i18n.IsHan(w):
			ix.han = append(ix.han, int32(i))
		case i18n.IsLatin(w):
			ix.latin = byLen(ix.latin, i, w)
		case isArabic(w):
			ix.arabic = byLen(ix.arabic, i, w)
		}
	}
}
