package catalog

import (
	"testing"
	"time"

	"hubdir/content"
)

// TestResultCache checks that cached public answers follow writes and the
// day, and that a caller changing its Items does not change the cache.
func TestResultCache(t *testing.T) {
	now := at(0)
	c := New(tehran, func() time.Time { return now })
	c.Load(&content.Snapshot{Rev: 2, Hubs: []*content.Hub{{Code: "TR", Rev: 1}}, Needs: []*content.Need{
		need("TR-26-0001", "TR", "technology", content.NeedPublished, "2026-03-01", 0, rev(2)),
	}})
	q := NeedQuery{Statuses: []string{"open"}}
	r := c.Needs(q)
	if r.Total != 1 {
		t.Fatalf("total %d, want 1", r.Total)
	}
	r.Items[0] = nil // the caller's slice
	if again := c.Needs(q); again.Total != 1 || again.Items[0] == nil || again.Items[0].Ref != "TR-26-0001" {
		t.Fatalf("cached answer = %+v", again)
	}

	c.PutNeed(need("TR-26-0002", "TR", "technology", content.NeedPublished, "2026-04-01", 1, rev(3)))
	if r := c.Needs(q); r.Total != 2 || r.Facets[FacetHub]["TR"] != 2 {
		t.Fatalf("after a write: total %d, facets %v, want 2", r.Total, r.Facets)
	}

	now = now.Add(24 * time.Hour) // TR-26-0001 has expired
	if r := c.Needs(q); r.Total != 1 || r.Items[0].Ref != "TR-26-0002" {
		t.Fatalf("the next day: total %d, want only TR-26-0002", r.Total)
	}
}
