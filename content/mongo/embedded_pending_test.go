package mongo_test

import (
	"context"
	"slices"
	"testing"

	"hubdir/content"
	"hubdir/content/mongo"
)

// TestPendingIDs: the embedded store's reading of FerretDB's SQLite finds
// exactly the documents a write left with pending events, and
// RecoverEvents relays them through it as through the query.
func TestPendingIDs(t *testing.T) {
	ctx := context.Background()
	e, err := mongo.StartEmbedded(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	calls := 0
	pending := func(ctx context.Context, database, coll string) ([]string, error) {
		calls++
		return e.PendingIDs(ctx, database, coll)
	}
	s, err := mongo.Open(ctx, mongo.Config{URI: e.URI(), Now: fixedNow, Pending: pending})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	if ids, err := e.PendingIDs(ctx, s.Database(), "no-such-collection"); err != nil || len(ids) != 0 {
		t.Fatalf("unknown collection: %v, %v", ids, err)
	}
	if ids, err := e.PendingIDs(ctx, "no-such-database", "needs"); err != nil || len(ids) != 0 {
		t.Fatalf("unknown database: %v, %v", ids, err)
	}
	if err := s.PutHub(ctx, hub("TR", "TR")); err != nil {
		t.Fatal(err)
	}
	// Two needs written (each with its event pending, as a process killed
	// before its relay leaves them), one of them relayed.
	a, err := s.CreateNeed(ctx, needInput("TR"), "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateNeed(ctx, needInput("TR"), "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RelayEvents(ctx, content.KindNeed, a.Ref); err != nil {
		t.Fatal(err)
	}
	ids, err := e.PendingIDs(ctx, s.Database(), "needs")
	if err != nil || !slices.Equal(ids, []string{b.Ref}) {
		t.Fatalf("pending needs: %v, %v; want [%s]", ids, err, b.Ref)
	}
	n, err := s.RecoverEvents(ctx)
	if err != nil || n != 1 || calls == 0 {
		t.Fatalf("RecoverEvents: %d documents, %v (%d lookups); want 1 through PendingIDs", n, err, calls)
	}
	evs, err := s.EventsAfter(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]int{}
	for _, ev := range evs {
		refs[ev.Ref]++
	}
	if refs[a.Ref] != 1 || refs[b.Ref] != 1 {
		t.Errorf("events by need: %v; want one each for %s and %s", refs, a.Ref, b.Ref)
	}
	if ids, err := e.PendingIDs(ctx, s.Database(), "needs"); err != nil || len(ids) != 0 {
		t.Errorf("after recovery: %v, %v; want none", ids, err)
	}
}
