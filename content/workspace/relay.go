package workspace

import (
	"context"
	"runtime/trace"
	"time"
)

// settlePoll is how often Settled looks at the queue.
const settlePoll = 5 * time.Millisecond

// A firm's registration of interest or testing request (the writes a
// visitor makes at a rate) relays its event just after its answer instead
// of before it. The event is in the document already (committed with the write), so
// this changes when the event log has it, not whether: a relay that fails
// is retried by Run, and a process that stops before relaying leaves the
// event pending for Recover at the next start. On the embedded store a
// relay is several round trips under a document's lock, which a firm's
// registration waited for under load (docs/performance.md, issue 13).

// relayLater queues the relay of document kind/id's pending events for a
// goroutine of the service, started when the queue was empty.
func (w *Service) relayLater(kind, id string) {
	w.mu.Lock()
	w.later = append(w.later, docID{kind, id})
	start := !w.running
	w.running = true
	w.mu.Unlock()
	if start {
		go w.drainLater()
	}
}

// drainLater relays the queued documents until the queue is empty.
func (w *Service) drainLater() {
	for {
		w.mu.Lock()
		batch := w.later
		w.later = nil
		if len(batch) == 0 {
			w.running = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		for _, d := range batch {
			ctx, task := trace.NewTask(context.Background(), "relay later")
			trace.WithRegion(ctx, "relay later", func() { w.relay(ctx, d.kind, d.id) })
			task.End()
		}
	}
}

// Settled waits until the events of the public's writes queued so far
// have been relayed (or their relay failed and waits for Run), or ctx
// ends. For tests and for a clean shutdown.
func (w *Service) Settled(ctx context.Context) error {
	for {
		w.mu.Lock()
		idle := !w.running && len(w.later) == 0
		w.mu.Unlock()
		if idle {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(settlePoll):
		}
	}
}
