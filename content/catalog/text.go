package catalog

import (
	"runtime"
	"strings"
	"sync"
)

// textIndex maps the words of the search keys of the entries numbered
// below limit to those entries. A query term, which has no spaces, occurs
// in a key exactly when it occurs in one of the key's words, so a scan of
// the vocabulary (much smaller than all the text) plus the posting lists
// of the matching words find every entry a substring search of the keys
// would. Entries added later (seq >= limit) are searched directly until
// the index is rebuilt. The index is immutable.
type textIndex struct {
	limit  uint32     // entries with seq < limit are indexed
	words  []string   // the vocabulary (while building)
	blob   string     // the vocabulary, each word followed by a NUL
	starts []int32    // per word: its offset in blob
	posts  [][]uint32 // per word: the seq of each entry whose key has it
}

// buildText indexes the search keys (head false) or the heads (head true)
// of entries, all numbered below limit.
func buildText[T any](entries []*entry[T], limit uint32, head bool) *textIndex {
	ix := collectWords(entries, head)
	ix.limit = limit
	var b strings.Builder
	ix.starts = make([]int32, len(ix.words))
	for i, w := range ix.words {
		ix.starts[i] = int32(b.Len())
		b.WriteString(w)
		b.WriteByte(0)
	}
	ix.blob, ix.words = b.String(), nil
	return ix
}

// collectWords returns the vocabulary and posting lists of entries.
func collectWords[T any](entries []*entry[T], head bool) *textIndex {
	workers := 1
	if len(entries) >= 2048 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunk := (len(entries) + workers - 1) / workers
	parts := make([]*textIndex, 0, workers)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for lo := 0; lo < len(entries); lo += chunk {
		part := entries[lo:min(lo+chunk, len(entries))]
		wg.Go(func() {
			ix := indexWords(part, head)
			mu.Lock()
			parts = append(parts, ix)
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(parts) == 1 {
		return parts[0]
	}
	out := &textIndex{}
	at := map[string]int{}
	for _, p := range parts {
		for i, w := range p.words {
			j, ok := at[w]
			if !ok {
				j = len(out.words)
				at[w] = j
				out.words = append(out.words, w)
				out.posts = append(out.posts, nil)
			}
			out.posts[j] = append(out.posts[j], p.posts[i]...)
		}
	}
	return out
}

// indexWords indexes the words of the keys of entries.
func indexWords[T any](entries []*entry[T], head bool) *textIndex {
	ix := &textIndex{}
	at := map[string]int{}
	for _, e := range entries {
		key := e.key
		if head {
			key = e.head
		}
		for key != "" {
			w := key
			if i := strings.IndexByte(key, ' '); i >= 0 {
				w, key = key[:i], key[i+1:]
			} else {
				key = ""
			}
			if w == "" {
				continue
			}
			j, ok := at[w]
			if !ok {
				j = len(ix.words)
				at[w] = j
				ix.words = append(ix.words, w)
				ix.posts = append(ix.posts, nil)
			}
			if p := ix.posts[j]; len(p) == 0 || p[len(p)-1] != e.seq {
				ix.posts[j] = append(p, e.seq)
			}
		}
	}
	return ix
}

// bitsPool recycles per-query bitmaps.
var bitsPool = sync.Pool{New: func() any { return new([]uint64) }}

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

// match returns the bitmap of the indexed entries whose text holds every
// token (a non-empty list); the caller puts it back into bitsPool.
func (ix *textIndex) match(tokens []string) *[]uint64 {
	out := getBits(ix.limit)
	var tmp *[]uint64
	for i, t := range tokens {
		if i == 0 {
			ix.mark(t, *out)
			continue
		}
		if tmp == nil {
			tmp = getBits(ix.limit)
		} else {
			clear(*tmp)
		}
		ix.mark(t, *tmp)
		for j, w := range *tmp {
			(*out)[j] &= w
		}
	}
	if tmp != nil {
		bitsPool.Put(tmp)
	}
	return out
}

// mark sets in b the bits of the indexed entries whose text holds token t.
func (ix *textIndex) mark(t string, b []uint64) {
	if t == "" {
		return
	}
	for pos := 0; pos < len(ix.blob); {
		i := strings.Index(ix.blob[pos:], t)
		if i < 0 {
			return
		}
		// The word holding the match: the last one starting at or before it.
		w := sortSearch(len(ix.starts), func(j int) bool { return int(ix.starts[j]) > pos+i }) - 1
		for _, s := range ix.posts[w] {
			b[s>>6] |= 1 << (s & 63)
		}
		if w+1 == len(ix.starts) {
			return
		}
		pos = int(ix.starts[w+1])
	}
}
