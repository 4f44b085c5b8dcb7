//go:build linux

package catalog

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"
	"unsafe"

	"hubdir/content"
)

// mappedCatalog returns a catalog keeping the texts of needs in a text
// file of small segments (so that a test crosses several).
func mappedCatalog(t *testing.T, now func() time.Time) *Catalog {
	t.Helper()
	c := New(tehran, now)
	c.uncached = true
	if err := c.MapTexts(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	c.texts.seg = 64 << 10
	return c
}

// inFile reports whether s points into one of the segments of c's file.
func inFile(c *Catalog, s string) bool {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	for _, seg := range c.texts.segs {
		lo := uintptr(unsafe.Pointer(&seg[0]))
		if p >= lo && p+uintptr(len(s)) <= lo+uintptr(len(seg)) {
			return true
		}
	}
	return false
}

// TestMappedTexts: a catalog keeping the texts of needs in its text file
// gives every need with exactly the texts of the document it was given —
// after a load, after writes one by one (read at once after each), after a
// merge of the delta, after a batch, after the process released the
// file's pages — and answers every query as a catalog keeping them in the
// heap; the strings are in the file, not in the heap.
func TestMappedTexts(t *testing.T) {
	now := func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }
	hubs := []*content.Hub{{Code: "CN"}, {Code: "TR"}}
	needs := synthNeeds(900, 7)
	// A body longer than a sixteenth of a segment stays in the heap.
	needs[3].Body["en"] = string(make([]byte, 0, 8<<10)) + fmt.Sprintf("%8200d", 3)
	c := mappedCatalog(t, now)
	heap := New(tehran, now)
	heap.uncached = true
	load := &content.Snapshot{Hubs: hubs, Needs: needs[:500]}
	c.Load(load)
	heap.Load(load)
	held := map[string]*content.Need{}
	for _, n := range needs[:500] {
		held[n.Ref] = n
	}
	admin := Viewer{Staff: &content.Staff{Role: content.RoleAdmin}}
	check := func(when string) {
		t.Helper()
		for ref, want := range held {
			got, ok := c.Need(ref, admin)
			if !ok {
				t.Fatalf("%s: %s missing", when, ref)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %s differs from the document written:\n%+v\n%+v", when, ref, got, want)
			}
		}
	}
	check("after the load")
	n3, _ := c.Need(needs[3].Ref, admin)
	if inFile(c, n3.Body["en"]) {
		t.Fatal("a long body is in the file")
	}
	mapped := 0
	for _, n := range held {
		got, _ := c.Need(n.Ref, admin)
		for _, tx := range []content.Text{got.Title, got.Summary, got.Body} {
			for _, s := range tx {
				if s != "" && len(s) < 4096 && !inFile(c, s) {
					t.Fatalf("%s: a text in the heap: %q", n.Ref, s)
				}
				mapped++
			}
		}
	}
	if mapped < 1000 {
		t.Fatalf("%d texts", mapped)
	}
	if c.TextBytes() == 0 || len(c.texts.segs) < 2 {
		t.Fatalf("%d bytes in %d segments", c.TextBytes(), len(c.texts.segs))
	}
	rev := int64(1000)
	for i, n := range needs[500:] {
		rev++
		e := *n
		e.Rev = rev
		if i%2 == 0 { // an edit of an earlier need's texts
			e = *needs[i]
			rev++
			e.Rev = rev
			e.Body = content.Text{"en": fmt.Sprintf("Rewritten body %d about zebrafish batteries", i), "fa": "متن تازه"}
			e.Title = content.Text{"en": fmt.Sprintf("Zebrafish %d", i)}
		}
		c.PutNeed(&e)
		heap.PutNeed(&e)
		held[e.Ref] = &e
		got, ok := c.Need(e.Ref, admin)
		if !ok || !reflect.DeepEqual(got, &e) || !inFile(c, got.Title["en"]) {
			t.Fatalf("write %d: read back %+v, want %+v", i, got, &e)
		}
	}
	check("after writes and merges")
	var batch []*content.Need
	for _, n := range needs[:400] {
		e := *held[n.Ref]
		rev++
		e.Rev = rev
		e.Summary = content.Text{"en": "summary of the last batch: membrane", "zh": "电池"}
		batch = append(batch, &e)
		held[e.Ref] = &e
	}
	c.Apply(&content.Snapshot{Needs: batch})
	heap.Apply(&content.Snapshot{Needs: batch})
	check("after a batch")
	c.ReleaseMapped()
	check("after the pages were released")
	for _, q := range []string{"", "zebrafish", "battery", "membrane", "电池", "متن", "batt", "zebrafih"} {
		for _, v := range []Viewer{{}, admin} {
			query := NeedQuery{Text: q, Viewer: v}
			if got, want := c.Needs(query), heap.Needs(query); !reflect.DeepEqual(got, want) {
				t.Errorf("Needs(%q): %d of %d, in the heap %d of %d", q, len(got.Items), got.Total, len(want.Items), want.Total)
			}
		}
	}
	c.water.Store(rev)
	heap.water.Store(rev)
	got, _ := c.Dump()
	want, _ := heap.Dump()
	if !reflect.DeepEqual(got, want) {
		t.Error("the dump of the mapped catalog differs from the heap's")
	}
}

// TestMappedTextsConcurrent: readers read every need's texts while a
// writer writes (run with -race).
func TestMappedTextsConcurrent(t *testing.T) {
	now := func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }
	c := mappedCatalog(t, now)
	needs := synthNeeds(300, 9)
	c.Load(&content.Snapshot{Hubs: []*content.Hub{{Code: "CN"}, {Code: "TR"}}, Needs: needs})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, n := range c.Needs(NeedQuery{Text: "battery", PerPage: 50}).Items {
					total := 0
					for _, s := range n.Body {
						total += len(s)
					}
					_ = total
				}
				c.ReleaseMapped()
			}
		})
	}
	for i := range 600 {
		e := *needs[i%len(needs)]
		e.Rev = int64(i + 10)
		e.Body = content.Text{"en": fmt.Sprintf("battery body %d", i)}
		c.PutNeed(&e)
		if got, _ := c.Need(e.Ref, Viewer{Staff: &content.Staff{Role: content.RoleAdmin}}); got.Body["en"] != e.Body["en"] {
			t.Fatalf("write %d read back %q", i, got.Body["en"])
		}
	}
	close(stop)
	wg.Wait()
}

// TestMapTextsBadFolder: a folder that cannot hold the text file is an
// error and leaves the catalog keeping texts in the heap, as before.
func TestMapTextsBadFolder(t *testing.T) {
	c := New(tehran, time.Now)
	if err := c.MapTexts(t.TempDir() + "/no/such/folder"); err == nil {
		t.Fatal("MapTexts accepted a folder that does not exist")
	}
	needs := synthNeeds(3, 1)
	c.Load(&content.Snapshot{Hubs: []*content.Hub{{Code: "CN"}, {Code: "TR"}}, Needs: needs})
	if c.TextBytes() != 0 {
		t.Errorf("%d bytes written to a text file", c.TextBytes())
	}
	got, ok := c.Need(needs[0].Ref, Viewer{Staff: &content.Staff{Role: content.RoleAdmin}})
	if !ok || !reflect.DeepEqual(got.Body, needs[0].Body) {
		t.Errorf("need after the failed MapTexts: %v %v", ok, got)
	}
}
