package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/mongo"
	"hubdir/content/sample"
)

// catalogOf returns a catalog loaded with snap, at a fixed time; with
// texts set, keeping the texts of needs in a text file there, as serve
// does (catalog.MapTexts).
func catalogOf(t *testing.T, snap *content.Snapshot, zone *time.Location, now time.Time, texts string) *catalog.Catalog {
	c := catalog.New(zone, func() time.Time { return now })
	if texts != "" {
		if err := c.MapTexts(texts); err != nil && runtime.GOOS == "linux" {
			t.Fatal(err)
		}
	}
	c.Load(snap)
	return c
}

// sameCatalog fails the test unless the catalogs answer a set of queries
// (public and staff; lists, filters, searches, details) the same.
func sameCatalog(t *testing.T, what string, got, want *catalog.Catalog, refs []string) {
	t.Helper()
	staff := catalog.Viewer{Staff: &content.Staff{Role: content.RoleAdmin}}
	needs := []catalog.NeedQuery{
		{}, {Page: 3}, {Sort: catalog.SortDeadline}, {Hubs: []string{"TR"}, Sectors: []string{"water"}},
		{Text: "water"}, {Text: "battery"}, {Text: "آب"}, {Text: "水"}, {Text: "catalyst recovery", Page: 2},
		{Viewer: staff}, {Viewer: staff, Statuses: []string{content.NeedDraft}}, {Viewer: staff, Text: "new title"},
	}
	for _, q := range needs {
		if g, w := got.Needs(q), want.Needs(q); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: Needs(%+v) differs: %d of %d vs %d of %d", what, q, len(g.Items), g.Total, len(w.Items), w.Total)
		}
	}
	for _, q := range []catalog.CompanyQuery{{}, {Text: "water"}, {Viewer: staff}} {
		if g, w := got.Companies(q), want.Companies(q); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: Companies(%+v) differs", what, q)
		}
	}
	for _, q := range []catalog.AgreementQuery{{}, {Viewer: staff}} {
		if g, w := got.Agreements(q), want.Agreements(q); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: Agreements(%+v) differs", what, q)
		}
	}
	for _, q := range []catalog.OfferQuery{{}, {Viewer: staff}} {
		if g, w := got.Offers(q), want.Offers(q); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: Offers(%+v) differs", what, q)
		}
	}
	if g, w := got.Hubs(), want.Hubs(); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: Hubs differ", what)
	}
	if g, w := got.Figures(), want.Figures(); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: Figures differ: %v vs %v", what, g, w)
	}
	for _, ref := range refs {
		g, gok := got.Need(ref, staff)
		w, wok := want.Need(ref, staff)
		if gok != wok || !reflect.DeepEqual(g, w) {
			t.Errorf("%s: Need(%s) differs: %v %+v vs %v %+v", what, ref, gok, g, wok, w)
		}
	}
}

// syncedBuffer is a log sink safe for concurrent writes.
type syncedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncedBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// take returns what was logged since the last call.
func (s *syncedBuffer) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.b.String()
	s.b.Reset()
	return out
}

// TestCatalogStartPaths: every way serve starts its catalog on the
// embedded store gives the catalog a full read of the store gives: the
// snapshot file at the store's revision; the file plus the change log
// after writes of this and another instance (creates, edits, status
// changes, deletes); the file the catalog itself wrote (after writes
// settle, at shutdown) plus the changes since; and a full read when the
// file is truncated or older than the change log.
func TestCatalogStartPaths(t *testing.T) {
	ctx := context.Background()
	zone, _ := time.LoadLocation("Asia/Tehran")
	now := time.Now()
	logs := &syncedBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	cfg := Config{DataDir: t.TempDir(), Zone: zone, EmbeddedAddr: freeAddr(t)}
	st, closeStore, err := openStore(ctx, cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore()
	other, err := mongo.Open(ctx, mongo.Config{URI: "mongodb://" + cfg.EmbeddedAddr + "/", Database: st.Database(), Zone: zone, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	if err := sample.Load(ctx, st, now, zone); err != nil {
		t.Fatal(err)
	}
	if err := sample.LoadSynthetic(ctx, st, 400, 11, now, zone); err != nil {
		t.Fatal(err)
	}
	if err := writeCatalogFile(ctx, cfg, st); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(cfg.DataDir, snapFileName)

	var refs []string
	start := func(what, wantLog string) *catalog.Catalog {
		t.Helper()
		logs.take()
		snap, written, err := catalogSnapshot(ctx, cfg, st, logger)
		written()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if l := logs.take(); !strings.Contains(l, wantLog) {
			t.Errorf("%s: the log does not say %q:\n%s", what, wantLog, l)
		}
		full, err := st.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := catalogOf(t, snap, zone, now, t.TempDir())
		sameCatalog(t, what, got, catalogOf(t, full, zone, now, ""), refs)
		return got
	}
	start("the file at the store's revision", "catalog snapshot read from its file")

	// Writes since the file, by this instance and another one.
	base, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := sample.Synthetic(1, 99, now)[0].Input
	created, err := st.CreateNeed(ctx, &in, "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.TransitionNeed(ctx, created.Ref, content.Publish, created.Version, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	edited, gone := base.Needs[7], base.Needs[len(base.Needs)-2]
	if _, err := other.UpdateNeed(ctx, edited.Ref, &content.NeedPatch{Version: edited.Version,
		Title: content.Text{"en": "A new title after the file"}}, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeleteNeed(ctx, gone.Ref, gone.Version, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	co := base.Companies[0]
	if _, err := st.PublishCompany(ctx, co.Slug, !co.Published, co.Version, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	refs = []string{created.Ref, edited.Ref, gone.Ref, base.Needs[0].Ref}
	cat := start("the file and the changes since", "catalog snapshot read from its file")

	// The file the catalog writes itself, at its sync's watermark.
	syncCtx, stopSync := context.WithCancel(ctx)
	synced := make(chan struct{})
	go func() {
		defer close(synced)
		cat.Sync(syncCtx, st, 10*time.Millisecond, logger)
	}()
	for deadline := time.Now().Add(20 * time.Second); cat.Watermark() < created.Rev; {
		if time.Now().After(deadline) {
			t.Fatalf("the sync's watermark stays at %d", cat.Watermark())
		}
		time.Sleep(10 * time.Millisecond)
	}
	stopSync()
	<-synced
	w := newSnapWriter(cfg.DataDir, cat, st, logger)
	w.write(ctx, "test")
	if rev, err := mongo.SnapshotFileRev(path); err != nil || rev != cat.Watermark() {
		t.Fatalf("the file written from the catalog is at %d, %v; the watermark at %d", rev, err, cat.Watermark())
	}
	if _, err := other.DeleteNeed(ctx, created.Ref, created.Version+1, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	start("the catalog's own file and the changes since", "catalog snapshot read from its file")

	// A truncated file: the store is read.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw[:len(raw)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	start("a truncated file", "catalog snapshot file unusable: reading the store")

	// A file older than the change log's start: the store is read.
	old, err := mongo.SnapshotFileRev(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeleteNeed(ctx, edited.Ref, edited.Version+1, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	if err := st.PruneChanges(ctx, old+1); err != nil {
		t.Fatal(err)
	}
	start("a file older than the change log", "catalog snapshot file is older than the store")
}
