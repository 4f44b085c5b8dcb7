package catalog

// Facet values are numbered per facet (dict) so that an entry keeps small
// ids instead of strings; a writer's dictSet clones a dict before it grows.

import (
	"maps"
	"slices"
)

// maxValues bounds the facet values of one entry; validated listings have
// at most 14.
const maxValues = 16

// dict numbers the values of one facet. It only grows, so ids held by
// entries stay valid; a writer clones it before adding a value.
type dict struct {
	ids  map[string]uint16
	vals []string
}

func newDict(seed []string) *dict {
	d := &dict{ids: make(map[string]uint16, len(seed))}
	for _, v := range seed {
		d.add(v)
	}
	return d
}

func (d *dict) add(v string) uint16 {
	if id, ok := d.ids[v]; ok {
		return id
	}
	id := uint16(len(d.vals))
	d.ids[v] = id
	d.vals = append(d.vals, v)
	return id
}

func (d *dict) clone() *dict {
	return &dict{ids: maps.Clone(d.ids), vals: slices.Clone(d.vals)}
}

// dictSet is a writer's copy-on-write view of a listing's dictionaries.
type dictSet struct {
	d   []*dict
	own []bool
}

func newDictSet(d []*dict, owned bool) *dictSet {
	s := &dictSet{d: slices.Clone(d), own: make([]bool, len(d))}
	for i := range s.own {
		s.own[i] = owned
	}
	return s
}

func (s *dictSet) intern(f int, v string) uint16 {
	if id, ok := s.d[f].ids[v]; ok {
		return id
	}
	if !s.own[f] {
		s.d[f] = s.d[f].clone()
		s.own[f] = true
	}
	return s.d[f].add(v)
}
