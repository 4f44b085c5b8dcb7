package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/sample"
)

// TestEventsSurviveKill9 builds the binary, serves, registers interests
// from several writers and kills the process (SIGKILL) while they are in
// flight: some writes are then stored with their event still pending in
// the document. It serves again on the same data: the restarted process
// relays what was pending, and every stored interest has exactly one
// interest.received event in the log, none twice, none pending.
func TestEventsSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "hubdir")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	addr, storeAddr := freeAddr(t), freeAddr(t)
	base := "http://" + addr
	start := func() (*exec.Cmd, <-chan struct{}, *lockedBuffer) {
		var logs lockedBuffer
		cmd := exec.Command(bin, "serve")
		cmd.Env = append(os.Environ(), "HUBDIR_DATA="+data, "HUBDIR_ADDR="+addr, "MONGODB_URI=",
			"HUBDIR_EMBEDDED_ADDR="+storeAddr, "HUBDIR_INTEREST_RATE=-1", "HUBDIR_API_RATE=-1")
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		t.Cleanup(func() { cmd.Process.Kill(); <-exited })
		return cmd, exited, &logs
	}
	client := &http.Client{Timeout: 30 * time.Second}
	t.Cleanup(client.CloseIdleConnections)

	cmd, exited, logs := start()
	if err := waitReady(client, base, exited); err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	need := openNeedOf(t, client, base)
	var mu sync.Mutex
	acked := 0
	enough := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				status, _, err := register(client, base, need, fmt.Sprintf("kill-%d-%d@example.com", w, i))
				if err != nil {
					return
				}
				if status == http.StatusCreated {
					mu.Lock()
					if acked++; acked == 30 {
						close(enough)
					}
					mu.Unlock()
				}
			}
		}()
	}
	select {
	case <-enough:
	case <-time.After(startBound):
		t.Fatalf("too few registrations\n%s", logs.String())
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited
	wg.Wait()
	client.CloseIdleConnections()

	// What the kill left: stored writes whose event is still pending.
	ctx := context.Background()
	pendingAtKill := -1
	if emb, err := mongo.StartEmbedded(ctx, data, slog.New(slog.DiscardHandler)); err == nil {
		if st, err := mongo.Open(ctx, mongo.Config{URI: emb.URI(), Database: "hubdir", Logger: slog.New(slog.DiscardHandler)}); err == nil {
			pendingAtKill, _ = st.PendingEvents(ctx)
			st.Close(ctx)
		}
		emb.Close()
	}

	// The restart relays what the killed process left pending.
	_, exited, logs = start()
	if err := waitReady(client, base, exited); err != nil {
		t.Fatalf("restart: %v\n%s", err, logs.String())
	}
	st, err := mongo.Open(ctx, mongo.Config{URI: "mongodb://" + storeAddr + "/", Database: "hubdir", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	deadline := time.Now().Add(60 * time.Second)
	for {
		n, err := st.PendingEvents(ctx)
		if err == nil && n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d documents still hold pending events (%v)\n%s", n, err, logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	interests, err := st.Interests(ctx, content.InterestFilter{Need: need, Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	received := map[string]int{}
	seen := map[string]bool{}
	for after := int64(0); ; {
		evs, err := st.EventsAfter(ctx, after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			break
		}
		for _, e := range evs {
			if seen[e.ID] {
				t.Errorf("event %s twice", e.ID)
			}
			seen[e.ID] = true
			// The sample flows' interests (other needs, or other
			// addresses) have events of their own: count this need's.
			if e.Kind == content.EventInterestNew && e.Need == need {
				received[e.Ref]++
			}
			after = e.Seq
		}
	}
	if len(interests) < 30 {
		t.Fatalf("only %d interests stored", len(interests))
	}
	for _, i := range interests {
		if received[i.Ref] != 1 {
			t.Errorf("interest %s: %d interest.received events, want 1", i.Ref, received[i.Ref])
		}
	}
	if len(received) != len(interests) {
		t.Errorf("%d interests, events for %d", len(interests), len(received))
	}
	t.Logf("%d interests (%d acknowledged before the kill; %d documents with pending events after it), each with one event",
		len(interests), acked, pendingAtKill)
}

// TestSeedEvents checks the command line's write path: `hubdir seed`
// records one domain event per change with the command line as channel,
// left pending in the documents (the command does not relay); the next
// start relays each exactly once, however often recovery runs.
func TestSeedEvents(t *testing.T) {
	data := t.TempDir()
	if code, _, stderr := runIn(t, data, nil, "seed"); code != 0 {
		t.Fatalf("seed: exit %d: %s", code, stderr)
	}
	ctx := context.Background()
	emb, err := mongo.StartEmbedded(ctx, data, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Close()
	st, err := mongo.Open(ctx, mongo.Config{URI: emb.URI(), Database: "hubdir", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	pending, err := st.PendingEvents(ctx)
	if err != nil || pending == 0 {
		t.Fatalf("pending after seed: %d, %v", pending, err)
	}
	for range 2 { // a start-up, and another instance's
		if _, err := st.RecoverEvents(ctx); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := st.EventsAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	created := map[string]int{}
	for _, e := range evs {
		if e.Channel != content.ChannelCLI {
			t.Errorf("event %s: channel %q", e.ID, e.Channel)
		}
		if e.Kind == content.EventListingCreated {
			created[e.Ref]++
		}
	}
	for _, n := range snap.Needs {
		if created[n.Ref] != 1 {
			t.Errorf("need %s: %d created events, want 1", n.Ref, created[n.Ref])
		}
	}
	if len(snap.Needs) == 0 {
		t.Fatal("the sample has no needs")
	}
	if n, _ := st.PendingEvents(ctx); n != 0 {
		t.Errorf("%d documents still pending", n)
	}
	// The sample flows went through the workspace: their interests, each
	// with its one interest.received event, from the command line.
	flows := sample.SampleFlows()
	ins, err := st.Interests(ctx, content.InterestFilter{Limit: 100})
	if err != nil || len(ins) != len(flows.Interests) {
		t.Fatalf("interests after seed: %d, %v; want the flows' %d", len(ins), err, len(flows.Interests))
	}
	received := 0
	for _, e := range evs {
		if e.Kind == content.EventInterestNew {
			received++
		}
	}
	if received != len(ins) {
		t.Errorf("%d interest.received events for %d interests", received, len(ins))
	}
	st.Close(ctx)
	emb.Close()
	// A second seed (and any later start) plays no flow again.
	if code, stdout, stderr := runIn(t, data, nil, "seed"); code != 0 || !strings.Contains(stdout, "nothing loaded") {
		t.Fatalf("second seed: exit %d: %s %s", code, stdout, stderr)
	}
	emb2, err := mongo.StartEmbedded(ctx, data, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer emb2.Close()
	st2, err := mongo.Open(ctx, mongo.Config{URI: emb2.URI(), Database: "hubdir", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close(ctx)
	if again, _ := st2.Interests(ctx, content.InterestFilter{Limit: 100}); len(again) != len(ins) {
		t.Errorf("after a second seed: %d interests, want %d", len(again), len(ins))
	}
}
