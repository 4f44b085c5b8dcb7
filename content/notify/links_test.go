package notify_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hubdir/content/mongo/mongotest"
	"hubdir/content/notify"
)

func TestLinks(t *testing.T) {
	ctx := context.Background()
	a := mongotest.Open(t)
	b := mongotest.OpenSame(t, a)
	la, lb := &notify.Links{Store: a}, &notify.Links{Store: b}
	tok, err := la.Mint(ctx, notify.PurposeMy, "Firm@Example.org", "", "fa", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Token(ctx, tok); err == nil {
		t.Fatal("the token itself is stored")
	}
	lt, err := la.Check(ctx, tok, notify.PurposeMy)
	if err != nil || lt.Email != "firm@example.org" {
		t.Fatalf("check: %+v %v", lt, err)
	}
	for _, bad := range []string{"", "short", tok[:42] + "!", tok + "A", tok[:42] + string(tok[42]^1)} {
		if _, err := la.Check(ctx, bad, notify.PurposeMy); !errors.Is(err, notify.ErrLinkUnknown) {
			t.Errorf("check %q: %v", bad, err)
		}
	}
	if _, err := la.Check(ctx, tok, notify.PurposeUnsub); !errors.Is(err, notify.ErrLinkUnknown) {
		t.Errorf("other purpose: %v", err)
	}
	// Two instances use the same link at once: one wins.
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := []*notify.Links{la, lb}[i%2]
			if _, err := l.Open(ctx, tok, notify.PurposeMy); err == nil {
				wins.Add(1)
			} else if !errors.Is(err, notify.ErrLinkUsed) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d uses of a single-use link", wins.Load())
	}
	if _, err := la.Check(ctx, tok, notify.PurposeMy); !errors.Is(err, notify.ErrLinkUsed) {
		t.Errorf("after use: %v", err)
	}
	old, _ := la.Mint(ctx, notify.PurposeMy, "firm@example.org", "", "fa", -time.Second)
	if _, err := la.Open(ctx, old, notify.PurposeMy); !errors.Is(err, notify.ErrLinkExpired) {
		t.Errorf("expired: %v", err)
	}
}
