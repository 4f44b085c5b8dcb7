package notify_test

import (
	"context"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/notify"
)

// headLog is a fakeLog that tells its head and prunes, counting reads.
type headLog struct {
	fakeLog
	head   int64
	reads  int
	pruned []int64 // upTo of each PruneEvents
	before []time.Time
}

func (l *headLog) EventsAfter(ctx context.Context, after int64, limit int) ([]*content.Event, error) {
	l.reads++
	return l.fakeLog.EventsAfter(ctx, after, limit)
}

func (l *headLog) LastEventSeq(context.Context) (int64, error) { return l.head, nil }

func (l *headLog) PruneEvents(_ context.Context, upTo int64, before time.Time) (int, error) {
	l.pruned, l.before = append(l.pruned, upTo), append(l.before, before)
	return 0, nil
}

// TestNotifierReadsLogWhenNew: with a log that tells its head, a poll
// reads the log only when the head is past the cursor (an event not yet
// handled or settled), or when it has not read it for 30 s (the head may
// lag); each new event is still handled once.
func TestNotifierReadsLogWhenNew(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)
	log, src := &headLog{}, fixture(now)
	n, st := newNotifier(t, log, src, now)
	n.Now = func() time.Time { return now }
	poll := func(wantReads int, what string) {
		t.Helper()
		if _, err := n.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		if log.reads != wantReads {
			t.Fatalf("%s: %d reads of the log, want %d", what, log.reads, wantReads)
		}
	}
	poll(1, "first poll")
	poll(1, "nothing new")
	log.add(&content.Event{ID: "i", Seq: 1, Kind: content.EventInterestNew, At: now, Ref: "EOI-26-00001"})
	log.head = 1
	poll(2, "a new event")
	msgs, _ := st.Messages(ctx, "", nil, 0)
	if len(msgs) == 0 {
		t.Fatal("the new event made no message")
	}
	poll(3, "the event not settled yet")
	now = now.Add(2 * time.Minute)
	poll(4, "the event settles: the cursor passes it")
	if seq, _, _ := st.Mark(ctx, "events"); seq != 1 {
		t.Fatalf("cursor %d, want 1", seq)
	}
	poll(4, "nothing new after it settled")
	// An event the head does not show yet is read within 30 s.
	log.add(&content.Event{ID: "j", Seq: 2, Kind: content.EventInterestNew, At: now, Ref: "EOI-26-00001"})
	poll(4, "a new event behind a lagging head")
	now = now.Add(31 * time.Second)
	poll(5, "30 s without a read")
	if again, _ := st.Messages(ctx, "", nil, 0); len(again) <= len(msgs) {
		t.Error("the event behind the lagging head made no message")
	}
}

// TestNotifierPrunes: once an hour the notifier asks the log to delete
// the events past its cursor that are older than 30 days; never before
// its cursor exists.
func TestNotifierPrunes(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)
	log, src := &headLog{}, fixture(now)
	n, st := newNotifier(t, log, src, now)
	n.Now = func() time.Time { return now }
	if err := notify.Prune(ctx, n); err != nil || len(log.pruned) != 0 {
		t.Fatalf("pruned without a cursor: %v %v", log.pruned, err)
	}
	if err := st.SetMark(ctx, "events", 41, ""); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	notify.Prune(ctx, n)
	notify.Prune(ctx, n) // within the hour: nothing
	now = now.Add(time.Hour)
	notify.Prune(ctx, n)
	if len(log.pruned) != 2 || log.pruned[0] != 41 || !log.before[1].Equal(now.Add(-30*24*time.Hour)) {
		t.Errorf("prunes %v before %v", log.pruned, log.before)
	}
}
