package catalog

import (
	"encoding/binary"
	"slices"

	"hubdir/content"
)

// Memory of needs (issue 13): a need's search key, the folded text of
// every field and locale, is as long as its text (2.4 KB of 8.3 KB a need
// at 100,000 needs; docs/performance.md). Needs therefore do not keep it:
// the index is built from keys computed on the fly, each need's terms are
// taken once (when its entry is made, before it is published), the index
// takes in new entries by merging their terms (mergeText) rather than by
// reading every key again, and the few readers of one need's key (match
// reasons, "did you mean", standards named) compute it again.

// searchKey returns e's search key and the ends of its fields: kept in the
// entry for every kind but needs, whose key is computed again from the
// document.
func searchKey[T any](e *entry[T]) (string, [numFields - 1]uint32) {
	if e.key != "" {
		return e.key, e.cut
	}
	if n, ok := any(e.doc).(*content.Need); ok {
		return needSearchKey(n)
	}
	return "", [numFields - 1]uint32{}
}

// needSearchKey returns the search key of a need.
func needSearchKey(n *content.Need) (string, [numFields - 1]uint32) {
	return keyOf(n.Ref, n.Title, []content.Text{n.Summary}, []content.Text{n.Body}, n.Sectors...)
}

// digitHashes appends to dst the hashes of the distinct runs of digits of
// a folded key (the digit parts of textParts), sorted: what a standard's
// number must be among for the key to name it (namesStandard).
func digitHashes(key string, dst []uint32) []uint32 {
	// A run of ASCII digits never spans a space: no need to split words.
	start := -1
	for i := 0; i <= len(key); i++ {
		digit := i < len(key) && isDigit(key[i])
		switch {
		case digit && start < 0:
			start = i
		case !digit && start >= 0:
			dst = append(dst, hashPart(key[start:i]))
			start = -1
		}
	}
	if len(dst) == 0 {
		return nil
	}
	slices.Sort(dst)
	return slices.Clip(slices.Compact(dst))
}

// hashPart returns the FNV-1a hash of a part of a key.
func hashPart(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// mayName reports whether e's key may name one of the standard codes: it
// holds the number of one of them (standardCore). When false, it names
// none of them, and its key need not be computed.
func (e *entry[T]) mayName(codes []string) bool {
	for _, c := range codes {
		_, core := standardCore(c)
		i := slices.IndexFunc(core, func(p string) bool { return isDigit(p[0]) })
		if i < 0 {
			continue
		}
		if _, ok := slices.BinarySearch(e.nums, hashPart(core[i])); ok {
			return true
		}
	}
	return false
}

// mergeText returns the index of the entries live (a listing's byID, all
// numbered below limit): ix (whose entries that are no longer live are
// left out) with the terms of docs, the entries added since it was built
// (those no longer live are left out). It is what buildText returns for
// live, without reading their keys.
func mergeText[T any](ix *textIndex, docs []*docTerms, live []*entry[T], limit uint32) *textIndex {
	alive := make([]uint64, (limit+63)/64)
	for _, e := range live {
		alive[e.seq>>6] |= 1 << (e.seq & 63)
	}
	isLive := func(s uint32) bool { return s < limit && alive[s>>6]&(1<<(s&63)) != 0 }
	nx := &textIndex{limit: limit, docs: len(live), lens: make([]uint16, limit)}
	copy(nx.lens, ix.lens)
	type added struct {
		posts []uint32
		freqs []uint8
	}
	add := map[string]*added{}
	for _, d := range docs {
		if !isLive(d.seq) {
			continue
		}
		nx.lens[d.seq] = d.len
		for i, t := range d.terms {
			a := add[t]
			if a == nil {
				a = &added{}
				add[t] = a
			}
			a.posts = append(a.posts, d.seq)
			a.freqs = append(a.freqs, d.freqs[i])
		}
	}
	total := 0
	for _, e := range live {
		total += int(nx.lens[e.seq])
	}
	nx.avgLen = float32(total) / float32(max(1, len(live)))
	fresh := make([]string, 0, len(add))
	for t := range add {
		fresh = append(fresh, t)
	}
	slices.Sort(fresh)
	// The coded lists of ix's words all of whose postings are live are
	// copied as they are; the others are decoded, filtered and coded
	// again, with the postings added (their seqs are above every seq of
	// ix: the lists stay ascending).
	postings, bytes := len(ix.freqs), len(ix.pdata)
	for _, a := range add {
		postings += len(a.posts)
		bytes += len(a.posts) * binary.MaxVarintLen32
	}
	nx.words = make([]string, 0, len(ix.words)+len(fresh))
	w := newPostWriter(nx, len(ix.words)+len(fresh), postings, bytes)
	var seqs []uint32
	var freqs []uint8
	keep := func(word string, old int, a *added) {
		seqs, freqs = seqs[:0], freqs[:0]
		all := true
		if old >= 0 {
			ix.postings(old, func(s uint32, f uint8) bool {
				if isLive(s) {
					seqs, freqs = append(seqs, s), append(freqs, f)
				} else {
					all = false
				}
				return true
			})
		}
		if len(seqs) == 0 && a == nil {
			return
		}
		nx.words = append(nx.words, word)
		if old >= 0 && all && a == nil {
			w.copyWord(ix, old)
			w.end()
			return
		}
		if a != nil {
			seqs, freqs = append(seqs, a.posts...), append(freqs, a.freqs...)
		}
		last := uint32(0)
		for k, s := range seqs {
			w.add(s, last, freqs[k])
			last = s
		}
		w.end()
	}
	i, j := 0, 0
	for i < len(ix.words) || j < len(fresh) {
		switch {
		case j == len(fresh) || i < len(ix.words) && ix.words[i] < fresh[j]:
			keep(ix.words[i], i, nil)
			i++
		case i == len(ix.words) || fresh[j] < ix.words[i]:
			keep(fresh[j], -1, add[fresh[j]])
			j++
		default:
			keep(ix.words[i], i, add[fresh[j]])
			i++
			j++
		}
	}
	w.done()
	nx.words = slices.Clip(nx.words)
	nx.classify()
	return nx
}
