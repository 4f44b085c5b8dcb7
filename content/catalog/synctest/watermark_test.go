package synctest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/sample"
)

// TestWatermarkAfterLoad: revisions below a loaded snapshot's that no
// document carries any more (a need written three times keeps only its
// last revision) are accounted for by the change log on the sync's first
// poll, so the watermark (the revision a snapshot file of the catalog is
// written at) reaches the store's revision at once instead of after the
// sync's 30 s wait for missing revisions.
func TestWatermarkAfterLoad(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if os.Getenv("MONGODB_TEST_URI") != "" {
		t.Skip("the change log is for FerretDB")
	}
	st := mongotest.Open(t)
	d, err := sample.Parse()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range d.Hubs {
		h.Version, h.CreatedAt, h.UpdatedAt = 1, time.Now(), time.Now()
		if err := st.PutHub(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	in := content.NeedInput{
		Hub: "TR", Kind: "technology", Partnerships: []string{"licence"}, Sectors: []string{"ai"}, Country: "TR",
		Title: content.Text{"en": "A need written three times"}, Deadline: content.DateOf(time.Now().AddDate(0, 2, 0)),
	}
	n, err := st.CreateNeed(ctx, &in, "writer@park.example")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if n, err = st.UpdateNeed(ctx, n.Ref, &content.NeedPatch{Version: n.Version,
			Title: content.Text{"en": "A need written again " + string(rune('a'+i))}}, "writer@park.example"); err != nil {
			t.Fatal(err)
		}
	}
	rev, err := st.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := instance(t, st)
	if c.Watermark() != 0 {
		t.Fatalf("watermark %d before the sync ran", c.Watermark())
	}
	var wg sync.WaitGroup
	wg.Go(func() { c.Sync(ctx, st, 20*time.Millisecond, nil) })
	defer wg.Wait()
	defer cancel()
	for guard := time.Now().Add(10 * time.Second); c.Watermark() < rev; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(guard) {
			t.Fatalf("watermark %d, want %d: the revisions overwritten since were not accounted for", c.Watermark(), rev)
		}
	}
	dump, ok := c.Dump()
	if !ok || dump.Rev != rev || len(dump.Needs) != 1 || dump.Needs[0].Rev != n.Rev {
		t.Fatalf("Dump = %v, %+v", ok, dump)
	}
}
