package mongo

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"go.mongodb.org/mongo-driver/v2/bson"

	"hubdir/content"
)

// SnapshotFileRev returns the revision the snapshot file at path was
// written at, reading only its header. The error wraps fs.ErrNotExist when
// there is no file.
func SnapshotFileRev(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	magic := make([]byte, len(snapMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != snapMagic {
		return 0, fmt.Errorf("snapshot file %s: not a snapshot file", path)
	}
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return 0, fmt.Errorf("snapshot file %s: %w", path, err)
	}
	size := binary.LittleEndian.Uint32(n[:])
	if size > 1<<16 {
		return 0, fmt.Errorf("snapshot file %s: header of %d bytes", path, size)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		return 0, fmt.Errorf("snapshot file %s: %w", path, err)
	}
	var head snapHeader
	if err := bson.Unmarshal(b, &head); err != nil {
		return 0, fmt.Errorf("snapshot file %s: header: %w", path, err)
	}
	return head.Rev, nil
}

// MergeChanges returns base (a snapshot: no deleted documents) with the
// changes ch applied, as the catalog's Apply would apply them: a document
// of ch replaces the one of base with its id unless it is older, a
// deleted one removes it, a new one is added at the end. The result's Rev
// and Covered are ch's. base's slices are reused.
func MergeChanges(base, ch *content.Snapshot) *content.Snapshot {
	out := &content.Snapshot{Rev: max(base.Rev, ch.Rev), Covered: ch.Covered}
	out.Hubs = merge(base.Hubs, ch.Hubs, func(h *content.Hub) string { return h.Code },
		func(h *content.Hub) int64 { return h.Rev }, func(*content.Hub) bool { return false })
	out.Needs = merge(base.Needs, ch.Needs, func(n *content.Need) string { return n.Ref },
		func(n *content.Need) int64 { return n.Rev }, func(n *content.Need) bool { return n.DeletedAt != nil })
	out.Companies = merge(base.Companies, ch.Companies, func(c *content.Company) string { return c.Slug },
		func(c *content.Company) int64 { return c.Rev }, func(c *content.Company) bool { return c.DeletedAt != nil })
	out.Agreements = merge(base.Agreements, ch.Agreements, func(a *content.Agreement) string { return a.Slug },
		func(a *content.Agreement) int64 { return a.Rev }, func(a *content.Agreement) bool { return a.DeletedAt != nil })
	out.Offers = merge(base.Offers, ch.Offers, func(o *content.Offer) string { return o.Ref },
		func(o *content.Offer) int64 { return o.Rev }, func(o *content.Offer) bool { return o.DeletedAt != nil })
	return out
}

// merge applies the documents of put to docs (see MergeChanges).
func merge[T any](docs, put []T, id func(T) string, rev func(T) int64, deleted func(T) bool) []T {
	if len(put) == 0 {
		return docs
	}
	at := make(map[string]int, len(docs))
	for i, d := range docs {
		at[id(d)] = i
	}
	gone := false
	for _, d := range put {
		i, ok := at[id(d)]
		switch {
		case ok && rev(d) < rev(docs[i]):
			continue
		case ok:
			docs[i] = d
			gone = gone || deleted(d)
		case !deleted(d):
			at[id(d)] = len(docs)
			docs = append(docs, d)
		}
	}
	if gone {
		out := docs[:0]
		for _, d := range docs {
			if !deleted(d) {
				out = append(out, d)
			}
		}
		clear(docs[len(out):])
		docs = out
	}
	return docs
}
