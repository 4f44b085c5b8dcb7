package catalog

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"hubdir/content"
)

// TestMergedIndexEqualsRebuilt: a catalog that took in many writes one by
// one (creates, edits of the text, deletes: several merges of the delta
// into the index, which reads no key again) answers every text query as a
// catalog loaded at once with the same needs does.
func TestMergedIndexEqualsRebuilt(t *testing.T) {
	now := func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }
	hubs := []*content.Hub{{Code: "CN"}, {Code: "TR"}}
	needs := synthNeeds(1200, 5)
	c := New(tehran, now)
	c.uncached = true
	c.Load(&content.Snapshot{Hubs: hubs, Needs: needs[:600]})
	held := map[string]*content.Need{}
	for _, n := range needs[:600] {
		held[n.Ref] = n
	}
	rev := int64(1)
	put := func(n *content.Need) {
		rev++
		n.Rev = rev
		c.PutNeed(n)
		if n.DeletedAt != nil {
			delete(held, n.Ref)
		} else {
			held[n.Ref] = n
		}
	}
	for i, n := range needs[600:] {
		put(n) // new needs
		switch old := needs[i]; i % 3 {
		case 0: // an edit of the text
			e := *old
			e.Title = content.Text{"en": fmt.Sprintf("zebrafish membrane %d", i), "fa": "غشای جدید"}
			e.Body = content.Text{"en": "A rewritten body about battery recycling " + fmt.Sprint(i)}
			put(&e)
		case 1: // a delete
			d := *old
			at := now()
			d.DeletedAt = &at
			put(&d)
		}
	}
	// Last, a batch larger than the delta: the index then holds every
	// need (the delta is scored apart, as an approximation).
	var batch []*content.Need
	for _, n := range needs[700:] {
		if n := held[n.Ref]; n != nil {
			e := *n
			rev++
			e.Rev = rev
			e.Summary = content.Text{"en": "battery membrane in the last batch"}
			batch = append(batch, &e)
			held[e.Ref] = &e
		}
	}
	if len(batch) <= maxDelta-len(c.state.Load().needs.delta) {
		t.Fatalf("a batch of %d does not overflow the delta", len(batch))
	}
	c.Apply(&content.Snapshot{Needs: batch})
	if n := len(c.state.Load().needs.delta); n != 0 {
		t.Fatalf("delta of %d entries after a merge", n)
	}
	fresh := New(tehran, now)
	fresh.uncached = true
	var all []*content.Need
	for _, n := range held {
		all = append(all, n)
	}
	fresh.Load(&content.Snapshot{Hubs: hubs, Needs: all})
	admin := Viewer{Staff: &content.Staff{Role: content.RoleAdmin}}
	for _, q := range []string{"", "battery", "zebrafish", "zebrafish membrane", "membrane", "غشا", "电池", "robot vision",
		"sensör", "batt", "recycling battery", "zebrafih", "TR-26-00601"} {
		for _, v := range []Viewer{{}, admin} {
			for _, page := range []int{1, 2} {
				query := NeedQuery{Text: q, Viewer: v, Page: page}
				got, want := c.Needs(query), fresh.Needs(query)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("Needs(%q, page %d, staff %v): %d of %d, want %d of %d", q, page, v.Staff != nil,
						len(got.Items), got.Total, len(want.Items), want.Total)
				}
			}
		}
	}
	got, want := c.state.Load().needs.text, fresh.state.Load().needs.text
	if got.docs != want.docs || got.avgLen != want.avgLen || len(got.words) != len(want.words) {
		t.Errorf("merged index: %d docs, avg %v, %d words; rebuilt: %d, %v, %d",
			got.docs, got.avgLen, len(got.words), want.docs, want.avgLen, len(want.words))
	}
}

// TestMayName: the test on the numbers of a key never rules out a key
// that names a standard, and rules out keys without its number.
func TestMayName(t *testing.T) {
	for _, tt := range []struct {
		key   string
		codes []string
		want  bool
	}{
		{"laboratory accredited to iso iec 17025 2017", []string{"ISO/IEC 17025"}, true},
		{"testing to astm d638 and iso 527", []string{"ASTM D638"}, true},
		{"testing to astm d638 and iso 527", []string{"ISO 9001", "ISO 527"}, true},
		{"testing to astm d638", []string{"ISO 9001"}, false},
		{"no numbers at all", []string{"GB/T 2423.1"}, false},
		{"gb t 2423 1 climate chamber", []string{"GB/T 2423.1"}, true},
	} {
		e := &entry[*content.Need]{nums: digitHashes(tt.key, nil)}
		if got := e.mayName(tt.codes); got != tt.want {
			t.Errorf("mayName(%q, %v) = %v, want %v", tt.key, tt.codes, got, tt.want)
		}
		if tt.want {
			named := namedStandards(textParts(tt.key), tt.codes)
			if len(named) == 0 {
				t.Errorf("%q names none of %v: the case does not test mayName", tt.key, tt.codes)
			}
		}
	}
}
