package mongo_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/sample"
)

// TestSnapshotFile: the file gives back exactly what Snapshot returned
// (the sample content plus enough needs for several chunks), only at the
// revision it was written at.
func TestSnapshotFile(t *testing.T) {
	ctx := context.Background()
	st := mongotest.Open(t)
	zone, _ := time.LoadLocation("Asia/Tehran")
	now := time.Now()
	if err := sample.Load(ctx, st, now, zone); err != nil {
		t.Fatal(err)
	}
	if err := sample.LoadSynthetic(ctx, st, 4100, 7, now, zone); err != nil {
		t.Fatal(err)
	}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Needs) < 4100 || len(snap.Companies) == 0 || len(snap.Agreements) == 0 {
		t.Fatalf("snapshot too small: %d needs", len(snap.Needs))
	}
	path := filepath.Join(t.TempDir(), "catalog.snap")
	if _, err := mongo.ReadSnapshotFile(ctx, path, snap.Rev); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no file: %v", err)
	}
	if err := mongo.WriteSnapshotFile(path, snap); err != nil {
		t.Fatal(err)
	}
	got, err := mongo.ReadSnapshotFile(ctx, path, snap.Rev)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, snap) {
		for i := range snap.Needs {
			if !reflect.DeepEqual(got.Needs[i], snap.Needs[i]) {
				t.Fatalf("need %d differs:\n got %+v\nwant %+v", i, got.Needs[i], snap.Needs[i])
			}
		}
		t.Fatalf("the snapshot read back differs from the one written")
	}
	if _, err := mongo.ReadSnapshotFile(ctx, path, snap.Rev+1); !errors.Is(err, mongo.ErrSnapshotStale) {
		t.Errorf("read at another revision: %v", err)
	}

	// A damaged file is an error, never a partial snapshot.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{10, len(raw) / 2, len(raw) - 3} {
		if err := os.WriteFile(path, raw[:cut], 0o600); err != nil {
			t.Fatal(err)
		}
		if s, err := mongo.ReadSnapshotFile(ctx, path, snap.Rev); err == nil {
			t.Errorf("file cut at %d of %d bytes read without error (%d needs)", cut, len(raw), len(s.Needs))
		}
	}
	_ = content.Snapshot{}
}
