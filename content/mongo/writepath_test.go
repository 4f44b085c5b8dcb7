package mongo_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
)

// TestCreateInterestWriteGate: CreateInterest passes the write gate its
// context carries before it writes: a refusing gate's error comes back as
// it is and nothing is stored; an allowing gate lets the interest in; bad
// input is refused before the gate is asked.
func TestCreateInterestWriteGate(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	n := publishedNeed(t, s)
	refused := errors.New("over the limit")
	asked := 0
	gate := func(err error) context.Context {
		return content.WithWriteGate(ctx, func() error { asked++; return err })
	}
	if _, _, err := s.CreateInterest(gate(refused), n.Ref, interestInput("refused@example.ir")); !errors.Is(err, refused) {
		t.Fatalf("refusing gate: %v, want its error", err)
	}
	if list, err := s.Interests(ctx, content.InterestFilter{Need: n.Ref}); err != nil || len(list) != 0 {
		t.Fatalf("refused registration stored %d interests (%v)", len(list), err)
	}
	bad := interestInput("bad@example.ir")
	bad.Consent = false
	asked = 0
	if _, _, err := s.CreateInterest(gate(nil), n.Ref, bad); !errors.Is(err, content.ErrInvalid) || asked != 0 {
		t.Fatalf("bad input: %v (gate asked %d times), want ErrInvalid before the gate", err, asked)
	}
	i, created, err := s.CreateInterest(gate(nil), n.Ref, interestInput("allowed@example.ir"))
	if err != nil || !created || asked != 1 {
		t.Fatalf("allowing gate: created %v, %v (gate asked %d times)", created, err, asked)
	}
	if got, err := s.Interest(ctx, i.Ref); err != nil || got.Email != "allowed@example.ir" {
		t.Fatalf("allowed interest not stored: %v", err)
	}
}

// TestInterestNumbersAcrossBlocks: two processes registering at once,
// over several blocks of reserved numbers (the next block reserved in the
// background): every reference is unique, and the numbers one process
// hands out one after another increase.
func TestInterestNumbersAcrossBlocks(t *testing.T) {
	ctx := context.Background()
	a := open(t)
	b := mongotest.OpenSame(t, a, mongo.Config{Now: fixedNow})
	n := publishedNeed(t, a)
	each := 3*mongo.SeqBlockSize + 5
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for w, s := range []*mongo.Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var last int64
			for i := range each {
				in, created, err := s.CreateInterest(ctx, n.Ref, interestInput(fmt.Sprintf("w%d-%d@example.ir", w, i)))
				if err != nil || !created {
					t.Errorf("writer %d, registration %d: created %v, %v", w, i, created, err)
					return
				}
				num, _ := strconv.ParseInt(in.Ref[strings.LastIndexByte(in.Ref, '-')+1:], 10, 64)
				if num <= last {
					t.Errorf("writer %d: %s after number %d", w, in.Ref, last)
				}
				last = num
				mu.Lock()
				if seen[in.Ref] {
					t.Errorf("reference %s handed out twice", in.Ref)
				}
				seen[in.Ref] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 4*each {
		t.Errorf("%d references, want %d", len(seen), 4*each)
	}
}

// TestEventHintFollows: on FerretDB the "events" counter follows the
// numbers claimed for events (raised once after a burst, not per event):
// shortly after the last event it holds that event's number.
func TestEventHintFollows(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if claims, _ := mongo.EventClaims(s); !claims {
		t.Skip("events are numbered by the counter itself here")
	}
	for i := range 5 {
		e := content.Event{ID: fmt.Sprintf("test/hint/%d", i), Kind: content.EventListingUpdated, DocKind: content.KindNeed, Ref: "TR-26-9999"}
		if err := mongo.StoreEvent(ctx, s, e); err != nil {
			t.Fatal(err)
		}
	}
	evs, err := s.EventsAfter(ctx, 0, 100)
	if err != nil || len(evs) == 0 {
		t.Fatalf("events: %d, %v", len(evs), err)
	}
	want := evs[len(evs)-1].Seq
	deadline := time.Now().Add(30 * time.Second)
	for {
		got, err := mongo.EventHint(ctx, s)
		if err == nil && got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("events counter %d (%v), want %d", got, err, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestEventHintOnClose: a process that closes its store right after an
// event (hubdir seed, import) leaves the "events" counter at that event's
// number, not behind it.
func TestEventHintOnClose(t *testing.T) {
	ctx := context.Background()
	a := open(t)
	if claims, _ := mongo.EventClaims(a); !claims {
		t.Skip("events are numbered by the counter itself here")
	}
	b := mongotest.OpenSame(t, a, mongo.Config{Now: fixedNow})
	e := content.Event{ID: "test/close/1", Kind: content.EventListingUpdated, DocKind: content.KindNeed, Ref: "TR-26-9999"}
	if err := mongo.StoreEvent(ctx, b, e); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := a.EventsAfter(ctx, 0, 10)
	if err != nil || len(evs) != 1 {
		t.Fatalf("events: %d, %v", len(evs), err)
	}
	if got, err := mongo.EventHint(ctx, a); err != nil || got != evs[0].Seq {
		t.Errorf("events counter after Close: %d (%v), want %d", got, err, evs[0].Seq)
	}
}
