package mongo_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"hubdir/content/mongo/mongotest"
)

// TestAddHits counts hits per key and window, across two Stores on the
// same database (two instances of the service).
func TestAddHits(t *testing.T) {
	ctx := context.Background()
	a := mongotest.Open(t)
	b := mongotest.OpenSame(t, a)
	w1 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	w2 := w1.Add(time.Minute)
	exp := w1.Add(2 * time.Minute)
	steps := []struct {
		name   string
		useB   bool
		key    string
		window time.Time
		n      int64
		want   int64
	}{
		{"first hit creates the counter", false, "api:k1", w1, 1, 1},
		{"second instance adds to it", true, "api:k1", w1, 1, 2},
		{"a batch of hits", false, "api:k1", w1, 5, 7},
		{"another key is separate", true, "api:k2", w1, 1, 1},
		{"another limiter is separate", true, "interest:k1", w1, 1, 1},
		{"the next window starts again", false, "api:k1", w2, 1, 1},
	}
	for _, s := range steps {
		st := a
		if s.useB {
			st = b
		}
		got, err := st.AddHits(ctx, s.key, s.window, exp, s.n)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got != s.want {
			t.Errorf("%s: total %d, want %d", s.name, got, s.want)
		}
	}
}

// TestAddHitsConcurrentOneStore: within one Store, concurrent hits on one
// counter are never lost, even on FerretDB.
func TestAddHitsConcurrentOneStore(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Open(t)
	w := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.AddHits(ctx, "api:same", w, w.Add(time.Hour), 1); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := s.AddHits(ctx, "api:same", w, w.Add(time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got != n {
		t.Errorf("total %d after %d concurrent hits, want %d", got, n, n)
	}
}

// TestPruneHits deletes expired counters only.
func TestPruneHits(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Open(t)
	w := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	if _, err := s.AddHits(ctx, "old", w, w.Add(time.Minute), 3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddHits(ctx, "new", w, w.Add(time.Hour), 3); err != nil {
		t.Fatal(err)
	}
	if err := s.PruneHits(ctx, w.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		key  string
		want int64
	}{
		{"old", 1}, // pruned: starts again
		{"new", 4}, // kept
	}
	for _, tt := range tests {
		got, err := s.AddHits(ctx, tt.key, w, w.Add(time.Hour), 1)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s after prune: %d, want %d", tt.key, got, tt.want)
		}
	}
}
