package content

import (
	"slices"
	"testing"
	"time"
)

func TestStampTextAndStale(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Hour)
	n := &Need{Title: Text{"fa": "الف", "en": "A"}, Summary: Text{"en": "S"}}
	StampNeedText(nil, n, t0)
	if len(n.TextUpdated) != 2 || !n.TextUpdated["fa"].Equal(t0) {
		t.Fatalf("create: %v", n.TextUpdated)
	}
	if s := StaleLocales(n.Texts(), n.TextUpdated); len(s) != 0 {
		t.Errorf("fresh need stale: %v", s)
	}
	m := MissingFields(n.Texts())
	if !slices.Equal(m["fa"], []string{"summary"}) || !slices.Equal(m["zh"], []string{"title", "summary"}) || m["en"] != nil {
		t.Errorf("missing: %v", m)
	}
	// Only English changes: Persian is now older.
	next := *n
	next.Title = Text{"fa": "الف", "en": "A2"}
	StampNeedText(n, &next, t1)
	if s := StaleLocales(next.Texts(), next.TextUpdated); !slices.Equal(s, []string{"fa"}) {
		t.Errorf("stale after en edit: %v (%v)", s, next.TextUpdated)
	}
	if !n.TextUpdated["en"].Equal(t0) {
		t.Error("StampNeedText changed the previous version's times")
	}
	// Removing a locale's text drops its time.
	last := next
	last.Title = Text{"en": "A2"}
	StampNeedText(&next, &last, t1.Add(time.Hour))
	if _, ok := last.TextUpdated["fa"]; ok {
		t.Errorf("removed locale keeps a time: %v", last.TextUpdated)
	}
	// Legacy documents without times: nothing is stale.
	if s := StaleLocales((&Need{Title: Text{"en": "x", "fa": "y"}}).Texts(), nil); s != nil {
		t.Errorf("legacy stale: %v", s)
	}
}

func TestCanPublish(t *testing.T) {
	n := &Need{Ref: "TR-26-0001", CreatedBy: "a@x.org"}
	if err := n.CanPublish(&Hub{}, "a@x.org"); err != nil {
		t.Errorf("no review: %v", err)
	}
	h := &Hub{RequireReview: true}
	if ErrorCode(n.CanPublish(h, "b@x.org")) != CodeForbidden {
		t.Error("published without review request")
	}
	n.ReviewRequestedBy = "a@x.org"
	if ErrorCode(n.CanPublish(h, "a@x.org")) != CodeForbidden {
		t.Error("author published own need")
	}
	if err := n.CanPublish(h, "b@x.org"); err != nil {
		t.Errorf("reviewer: %v", err)
	}
}
