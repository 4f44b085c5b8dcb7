package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"hubdir/content/mongo"
)

// Bounds of the shutdown test.
const (
	startBound = 60 * time.Second // the binary starts, loads the sample and is ready
	exitBound  = 20 * time.Second // after SIGTERM (HUBDIR_SHUTDOWN_TIMEOUT is 10s)
)

// TestGracefulShutdown builds the binary, serves with the embedded store,
// sends SIGTERM while registrations of interest are in flight, and checks
// that the process exits 0 within exitBound and that every registration
// it acknowledged is in the store afterwards.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "hubdir")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	addr := freeAddr(t)
	base := "http://" + addr
	var logs lockedBuffer
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "HUBDIR_DATA="+data, "HUBDIR_ADDR="+addr, "MONGODB_URI=",
		"HUBDIR_INTEREST_RATE=-1", "HUBDIR_API_RATE=-1", "HUBDIR_SHUTDOWN_TIMEOUT=10s")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// exited is closed when the process has exited, with waitErr set.
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill() // an error when it has exited already
		<-exited
	})

	client := &http.Client{Timeout: 30 * time.Second}
	if err := waitReady(client, base, exited); err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	need := openNeedOf(t, client, base)

	// Writers register until the server stops answering; after the first
	// acknowledgements, SIGTERM.
	type ack struct{ email, ref string }
	var mu sync.Mutex
	var acks []ack
	ackCount := make(chan struct{}, 1000)
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				email := fmt.Sprintf("shutdown-%d-%d@example.com", w, i)
				status, ref, err := register(client, base, need, email)
				if err != nil {
					return // refused or cut: the server is going away
				}
				if status == http.StatusCreated {
					mu.Lock()
					acks = append(acks, ack{email, ref})
					mu.Unlock()
					select {
					case ackCount <- struct{}{}:
					default:
					}
				} else if status != http.StatusServiceUnavailable {
					t.Errorf("registration %s: status %d", email, status)
					return
				}
			}
		}()
	}
	for range 20 {
		select {
		case <-ackCount:
		case <-exited:
			t.Fatalf("the server exited under load: %v\n%s", waitErr, logs.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	select {
	case <-exited:
		if waitErr != nil {
			t.Errorf("exit after SIGTERM: %v, want status 0\n%s", waitErr, logs.String())
		}
		t.Logf("exited %v after SIGTERM", time.Since(sent).Round(time.Millisecond))
	case <-time.After(exitBound):
		t.Fatalf("still running %v after SIGTERM\n%s", exitBound, logs.String())
	}
	wg.Wait()

	// Every acknowledged registration is in the store.
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
	if len(acks) < 20 {
		t.Fatalf("only %d registrations acknowledged", len(acks))
	}
	for _, a := range acks {
		in, err := st.Interest(ctx, a.ref)
		if err != nil || in.Email != a.email {
			t.Errorf("acknowledged %s (%s) is not stored: %v", a.ref, a.email, err)
		}
	}
	t.Logf("%d acknowledged registrations, all stored", len(acks))
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitReady polls /readyz until it answers 200, the process exits or
// startBound passes.
func waitReady(client *http.Client, base string, exited <-chan struct{}) error {
	deadline := time.Now().Add(startBound)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return errors.New("the server exited at start-up")
		default:
		}
		if res, err := client.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("the server was not ready in time")
}

// openNeedOf returns the reference of a need open for interest, from the API.
func openNeedOf(t *testing.T, client *http.Client, base string) string {
	t.Helper()
	res, err := client.Get(base + "/api/v1/needs?per_page=100")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list struct {
		Items []struct {
			Ref    string `json:"ref"`
			Status string `json:"status"`
		} `json:"items"`
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	for _, n := range list.Items {
		if n.Status == "published" {
			return n.Ref
		}
	}
	t.Fatal("no open need")
	return ""
}

// register posts one registration of interest and returns the status and
// reference; err is set when no answer came (refused or cut connection).
func register(client *http.Client, base, need, email string) (int, string, error) {
	body, _ := json.Marshal(map[string]any{
		"company":      map[string]string{"name": "Shutdown Test Co", "registration": "14006789012", "country": "IR"},
		"contact_name": "Sara Ahmadi",
		"email":        email,
		"phone":        "+98 41 3333 4444",
		"answers": map[string]string{
			"offer":    "We build industrial vision systems for quality control.",
			"fit":      "Our products have run on three production lines since 2021.",
			"proposal": "A pilot installation followed by a licence agreement.",
		},
		"consent": true,
	})
	res, err := client.Post(base+"/api/v1/needs/"+need+"/interests", "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	var v struct {
		Ref string `json:"ref"`
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, "", err
	}
	json.Unmarshal(b, &v)
	return res.StatusCode, v.Ref, nil
}

// lockedBuffer is a bytes.Buffer safe for the process's output copier and
// the test to use at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
