package mongo_test

import (
	"context"
	"testing"

	"hubdir/content/mongo"
)

// TestIndexIDLookups: the _id lookup indexes are made once per collection
// of the embedded store, while it serves, and lookups and writes go on
// working through them.
func TestIndexIDLookups(t *testing.T) {
	ctx := context.Background()
	e, err := mongo.StartEmbedded(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	s, err := mongo.Open(ctx, mongo.Config{URI: e.URI(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	if err := s.PutHub(ctx, hub("TR", "TR")); err != nil {
		t.Fatal(err)
	}
	n, err := s.CreateNeed(ctx, needInput("TR"), "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	made, err := e.IndexIDLookups(ctx)
	if err != nil || made < 3 {
		t.Fatalf("IndexIDLookups: %d made, %v; want one per collection (hubs, needs, counters...)", made, err)
	}
	if again, err := e.IndexIDLookups(ctx); err != nil || again != 0 {
		t.Errorf("second run: %d made, %v; want none", again, err)
	}
	got, err := s.Need(ctx, n.Ref)
	if err != nil || got.Ref != n.Ref {
		t.Fatalf("lookup after indexing: %v, %v", got, err)
	}
	if _, err := s.CreateNeed(ctx, needInput("TR"), "editor@park.ir"); err != nil {
		t.Errorf("write after indexing: %v", err)
	}
}
