package mongo_test

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"hubdir/content/catalog"
	"hubdir/content/mongo"
)

// liveHeap returns the heap in use after two collections.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestCatalogMemory measures the memory of a real catalog (issue 13):
//
//	HUBDIR_SNAPFILE=/path/to/catalog.snap go test -count=1 -run TestCatalogMemory -v ./content/mongo/
//
// reads the snapshot file (written by `hubdir seed --synthetic 100000`),
// builds the catalog from it and logs the heap in use per need: the
// documents as read, and the documents with the catalog. Skipped without
// HUBDIR_SNAPFILE. With HUBDIR_TEXT_DIR set, the catalog keeps the texts of
// needs in a mapped file there, as serve does.
func TestCatalogMemory(t *testing.T) {
	path := os.Getenv("HUBDIR_SNAPFILE")
	if path == "" {
		t.Skip("HUBDIR_SNAPFILE names a catalog snapshot file to measure")
	}
	rev, err := mongo.SnapshotFileRev(path)
	if err != nil {
		t.Fatal(err)
	}
	h0 := liveHeap()
	start := time.Now()
	snap, err := mongo.ReadSnapshotFile(context.Background(), path, rev)
	if err != nil {
		t.Fatal(err)
	}
	read := time.Since(start)
	h1 := liveHeap()
	n := float64(len(snap.Needs))
	c := catalog.New(nil, nil)
	// HUBDIR_TEXT_DIR: the texts of needs in a mapped file, as serve keeps
	// them (catalog.MapTexts).
	if dir := os.Getenv("HUBDIR_TEXT_DIR"); dir != "" {
		if err := c.MapTexts(dir); err != nil {
			t.Fatal(err)
		}
	}
	start = time.Now()
	c.Load(snap)
	load := time.Since(start)
	snap = nil
	h2 := liveHeap()
	t.Logf("%.0f needs: file read in %v, catalog built in %v", n, read, load)
	t.Logf("documents %.0f B/need (%d MiB); with the catalog %.0f B/need (%d MiB); the catalog's own %.0f B/need",
		float64(h1-h0)/n, (h1-h0)>>20, float64(h2-h0)/n, (h2-h0)>>20, (float64(h2)-float64(h1))/n)
	if b := c.TextBytes(); b > 0 {
		t.Logf("texts in the mapped file: %.0f B/need (%d MiB)", float64(b)/n, b>>20)
	}
	runtime.KeepAlive(c)
}
