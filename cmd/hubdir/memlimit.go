package main

import (
	"context"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Memory (issue 13): the catalog is most of serve's heap and lives as long
// as the process, while start-up (reading the store or the snapshot file,
// relaying pending events) and load runs make garbage in bursts. With
// Go's default (GOGC=100 and no limit) the heap may grow to twice the live
// heap and the pages stay with the process. followMemory therefore sets a
// soft memory limit of the live heap plus a headroom plus memSlack,
// following the live heap and the rate of allocation as they change, so
// that the runtime collects before and returns memory beyond it to the
// system. GOMEMLIMIT, when set, is left to the runtime.
//
// The headroom (third round) follows the rate of allocation: enough for
// one collection per memGCEvery at the rate of the last period, at most
// memHeadroom−1 times the live heap. The limit counts all the runtime's
// memory, so the memory it holds besides heap objects (the unused parts
// of the heap's spans, metadata, stacks) is added to it, as measured. An idle server (its own polls
// allocate a few MB a second) is held near its live heap, at the cost of
// a collection every several seconds; a server under load gets the
// headroom that keeps collections rare (a fixed 1.5× halved the need
// page's throughput once the catalog's heap had shrunk).
const (
	memHeadroom = 1.6
	memSlack    = 64 << 20
	memEvery    = 5 * time.Second
	memGCEvery  = 2 * time.Second
)

// memLimit returns the soft memory limit for a live heap of live bytes,
// other bytes of the runtime's memory that are not heap objects, and an
// allocation rate of rate bytes a second.
func memLimit(live, other, rate uint64) int64 {
	room := min(float64(rate)*memGCEvery.Seconds(), float64(live)*(memHeadroom-1))
	return int64(float64(live)+room) + int64(other) + memSlack
}

// followMemory keeps the soft memory limit at memLimit until ctx ends,
// unless GOMEMLIMIT is set.
func followMemory(ctx context.Context) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	defer debug.SetMemoryLimit(math.MaxInt64)
	names := []string{
		"/gc/heap/live:bytes", "/gc/heap/allocs:bytes", "/memory/classes/total:bytes",
		"/memory/classes/heap/released:bytes", "/memory/classes/heap/objects:bytes", "/memory/classes/heap/free:bytes",
	}
	sample := make([]metrics.Sample, len(names))
	for i, name := range names {
		sample[i].Name = name
	}
	t := time.NewTicker(memEvery)
	defer t.Stop()
	var lastAllocs uint64
	last := time.Now()
	for {
		metrics.Read(sample)
		now := time.Now()
		var v [6]uint64
		ok := true
		for i := range sample {
			if sample[i].Value.Kind() != metrics.KindUint64 {
				ok = false
				break
			}
			v[i] = sample[i].Value.Uint64()
		}
		if live, allocs := v[0], v[1]; ok && live > 0 {
			// Not heap objects, nor free pages (which the limit reclaims):
			// the unused parts of spans, metadata, stacks.
			other := v[2] - v[3] - v[4] - v[5]
			rate := uint64(math.MaxUint64 / 4) // before the first period: the most headroom
			if lastAllocs > 0 {
				rate = uint64(float64(allocs-lastAllocs) / max(now.Sub(last).Seconds(), 0.001))
			}
			debug.SetMemoryLimit(memLimit(live, other, rate))
			lastAllocs, last = allocs, now
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
