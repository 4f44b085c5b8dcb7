// Package synctest tests the catalog's sync between two instances of the
// service on one store (a real MongoDB when MONGODB_TEST_URI is set, else
// the embedded FerretDB).
package synctest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/sample"
)

func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }

// SyncInterval is the poll interval `hubdir serve` uses (cmd/hubdir).
// With it, a write is visible on another instance after at most two polls
// (the one that may just have missed it, and the next): within 2 s.
const syncInterval = time.Second

// countingStore counts the Revision look-ups of a Sync loop: one per poll.
type countingStore struct {
	*mongo.Store
	polls atomic.Int64
}

func (s *countingStore) Revision(ctx context.Context) (int64, error) {
	s.polls.Add(1)
	return s.Store.Revision(ctx)
}

var admin = catalog.Viewer{Staff: &content.Staff{Email: "admin@park.example", Role: content.RoleAdmin}}

// instance is one service's catalog on its own store handle.
func instance(t *testing.T, st content.Store) *catalog.Catalog {
	t.Helper()
	c := catalog.New(time.UTC, nil)
	snap, err := st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c.Load(snap)
	return c
}

// TestTwoInstances writes needs concurrently through instance A and a third
// writer on the same store, and checks that instance B's catalog, kept
// current by Sync alone, finds every one of them by text search within two
// polls of the last write.
func TestTwoInstances(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stA := mongotest.Open(t)
	stB := &countingStore{Store: mongotest.OpenSame(t, stA)}
	stC := mongotest.OpenSame(t, stA) // another writer: an import, a third instance
	d, err := sample.Parse()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range d.Hubs {
		h.Version, h.CreatedAt, h.UpdatedAt = 1, time.Now(), time.Now()
		if err := stA.PutHub(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	catA, catB := instance(t, stA), instance(t, stB)
	var wg sync.WaitGroup
	wg.Go(func() { catB.Sync(ctx, stB, syncInterval, nil) })
	defer wg.Wait()
	defer cancel()

	tests := []struct {
		name    string
		writers []*mongo.Store
		perEach int
	}{
		{"one writer", []*mongo.Store{stA}, 2},
		{"concurrent writers", []*mongo.Store{stA, stC, stA, stC}, 3},
	}
	for ti, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var words, ofA []string
			var mu sync.Mutex
			var ww sync.WaitGroup
			for wi, st := range tt.writers {
				ww.Go(func() {
					for i := range tt.perEach {
						word := fmt.Sprintf("zebra%d%d%d", ti, wi, i)
						in := content.NeedInput{
							Hub: []string{"TR", "CN"}[i%2], Kind: "technology", Partnerships: []string{"licence"},
							Sectors: []string{"ai"}, Country: "TR",
							Title:    content.Text{"en": "Synced need " + word},
							Deadline: content.DateOf(time.Now().AddDate(0, 2, 0)),
						}
						n, err := st.CreateNeed(ctx, &in, "writer@park.example")
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						if st == stA {
							catA.PutNeed(n) // instance A updates its own catalog first
							ofA = append(ofA, word)
						}
						words = append(words, word)
						mu.Unlock()
					}
				})
			}
			ww.Wait()
			if t.Failed() {
				return
			}
			after := stB.polls.Load()
			missing := func() []string {
				var out []string
				for _, w := range words {
					if catB.Needs(catalog.NeedQuery{Text: w, Viewer: admin}).Total != 1 {
						out = append(out, w)
					}
				}
				return out
			}
			// Wait for B (the guard only stops a hang), then count polls.
			for guard := time.Now().Add(30 * time.Second); len(missing()) > 0; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(guard) {
					t.Fatalf("B never found %v", missing())
				}
			}
			if polls := stB.polls.Load() - after; polls > 2 {
				t.Errorf("B found the writes after %d polls, want at most 2 (%v)", polls, 2*syncInterval)
			}
			for _, w := range ofA {
				if catA.Needs(catalog.NeedQuery{Text: w, Viewer: admin}).Total != 1 {
					t.Errorf("A does not find its own write %s", w)
				}
			}
		})
	}
}
