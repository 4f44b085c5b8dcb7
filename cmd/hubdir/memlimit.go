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
// soft memory limit of memHeadroom times the live heap plus memSlack,
// following the live heap as it changes, so that the runtime collects
// before and returns memory beyond it to the system. GOMEMLIMIT, when set,
// is left to the runtime.
const (
	memHeadroom = 1.5
	memSlack    = 64 << 20
	memEvery    = 10 * time.Second
)

// followMemory keeps the soft memory limit at memHeadroom times the live
// heap until ctx ends, unless GOMEMLIMIT is set.
func followMemory(ctx context.Context) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	defer debug.SetMemoryLimit(math.MaxInt64)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	t := time.NewTicker(memEvery)
	defer t.Stop()
	for {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			if live := sample[0].Value.Uint64(); live > 0 {
				debug.SetMemoryLimit(int64(float64(live)*memHeadroom) + memSlack)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
