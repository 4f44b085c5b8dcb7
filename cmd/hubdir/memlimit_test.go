package main

import "testing"

// TestMemLimit: an idle server's limit is its live heap plus the memory
// that is not heap objects plus the slack; a busy one's grows with the rate of allocation up to memHeadroom times
// the live heap.
func TestMemLimit(t *testing.T) {
	const mb = 1 << 20
	live := uint64(300 * mb)
	if got := memLimit(live, 50*mb, 0); got != int64(live)+50*mb+memSlack {
		t.Errorf("idle: %d MB", got/mb)
	}
	if got, want := memLimit(live, 50*mb, 10*mb), int64(live)+70*mb+memSlack; got != want {
		t.Errorf("10 MB/s: %d MB, want %d", got/mb, want/mb)
	}
	busy := memLimit(live, 50*mb, 2000*mb)
	if want := int64(float64(live)*memHeadroom) + 50*mb + memSlack; busy != want {
		t.Errorf("2 GB/s: %d MB, want %d", busy/mb, want/mb)
	}
	prev := int64(0)
	for rate := uint64(0); rate < 400*mb; rate += 7 * mb {
		got := memLimit(live, 50*mb, rate)
		if got < prev || got > busy {
			t.Fatalf("%d MB/s: %d MB after %d MB", rate/mb, got/mb, prev/mb)
		}
		prev = got
	}
}
