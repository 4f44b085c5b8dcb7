package catalog

// chunkSize is the number of slots an order's chunk is cut to. A write
// copies the chunks it touches and the list of chunks, not the whole order.
// Tests make it small.
var chunkSize = 512

// order is a sorted sequence of slots kept in chunks of about chunkSize,
// so that a write copies O(chunkSize + n/chunkSize) instead of O(n). It is
// immutable.
type order[T any] struct {
	chunks [][]slot[T] // none empty
	starts []int       // starts[i]: position of chunks[i][0]; then the length
}

// newOrder cuts sorted slots into an order.
func newOrder[T any](slots []slot[T]) order[T] {
	o := order[T]{}
	for lo := 0; lo < len(slots); lo += chunkSize {
		o.chunks = append(o.chunks, slots[lo:min(lo+chunkSize, len(slots)):min(lo+chunkSize, len(slots))])
	}
	o.index()
	return o
}

// index computes starts.
func (o *order[T]) index() {
	o.starts = make([]int, len(o.chunks)+1)
	for i, c := range o.chunks {
		o.starts[i+1] = o.starts[i] + len(c)
	}
}

// len returns the number of slots.
func (o *order[T]) len() int {
	if len(o.starts) == 0 {
		return 0
	}
	return o.starts[len(o.starts)-1]
}

// at returns the slot at position p.
func (o *order[T]) at(p int32) *slot[T] {
	ci := sortSearch(len(o.chunks), func(i int) bool { return o.starts[i+1] > int(p) })
	return &o.chunks[ci][int(p)-o.starts[ci]]
}

// chunkOf returns the chunk an entry sorts into: the last one whose first
// slot is not after it (0 when none is).
func (o *order[T]) chunkOf(e *entry[T], cmp func(a, b *entry[T]) int) int {
	return max(0, sortSearch(len(o.chunks), func(i int) bool { return cmp(o.chunks[i][0].e, e) > 0 })-1)
}

// splice returns o without the entries of remove and with those of add.
// Only the chunks they fall in are copied; a chunk grown past twice
// chunkSize is split, and an emptied one dropped.
func (o order[T]) splice(remove, add []*entry[T], cmp func(a, b *entry[T]) int) order[T] {
	if len(o.chunks) == 0 {
		return newOrder(splice([]slot[T](nil), nil, add, cmp, entryOf[T], slotOf[T]))
	}
	removeIn := map[int][]*entry[T]{}
	for _, e := range remove {
		ci := o.chunkOf(e, cmp)
		removeIn[ci] = append(removeIn[ci], e)
	}
	addIn := map[int][]*entry[T]{}
	for _, e := range add {
		ci := o.chunkOf(e, cmp)
		addIn[ci] = append(addIn[ci], e)
	}
	out := order[T]{chunks: make([][]slot[T], 0, len(o.chunks)+len(add))}
	for ci, c := range o.chunks {
		r, a := removeIn[ci], addIn[ci]
		if r == nil && a == nil {
			out.chunks = append(out.chunks, c)
			continue
		}
		c = splice(c, r, a, cmp, entryOf[T], slotOf[T])
		for len(c) > 2*chunkSize {
			out.chunks = append(out.chunks, c[:chunkSize:chunkSize])
			c = c[chunkSize:]
		}
		if len(c) > 0 {
			out.chunks = append(out.chunks, c)
		}
	}
	out.index()
	return out
}
