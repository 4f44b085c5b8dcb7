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
	"syscall"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content/mongo"
)

// buildBinary builds the hubdir binary into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hubdir")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// proc is one running hubdir process.
type proc struct {
	cmd    *exec.Cmd
	logs   *lockedBuffer
	exited chan struct{}
	err    error // set when exited is closed
}

// startServe starts `hubdir serve` on the data folder and address, with
// extra environment variables; it is killed when the test ends.
func startServe(t *testing.T, bin, data, addr string, env ...string) *proc {
	t.Helper()
	p := &proc{logs: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, "serve")
	p.cmd.Env = append(os.Environ(), "HUBDIR_DATA="+data, "HUBDIR_ADDR="+addr, "MONGODB_URI=",
		"HUBDIR_EMBEDDED_ADDR=", "HUBDIR_INTEREST_RATE=-1", "HUBDIR_API_RATE=-1")
	p.cmd.Env = append(p.cmd.Env, env...)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	return p
}

// TestSecondServeOnSameDataRefused: while one `hubdir serve` has the data
// folder open, a second one on the same HUBDIR_DATA exits with an error
// that names the folder's holder and HUBDIR_EMBEDDED_ADDR, and the first
// goes on serving.
func TestSecondServeOnSameDataRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	data := filepath.Join(t.TempDir(), "data")
	first := startServe(t, bin, data, freeAddr(t))
	base := "http://" + envOf(first.cmd.Env, "HUBDIR_ADDR")
	client := &http.Client{Timeout: 10 * time.Second}
	if err := waitReady(client, base, first.exited); err != nil {
		t.Fatalf("%v\n%s", err, first.logs.String())
	}
	second := startServe(t, bin, data, freeAddr(t))
	select {
	case <-second.exited:
	case <-time.After(startBound):
		t.Fatalf("the second serve is still running\n%s", second.logs.String())
	}
	if second.err == nil {
		t.Fatalf("the second serve exited 0\n%s", second.logs.String())
	}
	out := second.logs.String()
	for _, want := range []string{"in use by another process", fmt.Sprintf("pid %d", first.cmd.Process.Pid), "HUBDIR_EMBEDDED_ADDR"} {
		if !strings.Contains(out, want) {
			t.Errorf("the second serve's error does not say %q:\n%s", want, out)
		}
	}
	res, err := client.Get(base + "/readyz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the first serve stopped serving: %v", err)
	}
	res.Body.Close()
}

// envOf returns the last value of name in env.
func envOf(env []string, name string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == name {
			v = val
		}
	}
	return v
}

// TestWritesResumeAfterKill9: `hubdir serve` is killed with SIGKILL while
// registrations of interest are in flight, until it leaves lock documents
// behind (tried up to five times); after a restart on the same data, the
// next registration is stored (201) instead of waiting for those locks to
// turn stale (before: 503 after 15 s, for 30 s).
func TestWritesResumeAfterKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	data := filepath.Join(t.TempDir(), "data")
	client := &http.Client{Timeout: 30 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	var need string
	left := 0
	for try := 1; left == 0; try++ {
		if try > 5 {
			t.Skip("no kill -9 left a lock behind in five tries")
		}
		addr := freeAddr(t)
		p := startServe(t, bin, data, addr)
		base := "http://" + addr
		if err := waitReady(client, base, p.exited); err != nil {
			t.Fatalf("%v\n%s", err, p.logs.String())
		}
		if need == "" {
			need = openNeedOf(t, client, base)
		}
		var wg sync.WaitGroup
		acks := make(chan struct{}, 1<<16)
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					status, _, err := register(client, base, need, fmt.Sprintf("kill-%d-%d-%d@example.com", try, w, i))
					if err != nil {
						return
					}
					if status == http.StatusCreated {
						acks <- struct{}{}
					}
				}
			}()
		}
		for range 10 {
			<-acks
		}
		if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-p.exited
		wg.Wait()
		left = countLocks(t, data)
		t.Logf("try %d: %d lock documents left by the killed process", try, left)
	}

	addr := freeAddr(t)
	p := startServe(t, bin, data, addr)
	base := "http://" + addr
	if err := waitReady(client, base, p.exited); err != nil {
		t.Fatalf("%v\n%s", err, p.logs.String())
	}
	for i := range 3 {
		start := time.Now()
		status, ref, err := register(client, base, need, fmt.Sprintf("after-restart-%d@example.com", i))
		if err != nil || status != http.StatusCreated {
			t.Fatalf("registration %d after the restart: status %d, %v\n%s", i, status, err, p.logs.String())
		}
		t.Logf("registration %d after the restart: %s in %v", i, ref, time.Since(start).Round(time.Millisecond))
	}
}

// countLocks opens the embedded store of data (no process may hold it)
// and returns the number of lock documents in it.
func countLocks(t *testing.T, data string) int {
	t.Helper()
	ctx := context.Background()
	emb, err := mongo.StartEmbedded(ctx, data, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Close()
	c, err := mdb.Connect(options.Client().ApplyURI(emb.URI()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(ctx)
	n, err := c.Database("hubdir").Collection("locks").CountDocuments(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}
