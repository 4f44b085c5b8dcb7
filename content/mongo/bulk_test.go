package mongo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hubdir/content"
)

// seedNeeds returns count published needs of the hub with the references
// <hub>-26-<first>, <hub>-26-<first+1>, ….
func seedNeeds(hub string, first, count int) []*content.Need {
	needs := make([]*content.Need, count)
	for i := range needs {
		in := needInput(hub)
		in.Deadline = "2025-12-31" // in the past: seeding accepts it
		in.Title = content.Text{"en": fmt.Sprintf("Seeded need %d", first+i), "fa": zwnjTitle}
		n := in.NewNeed(fmt.Sprintf("%s-26-%04d", hub, first+i), "seed@hubdir", clock.Add(-time.Hour))
		n.Status, n.Version = content.NeedPublished, 2
		at := clock.Add(-30 * time.Minute)
		n.PublishedAt, n.UpdatedAt = &at, at
		needs[i] = n
	}
	return needs
}

func TestSeedNeeds(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	before, err := s.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	needs := append(seedNeeds("TR", 1, 700), seedNeeds("CN", 1, 500)...)
	if err := s.SeedNeeds(ctx, needs); err != nil {
		t.Fatalf("SeedNeeds: %v", err)
	}

	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Needs) != len(needs) {
		t.Fatalf("Snapshot holds %d needs, want %d", len(snap.Needs), len(needs))
	}
	revs := map[int64]bool{}
	for _, n := range snap.Needs {
		if n.Rev <= before || n.Rev > snap.Rev {
			t.Fatalf("need %s has revision %d, want in (%d, %d]", n.Ref, n.Rev, before, snap.Rev)
		}
		if revs[n.Rev] {
			t.Fatalf("revision %d used twice", n.Rev)
		}
		revs[n.Rev] = true
	}
	got, err := s.Need(ctx, "TR-26-0700")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != content.NeedPublished || got.Deadline != "2025-12-31" || got.Title["en"] != "Seeded need 700" || got.PublishedAt == nil {
		t.Errorf("TR-26-0700 = %+v", got)
	}

	// The next created needs take the references after the seeded ones.
	if n := createNeed(t, s, "TR"); n.Ref != "TR-26-0701" {
		t.Errorf("next TR reference = %s, want TR-26-0701", n.Ref)
	}
	if n := createNeed(t, s, "CN"); n.Ref != "CN-26-0501" {
		t.Errorf("next CN reference = %s, want CN-26-0501", n.Ref)
	}

	// Reserved references follow on and are not handed out again.
	refs, err := s.ReserveNeedRefs(ctx, "TR", 3)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(refs) != "[TR-26-0702 TR-26-0703 TR-26-0704]" {
		t.Errorf("ReserveNeedRefs = %v", refs)
	}
	if n := createNeed(t, s, "TR"); n.Ref != "TR-26-0705" {
		t.Errorf("reference after the reserved ones = %s, want TR-26-0705", n.Ref)
	}
	if _, err := s.ReserveNeedRefs(ctx, "XX", 1); err == nil {
		t.Error("ReserveNeedRefs of an unknown hub succeeded")
	}
}

func TestSeedNeedsBadInputWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	rev, err := s.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}

	invalid := seedNeeds("TR", 1, 600)
	invalid[550].Sectors = []string{"no-such-sector"}
	wantCode(t, s.SeedNeeds(ctx, invalid), content.CodeInvalid)

	unknownHub := seedNeeds("TR", 1, 10)
	unknownHub[3].Hub = "DE"
	unknownHub[3].Ref = "DE-26-0001"
	wantCode(t, s.SeedNeeds(ctx, unknownHub), content.CodeInvalid)

	repeated := seedNeeds("TR", 1, 10)
	repeated[9].Ref = repeated[2].Ref
	wantCode(t, s.SeedNeeds(ctx, repeated), content.CodeConflict)

	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Needs) != 0 || snap.Rev != rev {
		t.Fatalf("after rejected seeds: %d needs, revision %d (was %d), want nothing written", len(snap.Needs), snap.Rev, rev)
	}
	if n := createNeed(t, s, "TR"); n.Ref != "TR-26-0001" {
		t.Errorf("first reference after rejected seeds = %s, want TR-26-0001", n.Ref)
	}
}
