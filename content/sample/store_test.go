package sample_test

import (
	"context"
	"os"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/sample"
)

func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }

func tehran(t *testing.T) *time.Location {
	zone, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	return zone
}

// TestLoadMongo loads the sample into the real store and reads it back.
func TestLoadMongo(t *testing.T) {
	zone := tehran(t)
	now := time.Now()
	st := mongotest.Open(t, mongo.Config{Now: func() time.Time { return now }, Zone: zone})
	ctx := context.Background()

	if empty, err := sample.Empty(ctx, st); err != nil || !empty {
		t.Fatalf("Empty = %v, %v", empty, err)
	}
	if err := sample.Load(ctx, st, now, zone); err != nil {
		t.Fatal(err)
	}
	if empty, err := sample.Empty(ctx, st); err != nil || empty {
		t.Fatalf("Empty after Load = %v, %v", empty, err)
	}
	d, err := sample.Parse()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Hubs) != 2 || len(snap.Needs) != len(d.Needs) || len(snap.Companies) != len(d.Companies) || len(snap.Agreements) != len(d.Agreements) {
		t.Fatalf("snapshot: %d hubs, %d needs, %d companies, %d agreements",
			len(snap.Hubs), len(snap.Needs), len(snap.Companies), len(snap.Agreements))
	}
	today := content.Today(now, zone)
	got := map[string]int{}
	for _, n := range snap.Needs {
		got[n.StatusOn(today)]++
	}
	_, seeds := any(st).(sample.Seeder)
	want := map[string]int{content.NeedClosed: 2, content.NeedDraft: 2, content.NeedArchived: 1}
	if seeds {
		want[content.NeedExpired] = 3
		want[content.NeedPublished] = len(d.Needs) - 8
	} else {
		t.Log("the store does not implement sample.Seeder: expired sample needs are stored with tomorrow's deadline")
		want[content.NeedPublished] = len(d.Needs) - 5
	}
	for s, w := range want {
		if got[s] != w {
			t.Errorf("%d needs read as %s, want %d", got[s], s, w)
		}
	}
	for _, a := range snap.Agreements {
		if !a.Published {
			t.Errorf("agreement %s unpublished", a.Slug)
		}
		for _, ref := range a.Needs {
			n, err := st.Need(ctx, ref)
			if err != nil || n.Hub != a.Hub || !n.Public() {
				t.Errorf("agreement %s links %s: %v, %+v", a.Slug, ref, err, n)
			}
		}
	}
	if err := sample.Load(ctx, st, now, zone); err == nil {
		t.Error("a second Load succeeded")
	}
}

// TestLoadSyntheticMongo loads generated needs into the real store.
func TestLoadSyntheticMongo(t *testing.T) {
	zone := tehran(t)
	now := time.Now()
	st := mongotest.Open(t, mongo.Config{Now: func() time.Time { return now }, Zone: zone})
	ctx := context.Background()
	const n = 40
	start := time.Now()
	if err := sample.LoadSynthetic(ctx, st, n, 42, now, zone); err != nil {
		t.Fatal(err)
	}
	t.Logf("stored %d synthetic needs in %v", n, time.Since(start).Round(time.Millisecond))
	snap, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Hubs) != 2 || len(snap.Needs) != n {
		t.Fatalf("%d hubs, %d needs", len(snap.Hubs), len(snap.Needs))
	}
	want := map[string]int{}
	for _, sn := range sample.Synthetic(n, 42, now.In(zone)) {
		want[sn.Status]++
	}
	got := map[string]int{}
	for _, nd := range snap.Needs {
		got[nd.StatusOn(content.Today(now, zone))]++
	}
	if _, seeds := any(st).(sample.Seeder); !seeds {
		want[content.NeedPublished] += want[content.NeedExpired]
		delete(want, content.NeedExpired)
	}
	for s, w := range want {
		if got[s] != w {
			t.Errorf("%d needs read as %s, want %d", got[s], s, w)
		}
	}
}
