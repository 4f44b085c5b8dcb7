package catalog

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// resultCache keeps the answers to public need queries for one state of the
// catalog. A state never changes, so an answer stays right for as long as
// its state is current and its day lasts (the day is part of the key); every
// write makes a new state with an empty cache. Popular pages (the first page
// of the list, a hub's or a sector's needs, a common search) then cost a map
// lookup instead of a pass over every need.
type resultCache struct {
	m sync.Map // string → *NeedResult
	n atomic.Int32
}

// maxCachedResults bounds the answers kept per state; later queries are
// answered without being kept.
const maxCachedResults = 1024

// needKey returns the cache key of a public need query: its text, its
// cleaned filters, order and paging, and the day.
func needKey(text string, sel [][]string, sortBy string, page, perPage int, today int32) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(int(today)))
	b.WriteByte('|')
	b.WriteString(sortBy)
	b.WriteByte('|')
	b.WriteString(strconv.Itoa(page))
	b.WriteByte('|')
	b.WriteString(strconv.Itoa(perPage))
	for _, vals := range sel {
		b.WriteByte('|')
		for i, v := range vals {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(v)
		}
	}
	b.WriteByte('|')
	b.WriteString(text)
	return b.String()
}

// get returns a copy of the cached answer to key, whose Items slice is the
// caller's (the facets stay shared).
func (rc *resultCache) get(key string) (NeedResult, bool) {
	if rc == nil {
		return NeedResult{}, false
	}
	v, ok := rc.m.Load(key)
	if !ok {
		return NeedResult{}, false
	}
	r := *v.(*NeedResult)
	r.Items = append(r.Items[:0:0], r.Items...)
	return r, true
}

// put keeps a copy of the answer r to key, while there is room.
func (rc *resultCache) put(key string, r NeedResult) {
	if rc == nil || rc.n.Load() >= maxCachedResults {
		return
	}
	kept := r
	kept.Items = append(r.Items[:0:0], r.Items...)
	if _, loaded := rc.m.LoadOrStore(key, &kept); !loaded {
		rc.n.Add(1)
	}
}
