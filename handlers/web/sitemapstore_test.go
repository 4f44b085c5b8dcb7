package web

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSitemapStoreBuildsOnce: concurrent requests for a sitemap never
// built wait for one build; after the catalog changed, readers get the
// previous build at once while one build runs in the background; within
// sitemapMinInterval of the last build's start no new one starts; a build
// that panics leaves the last one and lets the next request try again.
func TestSitemapStoreBuildsOnce(t *testing.T) {
	s := newSitemapStore(slog.New(slog.DiscardHandler))
	var builds atomic.Int32
	release := make(chan struct{})
	build := func(v uint64) func() *sitemapFiles {
		return func() *sitemapFiles {
			builds.Add(1)
			<-release
			return &sitemapFiles{version: v}
		}
	}
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

	var wg sync.WaitGroup
	got := make([]*sitemapFiles, 32)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = s.get(ctx, "https://a.example", 1, t0, build(1))
		}()
	}
	for builds.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Fatalf("%d builds for 32 concurrent first requests", n)
	}
	for i, f := range got {
		if f == nil || f.version != 1 {
			t.Fatalf("request %d got %+v", i, f)
		}
	}

	// Version 2 within the minimum interval: the old build, no new one.
	if f := s.get(ctx, "https://a.example", 2, t0.Add(time.Second), build(2)); f.version != 1 || builds.Load() != 1 {
		t.Fatalf("within the interval: version %d, %d builds", f.version, builds.Load())
	}
	// After it: the old build at once, one build in the background.
	release = make(chan struct{})
	later := t0.Add(sitemapMinInterval)
	for range 10 {
		if f := s.get(ctx, "https://a.example", 2, later, build(2)); f.version != 1 {
			t.Fatalf("while building: version %d, want the previous build", f.version)
		}
	}
	close(release)
	for {
		s.mu.Lock()
		done := s.sets["https://a.example"].version == 2
		s.mu.Unlock()
		if done {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if n := builds.Load(); n != 2 {
		t.Fatalf("%d builds after the change, want 2", n)
	}

	// A failed build keeps the last one.
	boom := func() *sitemapFiles { panic("boom") }
	if f := s.get(ctx, "https://a.example", 3, later.Add(sitemapMinInterval), boom); f.version != 2 {
		t.Fatalf("version %d", f.version)
	}
	if f := s.get(ctx, "https://b.example", 3, later, boom); f != nil {
		t.Fatalf("first build failed: got %+v", f)
	}
}
