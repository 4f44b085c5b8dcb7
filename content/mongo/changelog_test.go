package mongo_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/sample"
)

// byIDs returns the documents of a snapshot by kind and id, for comparing
// snapshots whose order differs.
func byIDs(s *content.Snapshot) map[string]any {
	m := map[string]any{}
	for _, h := range s.Hubs {
		m["hub/"+h.Code] = h
	}
	for _, n := range s.Needs {
		m["need/"+n.Ref] = n
	}
	for _, c := range s.Companies {
		m["company/"+c.Slug] = c
	}
	for _, a := range s.Agreements {
		m["agreement/"+a.Slug] = a
	}
	for _, o := range s.Offers {
		m["offer/"+o.Ref] = o
	}
	return m
}

// sameDocs fails the test unless the snapshots hold the same documents.
func sameDocs(t *testing.T, what string, got, want *content.Snapshot) {
	t.Helper()
	g, w := byIDs(got), byIDs(want)
	for id, d := range w {
		if !reflect.DeepEqual(g[id], d) {
			t.Errorf("%s: %s differs:\n got %+v\nwant %+v", what, id, g[id], d)
		}
	}
	for id := range g {
		if _, ok := w[id]; !ok {
			t.Errorf("%s: %s should not be there", what, id)
		}
	}
}

// TestChangeLog: on FerretDB every listing write is logged, so that the
// changes since a snapshot file (writes, deletes, another instance's
// writes) are read by _id, and file plus changes equal a full read.
func TestChangeLog(t *testing.T) {
	ctx := context.Background()
	st := mongotest.Open(t, mongo.Config{Now: fixedNow})
	if !mongo.Serialized(st) {
		t.Skip("the change log is for FerretDB")
	}
	zone, _ := time.LoadLocation("Asia/Tehran")
	now := clock
	if err := sample.Load(ctx, st, now, zone); err != nil {
		t.Fatal(err)
	}
	if err := sample.LoadSynthetic(ctx, st, 300, 3, now, zone); err != nil {
		t.Fatal(err)
	}
	base, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "catalog.snap")
	if err := mongo.WriteSnapshotFile(path, base); err != nil {
		t.Fatal(err)
	}
	if rev, err := mongo.SnapshotFileRev(path); err != nil || rev != base.Rev {
		t.Fatalf("SnapshotFileRev = %d, %v; want %d", rev, err, base.Rev)
	}

	// Nothing written since: no changes.
	ch, ok, err := st.ChangesSince(ctx, base.Rev)
	if err != nil || !ok || len(byIDs(ch)) != 0 {
		t.Fatalf("ChangesSince(now) = %v, %v, %v", ch, ok, err)
	}

	// Writes of this instance and of another one on the same store.
	other := mongotest.OpenSame(t, st)
	created, err := st.CreateNeed(ctx, needInput("TR"), "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	published, err := other.TransitionNeed(ctx, created.Ref, content.Publish, created.Version, "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	victim := base.Needs[len(base.Needs)-1]
	deleted, err := other.DeleteNeed(ctx, victim.Ref, victim.Version, "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	edited := base.Needs[3]
	if _, err := st.UpdateNeed(ctx, edited.Ref, &content.NeedPatch{Version: edited.Version,
		Title: content.Text{"en": "A new title for the change log"}}, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	co := base.Companies[0]
	if _, err := other.PublishCompany(ctx, co.Slug, !co.Published, co.Version, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	h := *base.Hubs[0]
	h.Name = content.Text{"en": "A renamed hub", "fa": "هاب"}
	if err := st.PutHub(ctx, &h); err != nil {
		t.Fatal(err)
	}

	ch, ok, err = st.ChangesSince(ctx, base.Rev)
	if err != nil || !ok {
		t.Fatalf("ChangesSince = %v, %v", ok, err)
	}
	full, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Rev != full.Rev {
		t.Errorf("changes at revision %d, the store at %d", ch.Rev, full.Rev)
	}
	// Six writes: every revision since the file is covered.
	if len(ch.Covered) != int(full.Rev-base.Rev) || len(ch.Covered) != 6 {
		t.Errorf("covered %v, want the %d revisions after %d", ch.Covered, full.Rev-base.Rev, base.Rev)
	}
	if !slices.ContainsFunc(ch.Needs, func(n *content.Need) bool { return n.Ref == deleted.Ref && n.DeletedAt != nil }) {
		t.Errorf("the deleted need is not among the changes")
	}
	if !slices.ContainsFunc(ch.Needs, func(n *content.Need) bool { return n.Ref == published.Ref && n.Rev == published.Rev }) {
		t.Errorf("the need created and published is not among the changes at its last revision")
	}

	// The file plus the changes is what a full read returns.
	file, err := mongo.ReadSnapshotFile(ctx, path, base.Rev)
	if err != nil {
		t.Fatal(err)
	}
	merged := mongo.MergeChanges(file, ch)
	if merged.Rev != full.Rev {
		t.Errorf("merged revision %d, want %d", merged.Rev, full.Rev)
	}
	sameDocs(t, "file + changes", merged, full)

	// Changes (the catalog's sync) reads through the log too, and says
	// the same as the log.
	viaSync, err := other.Changes(ctx, base.Rev)
	if err != nil {
		t.Fatal(err)
	}
	sameDocs(t, "Changes", viaSync, ch)

	// Below the log's start (pruned, or never logged: an import, an older
	// store) the log says so, and Changes reads the listings.
	if err := st.PruneChanges(ctx, base.Rev+2); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := st.ChangesSince(ctx, base.Rev); ok || err != nil {
		t.Errorf("ChangesSince below the pruned start = %v, %v; want false", ok, err)
	}
	if _, ok, err := st.ChangesSince(ctx, base.Rev+2); !ok || err != nil {
		t.Errorf("ChangesSince at the pruned start = %v, %v; want true", ok, err)
	}
	viaScan, err := st.Changes(ctx, base.Rev)
	if err != nil {
		t.Fatal(err)
	}
	sameDocs(t, "Changes below the log", viaScan, ch)
	if start, ok, err := st.LogStart(ctx); start != base.Rev+2 || !ok || err != nil {
		t.Errorf("LogStart = %d, %v, %v; want %d", start, ok, err, base.Rev+2)
	}
}

// TestChangeLogInFlight: a revision whose row is logged but whose
// document is not yet written at it is not covered, so the catalog's sync
// asks again.
func TestChangeLogInFlight(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	if !mongo.Serialized(st) {
		t.Skip("the change log is for FerretDB")
	}
	n := createNeed(t, st, "TR")
	rev, err := st.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A write that allocated (and logged) its revision and has not
	// written its document yet.
	if _, err := mongo.AllocRev(ctx, st, "needs", n.Ref); err != nil {
		t.Fatal(err)
	}
	ch, ok, err := st.ChangesSince(ctx, rev-1)
	if err != nil || !ok {
		t.Fatalf("ChangesSince = %v, %v", ok, err)
	}
	if !slices.Equal(ch.Covered, []int64{rev}) {
		t.Errorf("covered %v, want only %d (the write in flight is not)", ch.Covered, rev)
	}
	if len(ch.Needs) != 1 || ch.Needs[0].Rev != rev {
		t.Errorf("changes %v, want the need at %d", ch.Needs, rev)
	}
}

// TestChangeLogBackfill: a store written without a change log (by an
// older version) gets one at the next open, covering the last revisions,
// so that the catalog's sync after a start reads the log.
func TestChangeLogBackfill(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	if !mongo.Serialized(st) {
		t.Skip("the change log is for FerretDB")
	}
	var last *content.Need
	for range 5 {
		last = createNeed(t, st, "TR")
	}
	if _, err := st.UpdateNeed(ctx, last.Ref, &content.NeedPatch{Version: last.Version,
		Title: content.Text{"en": "Edited before the log"}}, "x"); err != nil {
		t.Fatal(err)
	}
	if err := mongo.DropChangeLog(ctx, st); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := st.ChangesSince(ctx, 0); ok || err != nil {
		t.Fatalf("ChangesSince without a log = %v, %v", ok, err)
	}
	again := mongotest.OpenSame(t, st)
	start, ok, err := again.LogStart(ctx)
	if err != nil || !ok || start != 0 {
		t.Fatalf("LogStart after the backfill = %d, %v, %v; want 0 (fewer revisions than the backfill)", start, ok, err)
	}
	viaLog, ok, err := again.ChangesSince(ctx, 0)
	if err != nil || !ok {
		t.Fatalf("ChangesSince after the backfill = %v, %v", ok, err)
	}
	full, err := again.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameDocs(t, "backfilled log", mongo.MergeChanges(&content.Snapshot{}, viaLog), full)
}
