package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"hubdir/content"
	"hubdir/content/mongo"
)

// eventsOf returns every event of the log about the document ref.
func eventsOf(t *testing.T, s *mongo.Store, ref string) []*content.Event {
	t.Helper()
	all, err := s.EventsAfter(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []*content.Event
	for _, e := range all {
		if e.Ref == ref {
			out = append(out, e)
		}
	}
	return out
}

// TestEventInTheSameWrite checks that a write records its event in the
// document it changes, and that nothing reaches the log before the relay.
func TestEventInTheSameWrite(t *testing.T) {
	s := open(t)
	ctx := content.WithChannel(context.Background(), content.ChannelAPI)
	n, err := s.CreateNeed(ctx, needInput("TR"), "ed@park.example")
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Pending) != 1 {
		t.Fatalf("pending after create: %+v", n.Pending)
	}
	e := n.Pending[0]
	if e.Kind != content.EventListingCreated || e.DocKind != content.KindNeed || e.Ref != n.Ref || e.Hub != "TR" ||
		e.Version != 1 || e.Actor != "ed@park.example" || e.Channel != content.ChannelAPI ||
		e.ID != content.EventID(content.KindNeed, n.Ref, 1, content.EventListingCreated) || !slices.Contains(e.Fields, "title.fa") {
		t.Errorf("event %+v", e)
	}
	stored, _ := s.Need(context.Background(), n.Ref)
	if len(stored.Pending) != 1 || stored.Pending[0].ID != e.ID {
		t.Errorf("stored pending %+v", stored.Pending)
	}
	if got := eventsOf(t, s, n.Ref); len(got) != 0 {
		t.Errorf("in the log before the relay: %d", len(got))
	}
	// A second write keeps the first event pending and adds its own.
	n2, err := s.TransitionNeed(ctx, n.Ref, content.Publish, 1, "ed@park.example")
	if err != nil {
		t.Fatal(err)
	}
	if len(n2.Pending) != 2 || n2.Pending[1].Kind != content.EventNeedPublished || n2.Pending[1].Status != content.NeedPublished {
		t.Fatalf("pending after publish: %+v", n2.Pending)
	}
	if err := s.RelayEvents(context.Background(), content.KindNeed, n.Ref); err != nil {
		t.Fatal(err)
	}
	got := eventsOf(t, s, n.Ref)
	if len(got) != 2 || got[0].Kind != content.EventListingCreated || got[1].Kind != content.EventNeedPublished || got[0].Seq >= got[1].Seq {
		t.Errorf("log: %+v", got)
	}
	stored, _ = s.Need(context.Background(), n.Ref)
	if len(stored.Pending) != 0 || stored.Version != 2 {
		t.Errorf("after the relay: pending %d, version %d", len(stored.Pending), stored.Version)
	}
	// A refused write records nothing.
	if _, err := s.TransitionNeed(ctx, n.Ref, content.Publish, 1, "ed@park.example"); err == nil {
		t.Fatal("stale write accepted")
	}
	stored, _ = s.Need(context.Background(), n.Ref)
	if len(stored.Pending) != 0 {
		t.Errorf("a refused write left an event: %+v", stored.Pending)
	}
}

// TestEventRelayCrashes kills the relay, in effect, at each step: after
// the write (the event only in the document), and after the copy to the
// log (the event in both). Recovery, as at start-up, leaves exactly one
// event in the log and none in the document, however often it runs.
func TestEventRelayCrashes(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	// Crash after the write: the event is only in the document.
	a := createNeed(t, s, "TR")
	// Crash after the copy to the log, before the marker was removed.
	b := createNeed(t, s, "CN")
	if err := mongo.StoreEvent(ctx, s, b.Pending[0]); err != nil {
		t.Fatal(err)
	}
	if got := eventsOf(t, s, b.Ref); len(got) != 1 {
		t.Fatalf("copied event: %d", len(got))
	}
	// A restarted process recovers; a second recovery (another instance)
	// changes nothing.
	for range 2 {
		n, err := s.RecoverEvents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_ = n
	}
	for _, ref := range []string{a.Ref, b.Ref} {
		if got := eventsOf(t, s, ref); len(got) != 1 {
			t.Errorf("%s: %d events after recovery, want 1", ref, len(got))
		}
		n, _ := s.Need(ctx, ref)
		if len(n.Pending) != 0 {
			t.Errorf("%s: still pending after recovery", ref)
		}
	}
	if n, err := s.RecoverEvents(ctx); err != nil || n != 0 {
		t.Errorf("nothing left to recover: %d, %v", n, err)
	}
}

// TestEventRelayConcurrent runs the relay of the same documents from many
// goroutines (two instances, the retry loop and the request) while the
// documents are written: every change is in the log exactly once.
func TestEventRelayConcurrent(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	n := createNeed(t, s, "TR")
	version := n.Version
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := s.RelayEvents(ctx, content.KindNeed, n.Ref); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	const edits = 8
	for i := range edits {
		p := &content.NeedPatch{Version: version, Title: content.Text{"en": fmt.Sprintf("Edit %d", i)}}
		got, err := s.UpdateNeed(ctx, n.Ref, p, "ed@park.example")
		if err != nil {
			t.Fatal(err)
		}
		version = got.Version
	}
	close(stop)
	wg.Wait()
	if err := s.RelayEvents(ctx, content.KindNeed, n.Ref); err != nil {
		t.Fatal(err)
	}
	got := eventsOf(t, s, n.Ref)
	if len(got) != edits+1 {
		t.Fatalf("%d events, want %d", len(got), edits+1)
	}
	seen := map[string]bool{}
	for _, e := range got {
		if seen[e.ID] {
			t.Errorf("event %s twice", e.ID)
		}
		seen[e.ID] = true
		if e.Kind == content.EventListingUpdated && !slices.Equal(e.Fields, []string{"title.en"}) {
			t.Errorf("fields of %s: %v", e.ID, e.Fields)
		}
	}
}

// TestEventsOfEveryWrite checks the kind of event each store write records.
func TestEventsOfEveryWrite(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	by := "ed@park.example"
	co, err := s.CreateCompany(ctx, &content.CompanyInput{Slug: "acme-water", Name: content.Text{"en": "Acme Water"},
		Kind: "foreign-company", Country: "TR", Hubs: []string{"TR"}, Sectors: []string{"water"}}, by)
	if err != nil {
		t.Fatal(err)
	}
	co, err = s.PublishCompany(ctx, co.Slug, true, co.Version, by)
	if err != nil {
		t.Fatal(err)
	}
	co, err = s.PublishCompany(ctx, co.Slug, false, co.Version, by)
	if err != nil {
		t.Fatal(err)
	}
	if _, err = s.DeleteCompany(ctx, co.Slug, co.Version, by); err != nil {
		t.Fatal(err)
	}
	n := createNeed(t, s, "TR")
	n, err = s.TransitionNeed(ctx, n.Ref, content.Publish, n.Version, by)
	if err != nil {
		t.Fatal(err)
	}
	i, created, err := s.CreateInterest(ctx, n.Ref, interestInput("firm@example.com"))
	if err != nil || !created {
		t.Fatal(err)
	}
	if _, again, _ := s.CreateInterest(ctx, n.Ref, interestInput("firm@example.com")); again {
		t.Fatal("second registration created")
	}
	i, err = s.UpdateInterestStatus(ctx, i.Ref, &content.InterestStatusInput{Version: i.Version, Status: content.InterestContacted}, by)
	if err != nil {
		t.Fatal(err)
	}
	if _, err = s.EraseInterest(ctx, i.Ref, i.Version, by); err != nil {
		t.Fatal(err)
	}
	n, err = s.TransitionNeed(ctx, n.Ref, content.Close, n.Version, by)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecoverEvents(ctx); err != nil {
		t.Fatal(err)
	}
	kinds := func(ref string) []string {
		var out []string
		for _, e := range eventsOf(t, s, ref) {
			out = append(out, e.Kind)
		}
		return out
	}
	for ref, want := range map[string][]string{
		co.Slug: {content.EventListingCreated, content.EventListingShown, content.EventListingHidden, content.EventListingDeleted},
		n.Ref:   {content.EventListingCreated, content.EventNeedPublished, content.EventNeedClosed},
		i.Ref:   {content.EventInterestNew, content.EventInterestStatus, content.EventInterestErased},
	} {
		if got := kinds(ref); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", ref, got, want)
		}
	}
	for _, e := range eventsOf(t, s, i.Ref) {
		if e.Need != n.Ref || e.Hub != "TR" {
			t.Errorf("interest event %+v", e)
		}
	}
}
