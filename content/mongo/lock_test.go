package mongo_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
)

// deadProcess starts a process, kills it with SIGKILL and returns its id
// and start time as a lock document would have named it.
func deadProcess(t *testing.T) (int, string) {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Skipf("no sleep command: %v", err)
	}
	pid := cmd.Process.Pid
	start, ok := mongo.ProcStart(pid)
	if !ok {
		cmd.Process.Kill()
		cmd.Wait()
		t.Skip("no /proc: a dead holder is recognised by its lease only")
	}
	cmd.Process.Kill()
	cmd.Wait()
	return pid, start
}

// serialized returns a store that takes lock documents, or skips.
func serialized(t *testing.T) *mongo.Store {
	t.Helper()
	s := mongotest.Open(t)
	if !mongo.Serialized(s) {
		t.Skip("locks are FerretDB's only")
	}
	return s
}

// TestLockOfDeadProcessBrokenAtOnce: a lock document written by a process
// that was killed (its lease still running, as right after a kill -9) is
// taken over by the next writer instead of making it wait until it gives
// up (the issue: 503 after 15 s, for 30 s after a restart).
func TestLockOfDeadProcessBrokenAtOnce(t *testing.T) {
	s := serialized(t)
	ctx := context.Background()
	pid, start := deadProcess(t)
	if err := mongo.PlantLock(ctx, s, "needs/TR-26-0001", mongo.LockHolder{PID: pid, Start: start,
		Until: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// A process that reuses the id cannot keep the lock: the start time
	// names the process.
	if err := mongo.PlantLock(ctx, s, "needs/TR-26-0002", mongo.LockHolder{PID: os.Getpid(), Start: start + "1",
		Until: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"needs/TR-26-0001", "needs/TR-26-0002"} {
		// The bound is the writer's own wait (lockWait), not a timing
		// assertion: the old code answered ErrUnavailable here.
		unlock, err := mongo.TakeLock(ctx, s, name)
		if err != nil {
			t.Fatalf("%s: lock of a dead holder not taken over: %v", name, err)
		}
		unlock()
	}
}

// TestLockOfLiveProcessKept: a lock of a running process, within its
// lease, is waited for and never broken.
func TestLockOfLiveProcessKept(t *testing.T) {
	s := serialized(t)
	ctx := context.Background()
	start, ok := mongo.ProcStart(os.Getpid())
	if !ok {
		t.Skip("no /proc")
	}
	if err := mongo.PlantLock(ctx, s, "needs/TR-26-0003", mongo.LockHolder{PID: os.Getpid(), Start: start,
		Until: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// Another machine's process, within its lease, is not known dead.
	if err := mongo.PlantLock(ctx, s, "needs/TR-26-0004", mongo.LockHolder{PID: 1, Start: "1", ForeignNS: true,
		Until: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"needs/TR-26-0003", "needs/TR-26-0004"} {
		wctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		unlock, err := mongo.TakeLock(wctx, s, name)
		cancel()
		if err == nil {
			unlock()
			t.Fatalf("%s: a live holder's lock was taken", name)
		}
		if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, wctx.Err()) {
			t.Logf("%s: %v", name, err)
		}
	}
}

// TestLockLeaseRanOut: a lock of another machine's process whose lease
// ended is broken.
func TestLockLeaseRanOut(t *testing.T) {
	s := serialized(t)
	ctx := context.Background()
	if err := mongo.PlantLock(ctx, s, "needs/TR-26-0005", mongo.LockHolder{PID: 1, Start: "1", ForeignNS: true,
		Until: time.Now().Add(-time.Second)}); err != nil {
		t.Fatal(err)
	}
	unlock, err := mongo.TakeLock(ctx, s, "needs/TR-26-0005")
	if err != nil {
		t.Fatalf("lock with an ended lease not taken over: %v", err)
	}
	unlock()
}

// TestLockLeaseRenewedWhileHeld: a lock held longer than the renewal
// period has its lease pushed forward, so a long write keeps its lock.
func TestLockLeaseRenewedWhileHeld(t *testing.T) {
	if testing.Short() {
		t.Skip("holds a lock for 2.5 s")
	}
	s := serialized(t)
	ctx := context.Background()
	unlock, err := mongo.TakeLock(ctx, s, "needs/TR-26-0006")
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	first, err := mongo.LockUntil(ctx, s, "needs/TR-26-0006")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2500 * time.Millisecond)
	later, err := mongo.LockUntil(ctx, s, "needs/TR-26-0006")
	if err != nil {
		t.Fatal(err)
	}
	if !later.After(first.Add(time.Second)) {
		t.Errorf("lease not renewed: %v then %v", first, later)
	}
}
