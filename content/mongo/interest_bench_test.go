package mongo_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
)

// BenchmarkCreateInterest measures one registration of interest on an idle
// store: the need's lookup, the reference counter and the insert. On the
// embedded FerretDB the counter also takes and releases a lock document.
func BenchmarkCreateInterest(b *testing.B) {
	ctx := context.Background()
	s := mongotest.Open(b, mongo.Config{Now: fixedNow})
	if err := s.PutHub(ctx, hub("TR", "TR")); err != nil {
		b.Fatal(err)
	}
	n, err := s.CreateNeed(ctx, needInput("TR"), "editor@park.ir")
	if err != nil {
		b.Fatal(err)
	}
	if n, err = s.TransitionNeed(ctx, n.Ref, content.Publish, n.Version, "editor@park.ir"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		if _, _, err := s.CreateInterest(ctx, n.Ref, interestInput(fmt.Sprintf("bench%d@firm.example", i))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateInterestParallel measures registrations from 8
// goroutines at once (-cpu sets GOMAXPROCS; 8 writers per P): the
// contention of concurrent writers on the embedded store, which the soak
// run shows (issue 13).
func BenchmarkCreateInterestParallel(b *testing.B) {
	ctx := context.Background()
	s := mongotest.Open(b, mongo.Config{Now: fixedNow})
	if err := s.PutHub(ctx, hub("TR", "TR")); err != nil {
		b.Fatal(err)
	}
	n, err := s.CreateNeed(ctx, needInput("TR"), "editor@park.ir")
	if err != nil {
		b.Fatal(err)
	}
	if n, err = s.TransitionNeed(ctx, n.Ref, content.Publish, n.Version, "editor@park.ir"); err != nil {
		b.Fatal(err)
	}
	var seq atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			email := fmt.Sprintf("par%d@firm.example", seq.Add(1))
			if _, _, err := s.CreateInterest(ctx, n.Ref, interestInput(email)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
